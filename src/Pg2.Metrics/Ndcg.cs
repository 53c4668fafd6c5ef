namespace Pg2.Metrics;

/// <summary>
/// Normalised discounted cumulative gain over the top 10 % (ProteinGym's <c>calc_ndcg</c>, defaults
/// <c>quantile=True, top=10</c>): k = ⌊n·10/100⌋, gains are the min–max scaled true values, the model's
/// ranking orders rows by descending score with ties kept in row order (earlier row ranks higher;
/// numpy's unstable argsort left them arbitrary), DCG = Σ gain/log2(rank+1) over rows ranked ≤ k,
/// divided by the same sum for the ideal ranking. 0 when no top-k row has a non-zero gain.
/// </summary>
public sealed class Ndcg : IMetric
{
    /// <summary>The top percentage of rows that count (ProteinGym's default 10).</summary>
    public const double TopPercent = 10;

    /// <inheritdoc />
    public string Name => "ndcg";

    /// <inheritdoc />
    public string Description => "NDCG over the top 10% of rows by prediction, min-max scaled truth as gain (ProteinGym calc_ndcg)";

    /// <summary>NDCG@10 %; NaN when the truth is constant (its gains are undefined).</summary>
    public static double Compute(ReadOnlySpan<double> truth, ReadOnlySpan<double> score)
    {
        Check.SameLength(truth, score);
        int n = truth.Length;
        if (n == 0) return double.NaN;
        int k = (int)Math.Floor(n * (TopPercent / 100));
        if (k == 0) return 0.0; // ProteinGym: no row ranked within the top k
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in truth)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        double range = max - min;
        if (range == 0) return double.NaN;
        var gains = new double[n];
        for (int i = 0; i < n; i++) gains[i] = (truth[i] - min) / range;

        var byScore = StableOrder.Descending(score);
        double dcg = DiscountedGain(gains, byScore, k, out int kept);
        if (kept == 0) return 0.0;
        double idcg = DiscountedGain(gains, StableOrder.Descending(gains), k, out _);
        return dcg / idcg;
    }

    /// <inheritdoc />
    public MetricResult Compute(ScoringContext context)
    {
        if (context.Count == 0) return MetricResult.Undefined(Name, "no rows");
        double v = Compute(context.Truth.Span, context.Score.Span);
        if (double.IsNaN(v)) return MetricResult.Undefined(Name, "truth is constant: gains undefined");
        string? warning = context.Count * (TopPercent / 100) < 1
            ? $"fewer than {100 / TopPercent} rows: the top {TopPercent}% is empty, NDCG is 0 by ProteinGym's definition"
            : null;
        return new MetricResult(Name, v, warning);
    }

    private static double DiscountedGain(double[] gains, int[] order, int k, out int kept)
    {
        double sum = 0;
        kept = 0;
        for (int r = 0; r < k; r++)
        {
            double g = gains[order[r]];
            if (g == 0) continue;
            sum += g / Math.Log2(r + 2);
            kept++;
        }
        return sum;
    }
}
