using System.Security.Cryptography;
using System.Text;
using Pg2.Contracts;

namespace Pg2.Sdk.Weights;

/// <summary>
/// Model weights the user supplies (pg2 never downloads them): one folder per checkout, named by the
/// model's <c>location</c> hyper-parameter, under a weights directory: in a job, the <c>weights</c>
/// input channel (<c>ModelContext.Input</c>; a container's read-only <c>/opt/ml/input/data/weights</c>);
/// outside one, <see cref="DefaultDirectory"/>. A folder's digest pins it: see <see cref="Digest"/>.
/// </summary>
public static class WeightsStore
{
    /// <summary>The input channel engines pass weights on.</summary>
    public const string Channel = "weights";

    /// <summary>Environment variable overriding the default weights directory.</summary>
    public const string DirectoryVariable = "PG2_WEIGHTS";

    /// <summary>The weights directory outside a job: <c>PG2_WEIGHTS</c>, else under the XDG data directory.</summary>
    public static string DefaultDirectory(Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        if (variable(DirectoryVariable) is { Length: > 0 } explicitDir) return Path.GetFullPath(explicitDir);
        var data = variable("XDG_DATA_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "pg2", "weights");
    }

    /// <summary>The folder of <paramref name="location"/> (a plain name: no separators) under <paramref name="directory"/>; it must exist.</summary>
    public static string Resolve(string location, string directory, string where)
    {
        SafeName.Check(location, $"{where}: weights location");
        var folder = Path.Combine(directory, location);
        if (!Directory.Exists(folder))
            throw new InvalidInputException(
                $"{where}: weights '{location}' not found in {directory} (bring them with 'pg2 weights add <folder> --name {location}'; pg2 never downloads weights)",
                ExitCodes.FileNotFound);
        return folder;
    }

    /// <summary>
    /// The folder's digest, <c>sha256:&lt;hex&gt;</c>: SHA-256 of the <c>sha256sum</c>-style listing
    /// "<c>&lt;file sha256&gt;  &lt;relative path&gt;\n</c>" of its files (sorted by ordinal path; names
    /// starting with '.' left out), so renaming, adding or changing any file changes it.
    /// </summary>
    public static string Digest(string folder) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Listing(folder))));

    /// <summary>The listing <see cref="Digest"/> hashes (one line per file).</summary>
    public static string Listing(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(r => !r.Split('/').Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new InvalidInputException($"weights folder {folder} holds no files");
        var text = new StringBuilder();
        foreach (var relative in files)
        {
            using var stream = new FileStream(Path.Combine(folder, relative), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            text.Append(Convert.ToHexStringLower(SHA256.HashData(stream))).Append("  ").Append(relative).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="directory"/> as <paramref name="name"/>
    /// (staged, then renamed, so a half copy is never seen) and returns its digest. An existing
    /// folder of that name with other contents is an error; with the same digest it is kept.
    /// </summary>
    public static string Add(string source, string name, string directory)
    {
        SafeName.Check(name, "weights name");
        if (!Directory.Exists(source)) throw new InvalidInputException($"weights folder {source} does not exist", ExitCodes.FileNotFound);
        var digest = Digest(source);
        var target = Path.Combine(directory, name);
        if (Directory.Exists(target))
        {
            var existing = Digest(target);
            return existing == digest ? digest
                : throw new InvalidInputException($"weights '{name}' already exist in {directory} with digest {existing}, not {digest}; remove that folder first");
        }
        Directory.CreateDirectory(directory);
        var staging = Path.Combine(directory, $".{name}.{Environment.ProcessId}.partial");
        try
        {
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(source, file);
                var to = Path.Combine(staging, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }
            var copied = Digest(staging);
            if (copied != digest) throw new InvalidInputException($"weights folder {source} changed while it was copied (digest {digest}, then {copied})");
            Directory.Move(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
        return digest;
    }
}
