namespace Pg2.Contracts;

/// <summary>
/// Text from an input (a cell, a header, a name) as an error message shows it. Messages are one line
/// (<see cref="InvalidInputException"/>), and a quoted CSV cell or a TOML string may hold line breaks.
/// </summary>
public static class MessageText
{
    /// <summary><paramref name="text"/> on one line (line breaks become spaces), cut to <paramref name="max"/> characters.</summary>
    public static string Shown(ReadOnlySpan<char> text, int max = 40)
    {
        max = Math.Max(max, 4);
        return (text.Length <= max ? text.ToString() : string.Concat(text[..(max - 3)], "...")).ReplaceLineEndings(" ");
    }
}
