using System.Globalization;
using Pg2.Contracts;

namespace Pg2.Datasets.Mutations;

/// <summary>
/// One amino-acid substitution <c>&lt;wild&gt;&lt;position&gt;&lt;mutant&gt;</c>, e.g. <c>H24C</c>; the position is a
/// residue number in the reference's numbering (see <see cref="Mutant.Apply"/> for the offset).
/// </summary>
/// <param name="Wild">Wild-type residue letter.</param>
/// <param name="Position">Residue number.</param>
/// <param name="Mutant">Substituted residue letter.</param>
public readonly record struct Substitution(char Wild, int Position, char Mutant)
{
    /// <summary>The letters a substitution may use: the 20 standard amino acids, upper case.</summary>
    public const string Letters = "ACDEFGHIKLMNPQRSTVWY";

    /// <summary>
    /// Parses <c>H24C</c> as the original does (<c>wt = s[0]</c>, <c>pos = int(s[1:-1])</c>, <c>mt = s[-1]</c>),
    /// but strictly: both letters must be upper-case standard amino acids (<see cref="Letters"/>), since a
    /// model would otherwise reject (<c>H24Z</c>) or silently misread (<c>h24c</c>) them later;
    /// <paramref name="where"/> names the row in the error message.
    /// </summary>
    public static Substitution Parse(ReadOnlySpan<char> text, string? where = null)
    {
        text = text.Trim();
        if (!HasShape(text, out int position))
            throw new InvalidInputException(
                $"{Where(where)}'{text}' is not a substitution like 'H24C' (wild-type letter, residue number, mutant letter)");
        foreach (var c in (ReadOnlySpan<char>)[text[0], text[^1]])
        {
            if (Letters.Contains(c, StringComparison.Ordinal)) continue;
            throw new InvalidInputException(Letters.Contains(char.ToUpperInvariant(c), StringComparison.Ordinal)
                ? $"{Where(where)}'{text}': amino-acid letters must be upper case (write '{text.ToString().ToUpperInvariant()}')"
                : $"{Where(where)}'{text}': '{c}' is not one of the 20 amino-acid letters {Letters}");
        }
        return new Substitution(text[0], position, text[^1]);
    }

    /// <summary>Letter, residue number, letter (any case, any letter): the shape that tells mutation strings from sequences.</summary>
    internal static bool HasShape(ReadOnlySpan<char> text, out int position)
    {
        position = 0;
        return text.Length >= 3 && char.IsAsciiLetter(text[0]) && char.IsAsciiLetter(text[^1])
            && int.TryParse(text[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out position);
    }

    /// <summary>The substitution as text, e.g. <c>H24C</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Wild}{Position}{Mutant}");

    internal static string Where(string? where) => where is null ? "" : where + ": ";
}
