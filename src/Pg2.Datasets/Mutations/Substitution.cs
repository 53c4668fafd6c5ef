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
    /// <summary>
    /// Parses <c>H24C</c> as the original does (<c>wt = s[0]</c>, <c>pos = int(s[1:-1])</c>, <c>mt = s[-1]</c>);
    /// <paramref name="where"/> names the row in the error message.
    /// </summary>
    public static Substitution Parse(ReadOnlySpan<char> text, string? where = null)
    {
        text = text.Trim();
        if (text.Length < 3
            || !char.IsAsciiLetter(text[0]) || !char.IsAsciiLetter(text[^1])
            || !int.TryParse(text[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out int position))
            throw new InvalidInputException(
                $"{Where(where)}'{text}' is not a substitution like 'H24C' (wild-type letter, residue number, mutant letter)");
        return new Substitution(char.ToUpperInvariant(text[0]), position, char.ToUpperInvariant(text[^1]));
    }

    /// <summary>The substitution as text, e.g. <c>H24C</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Wild}{Position}{Mutant}");

    internal static string Where(string? where) => where is null ? "" : where + ": ";
}
