using System.Globalization;
using Pg2.Contracts;

namespace Pg2.Datasets.Alignments;

/// <summary>
/// How closely an alignment's focus sequence must match the assay's reference (<c>target_seq</c>).
/// ProteinGym ships alignments whose focus differs from <c>target_seq</c> at a position or two (a
/// polymorphism, a construct difference), so a few mismatches are accepted — at most
/// <see cref="MaxMismatches"/> positions and at most one in <see cref="ResiduesPerMismatch"/> of the
/// compared residues (one is always allowed) — and the reference's letters are the ones scored. More is a
/// wrong alignment or a wrong offset and is refused.
/// </summary>
public static class FocusMatch
{
    /// <summary>Most mismatching positions accepted, whatever the length.</summary>
    public const int MaxMismatches = 5;

    /// <summary>At most one mismatch per this many compared residues.</summary>
    public const int ResiduesPerMismatch = 20;

    /// <summary>Mismatches accepted over <paramref name="residues"/> compared residues.</summary>
    public static int Allowed(int residues) => Math.Clamp(residues / ResiduesPerMismatch, 1, MaxMismatches);

    /// <summary>
    /// Compares the focus (<paramref name="focus"/>, numbered from <paramref name="regionStart"/>) with
    /// <paramref name="reference"/> (numbered from <paramref name="offset"/>) and returns the mismatching
    /// positions as text (<c>residue 45: alignment K, reference R</c>); a focus that does not fit inside the
    /// reference, or more mismatches than <see cref="Allowed"/>, is an <see cref="InvalidInputException"/>
    /// starting with <paramref name="what"/>.
    /// </summary>
    public static IReadOnlyList<string> Check(string focus, int regionStart, string reference, int offset, string what)
    {
        ArgumentNullException.ThrowIfNull(focus);
        ArgumentNullException.ThrowIfNull(reference);
        int start = regionStart - offset;
        if (start < 0 || start + focus.Length > reference.Length)
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: focus ({focus.Length} residues from residue {regionStart}) does not fit inside the reference (residues {offset}..{offset + reference.Length - 1})"));
        var mismatches = new List<string>();
        for (int i = 0; i < focus.Length; i++)
            if (char.ToUpperInvariant(focus[i]) != char.ToUpperInvariant(reference[start + i]))
                mismatches.Add(Describe(regionStart + i, focus[i], reference[start + i]));
        Refuse(mismatches, focus.Length, what);
        return mismatches;
    }

    /// <summary>One mismatch as text.</summary>
    internal static string Describe(int residue, char alignment, char reference) =>
        string.Create(CultureInfo.InvariantCulture, $"residue {residue}: alignment {char.ToUpperInvariant(alignment)}, reference {char.ToUpperInvariant(reference)}");

    /// <summary>Throws when <paramref name="mismatches"/> are more than <see cref="Allowed"/> for <paramref name="residues"/>.</summary>
    internal static void Refuse(IReadOnlyList<string> mismatches, int residues, string what)
    {
        int allowed = Allowed(residues);
        if (mismatches.Count <= allowed) return;
        throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
            $"{what}: focus sequence differs from the reference at {mismatches.Count} of {residues} residues (at most {allowed} accepted; first: {mismatches[0]}); check the alignment's focus record, its start-end region and the reference offset"));
    }
}
