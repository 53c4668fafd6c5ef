using Pg2.Datasets.Alignments;

namespace Pg2.Models.Evmutation;

/// <summary>What preprocessing hands to prediction: the alignment and every row's substitutions at its sites.</summary>
/// <param name="Alignment">The dataset's alignment (focus = reference).</param>
/// <param name="Variants">Per row, the substitutions at focus sites.</param>
internal sealed record AlignmentVariants(Alignment Alignment, SiteChanges[] Variants);
