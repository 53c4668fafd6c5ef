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
        var cx = new double[n];
        var cy = new double[n];
        TensorPrimitives.Subtract(truth, TensorPrimitives.Sum(truth) / n, cx);
        TensorPrimitives.Subtract(score, TensorPrimitives.Sum(score) / n, cy);
        double nx = TensorPrimitives.Norm<double>(cx), ny = TensorPrimitives.Norm<double>(cy);
        double r = TensorPrimitives.Dot<double>(cx, cy) / (nx * ny);
        return Math.Clamp(r, -1.0, 1.0);
    }

    /// <inheritdoc />
    public MetricResult Compute(ScoringContext context)
    {
        if (context.Count < 2) return MetricResult.Undefined(Name, "fewer than 2 rows");
        double r = Compute(context.Truth.Span, context.Score.Span);
        return double.IsNaN(r) ? MetricResult.Undefined(Name, Check.ConstantSide(context)) : new MetricResult(Name, r);
    }
}
