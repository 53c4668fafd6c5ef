using System.Numerics.Tensors;

namespace Pg2.Metrics;

/// <summary>Pearson's linear correlation, <c>scipy.stats.pearsonr(truth, score)[0]</c>. NaN when a side is constant.</summary>
public sealed class Pearson : IMetric
{
    /// <inheritdoc />
    public string Name => "pearson";

    /// <inheritdoc />
    public string Description => "Pearson linear correlation, scipy.stats.pearsonr";

    /// <summary>The Pearson correlation; NaN if either column is constant or n &lt; 2.</summary>
    public static double Compute(ReadOnlySpan<double> truth, ReadOnlySpan<double> score)
    {
        Check.SameLength(truth, score);
        int n = truth.Length;
        if (n < 2 || Check.IsConstant(truth) || Check.IsConstant(score)) return double.NaN;
        // scipy returns the product of the signs of the two differences for n = 2.
        if (n == 2) return Math.Sign(truth[1] - truth[0]) * Math.Sign(score[1] - score[0]);
        double r = Correlation(truth, score);
        if (double.IsNaN(r))
        {
            // Values near ±1.8e308 overflow the sums; the correlation is scale-free, so shrink both sides.
            var tx = new double[n];
            var ty = new double[n];
            TensorPrimitives.Divide(truth, TensorPrimitives.MaxMagnitude(truth), tx);
            TensorPrimitives.Divide(score, TensorPrimitives.MaxMagnitude(score), ty);
            r = Correlation(tx, ty);
        }
        return Math.Clamp(r, -1.0, 1.0);
    }

    private static double Correlation(ReadOnlySpan<double> truth, ReadOnlySpan<double> score)
    {
        int n = truth.Length;
        var cx = new double[n];
        var cy = new double[n];
        TensorPrimitives.Subtract(truth, TensorPrimitives.Sum(truth) / n, cx);
        TensorPrimitives.Subtract(score, TensorPrimitives.Sum(score) / n, cy);
        double nx = TensorPrimitives.Norm<double>(cx), ny = TensorPrimitives.Norm<double>(cy);
        double dot = TensorPrimitives.Dot<double>(cx, cy);
        // An overflowed sum would give 0 or NaN silently: report NaN so the caller rescales.
        return double.IsFinite(nx * ny) && double.IsFinite(dot) ? dot / (nx * ny) : double.NaN;
    }

    /// <inheritdoc />
    public MetricResult Compute(ScoringContext context)
    {
        if (context.Count < 2) return MetricResult.Undefined(Name, "fewer than 2 rows");
        double r = Compute(context.Truth.Span, context.Score.Span);
        return double.IsNaN(r) ? MetricResult.Undefined(Name, Check.ConstantSide(context)) : new MetricResult(Name, r);
    }
}
