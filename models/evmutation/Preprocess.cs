using Pg2.Datasets;
using Pg2.Datasets.Alignments;
using Pg2.Sdk;
using Pg2.Contracts;

namespace Pg2.Models.Evmutation;

/// <summary>
/// EVmutation as a pg2 zero-shot model: a Potts model fitted to the dataset's alignment by plmc's weighted
/// pseudo-likelihood, each variant scored by its energy change ΔE from the wild type.
/// </summary>
internal sealed partial class EvmutationModel : IZeroShotModel<AlignmentVariants>
{
    /// <summary>
    /// Reads the alignment from the dataset (<c>msa_meta</c>), checks its focus against the target's reference
    /// sequence and places each row's substitutions on the focus sites.
    /// </summary>
    public AlignmentVariants Preprocess(ModelContext context, ModelRows rows) => MapRows(context, rows);

    /// <summary>The preprocessing shared with tests: alignment + reference → per-row site changes.</summary>
    internal static AlignmentVariants MapRows(ModelContext context, ModelRows rows)
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
