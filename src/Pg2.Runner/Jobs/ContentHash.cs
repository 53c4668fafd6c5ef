using System.Security.Cryptography;
using System.Text;

namespace Pg2.Runner.Jobs;

/// <summary>SHA-256 of files and strings, hex, as the cache keys use them.</summary>
internal static class ContentHash
{
    /// <summary>Hash of a file's bytes (streamed).</summary>
    public static string OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Hash of UTF-8 text.</summary>
    public static string OfText(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
