using Pg2.Datasets;
using Pg2.Datasets.Alignments;
using Pg2.Sdk;
using Pg2.Contracts;

namespace Pg2.Models.SiteIndependent;

/// <summary>What preprocessing hands to prediction: the alignment and every row's substitutions at its sites.</summary>
/// <param name="Alignment">The dataset's alignment (focus = reference).</param>
/// <param name="Variants">Per row, the substitutions at focus sites.</param>
internal sealed record AlignmentVariants(Alignment Alignment, SiteChanges[] Variants);

/// <summary>
/// The site-independent zero-shot model: per-site fields fitted to the alignment's weighted residue
/// frequencies; a variant scores Σ x_i(mt) − x_i(wt).
/// </summary>
internal sealed partial class SiteIndependentModel : IZeroShotModel<AlignmentVariants>
{
    /// <summary>
    /// Reads the alignment from the dataset (<c>msa_meta</c>), checks its focus against the target's reference
    /// sequence and places each row's substitutions on the focus sites.
    /// </summary>
    public AlignmentVariants Preprocess(ModelContext context, ModelRows rows)
    {
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
