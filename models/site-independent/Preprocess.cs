using Pg2.Sdk;
using Pg2.Sdk.Alignments;

namespace Pg2.Models.SiteIndependent;

/// <summary>
/// The site-independent zero-shot model: per-site fields fitted to the alignment's weighted residue
/// frequencies; a variant scores Σ x_i(mt) − x_i(wt).
/// </summary>
internal sealed partial class SiteIndependentModel : IZeroShotModel<AlignmentVariants>
{
    /// <summary>The SDK's alignment preprocessing: each row's substitutions on the alignment's focus sites.</summary>
    public AlignmentVariants Preprocess(ModelContext context, ModelRows rows) => AlignmentVariants.Of(context, rows);
}
