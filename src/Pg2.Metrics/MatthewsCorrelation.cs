namespace Pg2.Metrics;

/// <summary>
/// Matthews correlation coefficient as ProteinGym reports it: the score is binarised at its median
/// (score ≥ median → 1) and compared with the 0/1 labels by <c>sklearn.metrics.matthews_corrcoef</c>,
/// which returns 0 when the denominator is 0.
/// </summary>
public sealed class MatthewsCorrelation : IMetric
{
    /// <inheritdoc />
    public string Name => "mcc";

    /// <inheritdoc />
    public bool NeedsLabels => true;

    /// <inheritdoc />
    public string Description => "Matthews correlation of labels vs prediction binarised at its median (score >= median -> 1)";

    /// <summary>MCC of <paramref name="labels"/> against <paramref name="score"/> ≥ median(score).</summary>
    public static double Compute(ReadOnlySpan<double> labels, ReadOnlySpan<double> score)
    {
        Check.SameLength(labels, score);
        if (labels.IsEmpty) return double.NaN;
        var predicted = ScoringContext.Binarise(score, NumpyQuantile.Median(score));
        return OfBinary(labels, predicted);
    }

    /// <inheritdoc />
    public MetricResult Compute(ScoringContext context)
    {
        if (context.Count == 0) return MetricResult.Undefined(Name, "no rows");
        double mcc = Compute(context.Labels, context.Score.Span);
        string? warning = Check.IsConstant(context.Score.Span)
            ? "prediction is constant: all rows predicted 1, MCC is 0 by sklearn's convention"
            : Check.IsConstant(context.Labels)
                ? $"only one class in the labels ({context.LabelRule}): MCC is 0 by sklearn's convention"
                : null;
        return new MetricResult(Name, mcc, warning);
    }

    /// <summary>sklearn's confusion-matrix formula, kept operation for operation for bit-equal results.</summary>
    internal static double OfBinary(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted)
    {
        double tp = 0, tn = 0, fp = 0, fn = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            bool t = truth[i] == 1.0, p = predicted[i] == 1.0;
            if (t) { if (p) tp++; else fn++; }
            else { if (p) fp++; else tn++; }
        }
        // Row sums (truth classes 0, 1) and column sums (predicted classes 0, 1) of the confusion matrix.
        double t0 = tn + fp, t1 = fn + tp, p0 = tn + fn, p1 = fp + tp;
        double nCorrect = tn + tp;
        double nSamples = p0 + p1;
        double covYtYp = nCorrect * nSamples - (t0 * p0 + t1 * p1);
        double covYpYp = nSamples * nSamples - (p0 * p0 + p1 * p1);
        double covYtYt = nSamples * nSamples - (t0 * t0 + t1 * t1);
        if (covYpYp * covYtYt == 0) return 0.0;
        return covYtYp / Math.Sqrt(covYtYt * covYpYp);
    }
}
