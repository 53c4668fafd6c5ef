using Pg2.Sdk;
using Pg2.Sdk.Features;

namespace Pg2.Models.Pls;

/// <summary>PLS regression on one-hot encoded sequences (the pg2 reference supervised model, FORMATS.md §F.1).</summary>
public sealed partial class PlsModel : ISupervisedModel<OneHotMatrix>
{
    /// <summary>
    /// One-hot encodes the rows' sequences with the manifest's <c>aa_alphabet</c>. Sequences must all
    /// have the same length and only alphabet letters; anything else is an input error naming the row.
    /// </summary>
    public OneHotMatrix Preprocess(ModelContext context, ModelRows rows)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rows);
        return OneHotEncoder.FromHyperParameters(context.HyperParameters).Encode(rows.Sequences, rowLabel: rows.Label);
    }
}
