using System.Security.Cryptography;
using System.Text;

namespace Pg2.Engines.Images;

/// <summary>
/// Where a model's sources live and what they hash to. The hash covers the model folder and the
/// shared code every model is built with (src/Pg2.Sdk, src/Pg2.Datasets, src/Pg2.Contracts, the build props), so a
/// change to any of them rebuilds the model and invalidates its cached results.
/// </summary>
internal static class SourceTree
{
    static readonly string[] SharedFolders = ["src/Pg2.Sdk", "src/Pg2.Datasets", "src/Pg2.Contracts"];
    static readonly string[] SharedFiles = ["Directory.Build.props", "Directory.Packages.props", "global.json", "models/Directory.Build.props", "models/Dockerfile"];
    static readonly HashSet<string> Skipped = ["bin", "obj", ".git", "TestResults", ".vs", ".idea", "__pycache__", ".pytest_cache"];

    /// <summary>SHA-256 (hex) over relative paths and bytes of the model folder and the shared sources.</summary>
    public static string Hash(string modelFolder, string? root)
    {
        var files = new List<(string Key, string Path)>();
        // A model's tests/ folder is not part of its program (models/Directory.Build.props excludes it).
        Collect(modelFolder, "model/", files, skipTests: true);
        if (root is not null)
        {
            foreach (var f in SharedFolders)
                if (Directory.Exists(Path.Combine(root, f))) Collect(Path.Combine(root, f), f + "/", files);
            foreach (var f in SharedFiles)
                if (File.Exists(Path.Combine(root, f))) files.Add((f, Path.Combine(root, f)));
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (key, path) in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(key + "\n"));
            hash.AppendData(File.ReadAllBytes(path));
            hash.AppendData("\n"u8);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    static void Collect(string folder, string prefix, List<(string, string)> into, bool skipTests = false)
    {
        var stack = new Stack<string>();
        stack.Push(folder);
        while (stack.Count > 0)
        {
            var dir = stack.Pop();
            foreach (var sub in Directory.EnumerateDirectories(dir))
                if (!Skipped.Contains(Path.GetFileName(sub)) && !(skipTests && dir == folder && Path.GetFileName(sub) == "tests")) stack.Push(sub);
            foreach (var file in Directory.EnumerateFiles(dir))
                into.Add((prefix + Path.GetRelativePath(folder, file).Replace('\\', '/'), file));
        }
    }
}
