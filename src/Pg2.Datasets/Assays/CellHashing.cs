using System.IO.Hashing;

namespace Pg2.Datasets.Assays;

/// <summary>
/// Hash of a UTF-8 cell for the uniqueness rule: XXH3 with a seed drawn per process, so crafted archives
/// cannot aim for colliding rows (equal hashes are still compared byte by byte).
/// </summary>
internal static class CellHashing
{
    private static readonly long Seed = Random.Shared.NextInt64();

    public static int Hash(ReadOnlySpan<byte> utf8)
    {
        ulong h = XxHash3.HashToUInt64(utf8, Seed);
        return (int)h ^ (int)(h >> 32);
    }
}
