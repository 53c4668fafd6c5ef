using System.Globalization;
using Pg2.Contracts;

namespace Pg2.Datasets.Archives;

/// <summary>
/// The memory budget for reading one dataset archive: the most uncompressed bytes its entries may hold
/// (declared, and actually inflated). Memory while loading follows the inflated size (about two to three
/// times it), so the budget bounds it whatever the archive claims. Default <see cref="DefaultBytes"/>
/// (2 GiB, room for the largest ProteinGym assay with its alignment); set <see cref="Variable"/> to
/// change it, in bytes or with a unit (<c>512m</c>, <c>8g</c>).
/// </summary>
public static class ArchiveBudget
{
    /// <summary>The environment variable that sets the budget.</summary>
    public const string Variable = "PG2_MAX_ARCHIVE_BYTES";

    /// <summary>The budget when <see cref="Variable"/> is not set: 2 GiB.</summary>
    public const long DefaultBytes = 2L << 30;

    /// <summary>How to raise the budget, for messages.</summary>
    public static string Hint => $"set {Variable}, e.g. {Variable}=8g, to allow more";

    /// <summary>The budget in bytes: <see cref="Variable"/> when set, else <see cref="DefaultBytes"/>.</summary>
    public static long Bytes => Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Parses a budget (<c>1048576</c>, <c>512k</c>, <c>64m</c>, <c>8g</c>); null or empty gives the default.</summary>
    public static long Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return DefaultBytes;
        var t = text.Trim().ToLowerInvariant();
        int shift = t[^1] switch { 'k' => 10, 'm' => 20, 'g' => 30, 't' => 40, _ => 0 };
        if (shift > 0) t = t[..^1];
        if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n > 0 && n <= long.MaxValue >> shift)
            return n << shift;
        throw new InvalidInputException($"{Variable}='{text}': expected a positive size in bytes, or with a unit like 512m or 8g");
    }
}
