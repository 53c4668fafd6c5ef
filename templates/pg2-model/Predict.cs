using Pg2.Sdk;
#if (supervised)
using Pg2.Sdk.Features;
#endif

namespace Pg2Model._1;

public sealed partial class Model
{
#if (supervised)
    /// <summary>ŷ = intercept + the mean over positions of the effect of the residue there.</summary>
    public double[] Predict(ModelContext context, ModelParameters parameters, OneHotMatrix features)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(features);
        OneHotPositions.Require(parameters, features);
        double intercept = parameters.Scalar("intercept");
        var effects = parameters.Array("effects");
        int alphabet = features.AlphabetSize;
        var predictions = new double[features.RowCount];
        for (int row = 0; row < predictions.Length; row++)
        {
            var codes = features.RowCodes(row);
            double sum = intercept;
            for (int pos = 0; pos < codes.Length; pos++) sum += effects[pos * alphabet + codes[pos]];
            predictions[row] = sum;
        }
        return predictions;
    }
#else
    /// <summary>
    /// Score = −(number of positions where the variant differs from the wild type, plus any length
    /// difference); divided by the wild type's length when the hyper-parameter <c>normalise</c> is true.
    /// Higher = fitter, as the benchmark expects.
    /// </summary>
    public double[] Predict(ModelContext context, Variants features)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(features);
        bool normalise = context.HyperParameters.GetBoolean("normalise", false);
        var wildType = features.WildType.AsSpan();
        var scores = new double[features.Sequences.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            var variant = features.Sequences[i].AsSpan();
            int common = Math.Min(variant.Length, wildType.Length);
            // CommonPrefixLength is vectorised; jump from mismatch to mismatch.
            int changes = Math.Abs(variant.Length - wildType.Length);
            for (int pos = 0; pos < common; pos++)
            {
                int same = variant[pos..common].CommonPrefixLength(wildType[pos..common]);
                pos += same;
                if (pos < common) changes++;
            }
            scores[i] = normalise && wildType.Length > 0 ? -(double)changes / wildType.Length : -changes;
        }
        return scores;
    }
#endif
}
