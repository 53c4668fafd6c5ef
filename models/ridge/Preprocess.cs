using Pg2.Sdk;
using Pg2.Sdk.Features;

namespace Pg2.Models.Ridge;

/// <summary>
/// Ridge regression on one-hot encoded sequences: ProteinGym's "One-Hot Encodings" supervised
/// baseline (a linear model on one-hot features).
/// </summary>
public sealed partial class RidgeModel : ISupervisedModel<OneHotMatrix>
{
    /// <summary>One-hot encodes the rows' sequences with the manifest's <c>aa_alphabet</c> (equal lengths required).</summary>
    public OneHotMatrix Preprocess(ModelContext context, ModelRows rows)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rows);
        return OneHotEncoder.FromHyperParameters(context.HyperParameters).Encode(rows.Sequences, rowLabel: rows.Label);
    }
}
