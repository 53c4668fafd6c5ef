using System.Security.Cryptography;
using System.Text;
using Pg2.Datasets;
using Pg2.Datasets.Alignments;
using Pg2.Contracts;

namespace Pg2.Models.Evmutation;

/// <summary>
/// Fitted Potts parameters on disk, one file per (alignment, hyper-parameters, code version): the file name
/// is a SHA-256 of the alignment's records, the settings and <see cref="CodeVersion"/>, so a second scoring
/// run with the same inputs and the same build skips fitting.
/// </summary>
internal sealed class FittedModelCache(string directory)
{
    /// <summary>
    /// The code that shapes a fit: the module ids of this model, the SDK and the alignment reader. Builds are
    /// deterministic, so the same sources give the same ids and any change to them gives new keys.
    /// </summary>
    public static string CodeVersion { get; } = string.Join(",",
        new[] { typeof(FittedModelCache), typeof(Pg2.Sdk.ModelContext), typeof(Alignment) }
            .Select(t => t.Assembly.ManifestModule.ModuleVersionId.ToString("N")));

    /// <summary>The cache key of an alignment under given settings and this build of the code.</summary>
    public static string KeyOf(Alignment alignment, string fingerprint) => KeyOf(alignment, fingerprint, CodeVersion);

    /// <summary>The cache key of an alignment under given settings and code version.</summary>
    public static string KeyOf(Alignment alignment, string fingerprint, string codeVersion)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes("pg2-potts-v2\n" + fingerprint + "\n" + codeVersion + "\n"));
        for (int r = 0; r < alignment.Depth; r++)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(alignment.Ids[r]));
            hash.AppendData("\n"u8);
            hash.AppendData(Encoding.UTF8.GetBytes(alignment.Rows[r]));
            hash.AppendData("\n"u8);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    /// <summary>A short hash of precomputed weights for the key ("none" without).</summary>
    public static string HashOf(IReadOnlyList<double>? weights)
    {
        if (weights is null) return "none";
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes<double>(weights.ToArray());
        return Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
    }

    /// <summary>File of a key.</summary>
    public string PathOf(string key) => Path.Combine(directory, key + ".potts");

    /// <summary>Loads a cached model; an unreadable file counts as a miss.</summary>
    public bool TryLoad(string key, out PottsModel model)
    {
        model = null!;
        var path = PathOf(key);
        if (!File.Exists(path)) return false;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            model = PottsModel.Load(stream, path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidInputException)
        {
            return false;
        }
    }

    /// <summary>Saves atomically; returns the path, or null with the reason when the folder is not writable.</summary>
    public string? TrySave(string key, PottsModel model, out string? problem)
    {
        var path = PathOf(key);
        try
        {
            AtomicFile.Write(path, model.Save);
            problem = null;
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
            return null;
        }
    }
}
