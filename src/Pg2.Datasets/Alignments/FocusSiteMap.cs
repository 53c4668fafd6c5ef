using Pg2.Datasets.Mutations;
using Pg2.Contracts;

namespace Pg2.Datasets.Alignments;

/// <summary>
/// Places a reference sequence's variants on the sites of an alignment model: each substitution's residue
/// number (reference numbering, first residue = offset) is looked up among the sites' residue numbers.
/// On creation, every site inside the reference must hold the reference's residue, so a focus sequence that
/// is not the reference (or is numbered differently) is caught before anything is scored.
/// </summary>
public sealed class FocusSiteMap
{
    private readonly Dictionary<int, int> _siteOfResidue;

    /// <summary>Checks the sites against the reference and builds the map.</summary>
    /// <param name="residueNumbers">Residue number of each model site.</param>
    /// <param name="focusResidues">Focus residue (upper case) at each site.</param>
    /// <param name="reference">The target's reference (wild-type) sequence.</param>
    /// <param name="offset">Residue number of the reference's first character.</param>
    /// <param name="alignmentName">Names the alignment in errors.</param>
    public FocusSiteMap(IReadOnlyList<int> residueNumbers, string focusResidues, string reference, int offset,
        string alignmentName)
    {
        if (residueNumbers.Count != focusResidues.Length) throw new ArgumentException("one residue per site expected");
        _siteOfResidue = new Dictionary<int, int>(residueNumbers.Count);
        var mismatches = new List<string>();
        for (int i = 0; i < residueNumbers.Count; i++)
        {
            int r = residueNumbers[i];
            int k = r - offset;
            if ((uint)k < (uint)reference.Length && char.ToUpperInvariant(reference[k]) != char.ToUpperInvariant(focusResidues[i]))
                mismatches.Add(FocusMatch.Describe(r, focusResidues[i], reference[k]));
            _siteOfResidue[r] = i;
        }
        // A few mismatches are ProteinGym's own (a polymorphism); variants are then read on the reference's letters.
        FocusMatch.Refuse(mismatches, residueNumbers.Count, alignmentName);
        Mismatches = mismatches;
        Reference = reference;
        Offset = offset;
        SiteCount = residueNumbers.Count;
    }

    /// <summary>Sites where the focus differs from the reference (accepted: at most <see cref="FocusMatch.Allowed"/>).</summary>
    public IReadOnlyList<string> Mismatches { get; }

    /// <summary>The reference sequence.</summary>
    public string Reference { get; }

    /// <summary>Residue number of the reference's first character.</summary>
    public int Offset { get; }

    /// <summary>Number of model sites.</summary>
    public int SiteCount { get; }

    /// <summary>The site of residue number <paramref name="residueNumber"/>, or -1 when no site models it.</summary>
    public int SiteOf(int residueNumber) => _siteOfResidue.GetValueOrDefault(residueNumber, -1);

    /// <summary>
    /// The substitutions of a variant, from its mutation string when given (<c>H24C:G30D</c>) or else by comparing
    /// <paramref name="sequence"/> with the reference; checked against the reference (wild-type mismatch is an
    /// error naming <paramref name="where"/>). The reference itself has none.
    /// </summary>
    public IReadOnlyList<Substitution> SubstitutionsOf(string? mutant, string sequence, string where)
    {
        Mutant parsed;
        if (!string.IsNullOrWhiteSpace(mutant)) parsed = Mutant.Parse(mutant, where);
        else if (string.Equals(sequence, Reference, StringComparison.OrdinalIgnoreCase)) return [];
        else parsed = Mutant.FromVariant(Reference, sequence, Offset, where);
        parsed.Validate(Reference, Offset, where);
        return parsed.Substitutions;
    }

    /// <summary>
    /// Maps a batch of rows: mutation strings when present (<paramref name="mutants"/>, else null), else the
    /// full variant sequences; <paramref name="label"/> names row i in errors.
    /// </summary>
    public SiteChanges[] MapAll(IReadOnlyList<string> sequences, IReadOnlyList<string>? mutants, Func<int, string> label)
    {
        var result = new SiteChanges[sequences.Count];
        for (int i = 0; i < result.Length; i++)
        {
            string where = label(i);
            result[i] = Map(SubstitutionsOf(mutants?[i], sequences[i], where), where);
        }
        return result;
    }

    /// <summary>
    /// The modelled part of a variant: (site, residue index 0..19) for each substitution at a model site;
    /// substitutions elsewhere are left out and counted in <see cref="SiteChanges.Unmodelled"/>.
    /// A mutant residue outside the 20 amino acids is an error naming <paramref name="where"/>.
    /// </summary>
    public SiteChanges Map(IReadOnlyList<Substitution> substitutions, string where)
    {
        var changes = new List<(int Site, int Residue)>(substitutions.Count);
        int unmodelled = 0;
        foreach (var s in substitutions)
        {
            int residue = ProteinAlphabet.ResidueIndexOf(s.Mutant);
            if (residue < 0)
                throw new InvalidInputException($"{where}: mutant residue '{s.Mutant}' in {s} is not one of the 20 amino acids");
            int site = SiteOf(s.Position);
            if (site < 0) unmodelled++;
            else changes.Add((site, residue));
        }
        return new SiteChanges(changes.ToArray(), substitutions.Count, unmodelled);
    }
}

/// <summary>Scores of a batch of variants, with what was left out.</summary>
/// <param name="Scores">One score per variant.</param>
/// <param name="UnmodelledSubstitutions">Substitutions left out because no model site covers them.</param>
/// <param name="Imputed">Variants with no modelled substitution, given the mean score of the others.</param>
public sealed record VariantScores(double[] Scores, int UnmodelledSubstitutions, int Imputed)
{
    /// <summary>
    /// Scores every variant with <paramref name="score"/>. Unmodelled substitutions add nothing; a variant
    /// none of whose substitutions is modelled gets the mean score of the scored variants (ProteinGym fills
    /// missing zero-shot scores the same way), 0 if there are none; the reference itself scores 0 and does
    /// not enter the mean.
    /// </summary>
    public static VariantScores Compute(IReadOnlyList<SiteChanges> variants, Func<SiteChanges, double> score)
    {
        var scores = new double[variants.Count];
        int unmodelled = 0, imputed = 0, scored = 0;
        double sum = 0;
        for (int v = 0; v < variants.Count; v++)
        {
            var changes = variants[v];
            unmodelled += changes.Unmodelled;
            if (changes.Substitutions == 0) continue; // the reference: 0
            if (changes.NoneModelled)
            {
                imputed++;
                scores[v] = double.NaN;
                continue;
            }
            scores[v] = score(changes);
            sum += scores[v];
            scored++;
        }
        double mean = scored > 0 ? sum / scored : 0;
        for (int v = 0; v < scores.Length; v++)
            if (double.IsNaN(scores[v])) scores[v] = mean;
        return new VariantScores(scores, unmodelled, imputed);
    }
}

/// <summary>A variant's substitutions at model sites.</summary>
/// <param name="Changes">(site, residue index 0..19) of each modelled substitution.</param>
/// <param name="Substitutions">All substitutions of the variant.</param>
/// <param name="Unmodelled">Substitutions at residues no model site covers (left out of the score).</param>
public readonly record struct SiteChanges((int Site, int Residue)[] Changes, int Substitutions, int Unmodelled)
{
    /// <summary>True when the variant has substitutions but none at a model site: it cannot be scored.</summary>
    public bool NoneModelled => Substitutions > 0 && Changes.Length == 0;
}
