using Pg2.Sdk;
using Pg2.Sdk.Alignments;

namespace Pg2.Models.Evmutation;

/// <summary>
/// EVmutation as a pg2 zero-shot model: a Potts model fitted to the dataset's alignment by plmc's weighted
/// pseudo-likelihood, each variant scored by its energy change ΔE from the wild type.
/// </summary>
internal sealed partial class EvmutationModel : IZeroShotModel<AlignmentVariants>
{
    /// <summary>The SDK's alignment preprocessing: each row's substitutions on the alignment's focus sites.</summary>
    public AlignmentVariants Preprocess(ModelContext context, ModelRows rows) => AlignmentVariants.Of(context, rows);
}
