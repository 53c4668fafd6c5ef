using Pg2.Contracts;

namespace Pg2.Datasets.Mutations;

/// <summary>
/// A variant described by its substitutions against a reference: ProteinGym's <c>mutant</c> strings
/// (<c>H24C</c>, multi-mutants joined by <c>:</c> as in <c>H24C:G30D</c>).
/// The offset is the residue number of the reference's first character (1 in ProteinGym; 24 for the
/// seed <c>ranganathan</c> dataset whose reference starts at residue 24).
/// </summary>
public sealed class Mutant
{
    /// <summary>Creates a mutant from its substitutions (at least one).</summary>
    public Mutant(IReadOnlyList<Substitution> substitutions)
    {
        if (substitutions.Count == 0) throw new ArgumentException("a mutant needs at least one substitution", nameof(substitutions));
        Substitutions = substitutions;
    }

    /// <summary>The substitutions, in the order written.</summary>
    public IReadOnlyList<Substitution> Substitutions { get; }

    /// <summary>Parses <c>H24C</c> or <c>H24C:G30D</c>; <paramref name="where"/> names the row in errors.</summary>
    public static Mutant Parse(string text, string? where = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Length == 0)
            throw new InvalidInputException($"{Substitution.Where(where)}empty mutation string");
        var list = new List<Substitution>(1);
        foreach (var range in text.AsSpan().Split(':'))
        {
            var s = Substitution.Parse(text.AsSpan()[range], where);
            // Applying both would let the last one win silently; ProteinGym never writes such a mutant.
            foreach (var earlier in list)
                if (earlier.Position == s.Position)
                    throw new InvalidInputException(
                        $"{Substitution.Where(where)}'{text.Trim()}' changes residue {s.Position} twice ({earlier} and {s})");
            list.Add(s);
        }
        return new Mutant(list);
    }

    /// <summary>
    /// Whether <paramref name="text"/> has the shape of mutation strings (<c>H24C</c>, <c>h24c:G30D</c>, any letters):
    /// tells a column of mutants from one of sequences; <see cref="Parse"/> then checks it strictly.
    /// </summary>
    public static bool LooksLikeMutant(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Length == 0) return false;
        foreach (var range in text.AsSpan().Split(':'))
            if (!Substitution.HasShape(text.AsSpan()[range].Trim(), out _)) return false;
        return true;
    }

    /// <summary>
    /// The variant sequence: <paramref name="reference"/> with every substitution applied. A position outside
    /// the reference or a wild-type letter that differs from the reference is an error naming
    /// <paramref name="where"/>.
    /// </summary>
    public string Apply(string reference, int offset, string? where = null)
    {
        var chars = reference.ToCharArray();
        foreach (var s in Substitutions)
            chars[Check(s, reference, offset, where)] = s.Mutant;
        return new string(chars);
    }

    /// <summary>Checks every substitution against the reference (same errors as <see cref="Apply"/>).</summary>
    public void Validate(string reference, int offset, string? where = null)
    {
        foreach (var s in Substitutions) Check(s, reference, offset, where);
    }

    /// <summary>Whether every substitution's wild-type letter matches the reference at <paramref name="offset"/>.</summary>
    public bool Matches(string reference, int offset)
    {
        foreach (var s in Substitutions)
        {
            int i = s.Position - offset;
            if ((uint)i >= (uint)reference.Length || char.ToUpperInvariant(reference[i]) != s.Wild) return false;
        }
        return true;
    }

    /// <summary>
    /// The mutant that turns <paramref name="reference"/> into <paramref name="variant"/> (equal lengths; one
    /// substitution per differing position, in position order). Identical sequences or indels are an error.
    /// </summary>
    public static Mutant FromVariant(string reference, string variant, int offset, string? where = null)
    {
        if (reference.Length != variant.Length)
            throw new InvalidInputException(
                $"{Substitution.Where(where)}variant has {variant.Length} residues but the reference has {reference.Length} (indels are not supported)");
        var list = new List<Substitution>(1);
        for (int i = 0; i < reference.Length; i++)
            if (char.ToUpperInvariant(reference[i]) != char.ToUpperInvariant(variant[i]))
                list.Add(new Substitution(char.ToUpperInvariant(reference[i]), i + offset, char.ToUpperInvariant(variant[i])));
        if (list.Count == 0)
            throw new InvalidInputException($"{Substitution.Where(where)}variant equals the reference (no substitution)");
        return new Mutant(list);
    }

    /// <summary>The mutant as text, substitutions joined by <c>:</c>.</summary>
    public override string ToString() => string.Join(':', Substitutions);

    private static int Check(Substitution s, string reference, int offset, string? where)
    {
        int i = s.Position - offset;
        if ((uint)i >= (uint)reference.Length)
            throw new InvalidInputException(
                $"{Substitution.Where(where)}{s} is outside the reference (residues {offset}..{offset + reference.Length - 1})");
        if (char.ToUpperInvariant(reference[i]) != s.Wild)
            throw new InvalidInputException(
                $"{Substitution.Where(where)}{s}: the reference has '{reference[i]}' at residue {s.Position}, not '{s.Wild}'");
        return i;
    }
}
