namespace Pg2.Contracts;

/// <summary>
/// Names that become file names (a dataset's <c>name</c>, a model manifest's <c>name</c>; predictions go
/// to <c>{dataset}_{model}.csv</c>): ASCII letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, at most
/// <see cref="MaxLength"/> characters, not starting with <c>.</c>. No separators, so a name from a
/// stranger's archive can never point a file elsewhere.
/// </summary>
public static class SafeName
{
    /// <summary>Longest name accepted.</summary>
    public const int MaxLength = 100;

    /// <summary>The rule, for messages and docs.</summary>
    public const string Rule = "letters, digits, '-', '_' and '.', at most 100 characters, not starting with '.'";

    /// <summary>Whether <paramref name="name"/> follows the rule (the empty name does not).</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name[0] == '.') return false;
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')) return false;
        return true;
    }

    /// <summary>
    /// Returns <paramref name="name"/> when it follows the rule; else an <see cref="InvalidInputException"/>
    /// naming <paramref name="where"/> (file and field, e.g. <c>x.zip:manifest.toml: 'name'</c>).
    /// </summary>
    public static string Check(string name, string where) =>
        IsValid(name) ? name : throw new InvalidInputException($"{where} = '{Printable(name)}' is not a valid name: use {Rule}");

    /// <summary>The name with control characters escaped and cut short, so a message stays one line.</summary>
    private static string Printable(string name)
    {
        var cut = name.Length > MaxLength + 20 ? name[..(MaxLength + 20)] + "…" : name;
        return string.Concat(cut.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
    }
}
