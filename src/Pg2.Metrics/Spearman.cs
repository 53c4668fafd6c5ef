using System.Numerics.Tensors;

namespace Pg2.Metrics;

/// <summary>
/// Spearman's rank correlation, <c>scipy.stats.spearmanr(truth, score).correlation</c>: the Pearson
/// correlation of the average ranks (tied values share their mean rank). NaN when a side is constant.
/// </summary>
public sealed class Spearman : IMetric
{
    // Ranking both columns in parallel pays once the sorts outweigh the task start-up.
    private const int ParallelThreshold = 50_000;

    /// <inheritdoc />
    public string Name => "spearman";

    /// <inheritdoc />
    public string Description => "Spearman rank correlation (average ranks for ties), scipy.stats.spearmanr";

    /// <summary>The Spearman correlation of two equally long columns; NaN if either is constant or n &lt; 2.</summary>
    public static double Compute(ReadOnlySpan<double> truth, ReadOnlySpan<double> score)
    {
        Check.SameLength(truth, score);
        if (truth.Length < 2) return double.NaN;
        double[] rx, ry;
        if (truth.Length >= ParallelThreshold)
        {
            var t = truth.ToArray();
            var s = score.ToArray();
            double[]? a = null, b = null;
            Parallel.Invoke(() => a = Ranks.Average(t), () => b = Ranks.Average(s));
            rx = a!;
            ry = b!;
        }
        else
        {
            rx = Ranks.Average(truth);
            ry = Ranks.Average(score);
        }
        return OfRanks(rx, ry);
    }

    /// <inheritdoc />
    public MetricResult Compute(ScoringContext context)
    {
        if (context.Count < 2) return MetricResult.Undefined(Name, "fewer than 2 rows");
        var rx = Ranks.Average(context.Truth.Span);
        double r = OfRanks(rx, context.ScoreRanks);
        return double.IsNaN(r) ? MetricResult.Undefined(Name, Check.ConstantSide(context)) : new MetricResult(Name, r);
    }

    /// <summary>Pearson correlation of two rank vectors (each sums to n(n+1)/2); consumes <paramref name="rx"/>.</summary>
    internal static double OfRanks(double[] rx, ReadOnlySpan<double> ry)
    {
        int n = rx.Length;
        // Average ranks always sum to n(n+1)/2, so the mean is exact.
        double mean = (n + 1) / 2.0;
        var cy = new double[n];
        TensorPrimitives.Subtract(rx, mean, rx);
        TensorPrimitives.Subtract(ry, mean, cy);
        double sxx = TensorPrimitives.SumOfSquares<double>(rx);
        double syy = TensorPrimitives.SumOfSquares<double>(cy);
        if (sxx == 0 || syy == 0) return double.NaN;
        double r = TensorPrimitives.Dot<double>(rx, cy) / (Math.Sqrt(sxx) * Math.Sqrt(syy));
        return Math.Clamp(r, -1.0, 1.0);
    }
}
