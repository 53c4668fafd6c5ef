using Pg2.Contracts;
using Pg2.Datasets.Alignments;

namespace Pg2.Sdk.Alignments;

/// <summary>
/// What alignment-based models (EVmutation, the site-independent model) preprocess their rows into:
/// the dataset's alignment and every row's substitutions placed on the alignment's focus sites.
/// </summary>
/// <param name="Alignment">The dataset's alignment (focus = reference).</param>
/// <param name="Variants">Per row, the substitutions at focus sites.</param>
public sealed record AlignmentVariants(Alignment Alignment, SiteChanges[] Variants)
{
    /// <summary>
    /// Reads the alignment from the dataset (<c>msa_meta</c>), checks its focus against the target's reference
    /// sequence and places each row's substitutions on the focus sites.
    /// </summary>
    /// <exception cref="InvalidInputException">The dataset has no alignment, the target no reference sequence,
    /// or the focus disagrees with the reference (the message names the dataset and the row).</exception>
    public static AlignmentVariants Of(ModelContext context, ModelRows rows)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rows);
        var alignment = context.Dataset.Msa
            ?? throw new InvalidInputException(
                $"dataset '{context.Dataset.Name}' has no multiple sequence alignment (msa_meta); {context.Manifest.Name} needs one");
        var reference = context.Reference
            ?? throw new InvalidInputException(
                $"dataset '{context.Dataset.Name}', target '{context.Target}': no reference sequence (constants.sequence) to place variants on the alignment");
        var sites = FocusColumns.Of(alignment);
        var map = new FocusSiteMap(sites.ResidueNumbers, sites.Residues, reference.Sequence, reference.Offset,
            $"alignment of dataset '{context.Dataset.Name}' (focus {alignment.FocusId})");
        context.Log($"alignment: {alignment.Depth} sequences, {alignment.Width} columns, focus {alignment.FocusId}: {sites.Count} focus sites, residues {sites.ResidueNumbers[0]}..{sites.ResidueNumbers[^1]}; reference offset {reference.Offset}");
        return new AlignmentVariants(alignment, map.MapAll(rows.Sequences, rows.Mutants, rows.Label));
    }
}
