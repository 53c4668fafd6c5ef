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
            // A span cannot cross threads: the score is copied once and ranked on a pool thread.
            var s = score.ToArray();
            var scoreRanks = Task.Run(() => Ranks.Average(s));
            rx = Ranks.Average(truth);
            ry = scoreRanks.GetAwaiter().GetResult();
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
        double[] truthRanks;
        if (context.Count >= ParallelThreshold)
        {
            // Rank the truth while the context ranks (and caches) the score.
            double[]? t = null;
            var truth = context.Truth;
            Parallel.Invoke(() => t = Ranks.Average(truth.Span), () => _ = context.ScoreRanks.Length);
            truthRanks = t!;
        }
        else
        {
            truthRanks = Ranks.Average(context.Truth.Span);
        }
        double r = OfRanks(truthRanks, context.ScoreRanks);
        return double.IsNaN(r) ? MetricResult.Undefined(Name, Check.ConstantSide(context)) : new MetricResult(Name, r);
    }

    /// <summary>
    /// Pearson correlation of two average-rank vectors, with exact sums: doubled centred ranks
    /// 2r − (n + 1) are integers, so the three sums of products are accumulated in integers and the
    /// result is rounded only in the final division (scipy's float sums lose ~1e-12 at n = 10⁶).
    /// </summary>
    internal static double OfRanks(ReadOnlySpan<double> rx, ReadOnlySpan<double> ry)
    {
        int n = rx.Length;
        long centre = n + 1L;
        double sxx, syy, sxy;
        // Σ(2r − n − 1)² ≤ n³/3 fits a long up to n ≈ 3·10⁶; beyond that accumulate in 128 bits.
        if (n <= 2_000_000)
        {
            long xx = 0, yy = 0, xy = 0;
            for (int i = 0; i < n; i++)
            {
                long dx = (long)(2 * rx[i]) - centre, dy = (long)(2 * ry[i]) - centre;
                xx += dx * dx;
                yy += dy * dy;
                xy += dx * dy;
            }
            (sxx, syy, sxy) = (xx, yy, xy);
        }
        else
        {
            Int128 xx = 0, yy = 0, xy = 0;
            for (int i = 0; i < n; i++)
            {
                long dx = (long)(2 * rx[i]) - centre, dy = (long)(2 * ry[i]) - centre;
                xx += Math.BigMul(dx, dx);
                yy += Math.BigMul(dy, dy);
                xy += Math.BigMul(dx, dy);
            }
            (sxx, syy, sxy) = ((double)xx, (double)yy, (double)xy);
        }
        if (sxx == 0 || syy == 0) return double.NaN;
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1.0, 1.0);
    }
}
