using System.Numerics.Tensors;

namespace Pg2.Metrics;

/// <summary>
/// Bootstrap standard error of a metric: the metric is recomputed on <c>resamples</c> resamples of the
/// rows (drawn with replacement, same size), and the standard error is the sample standard deviation
/// (ddof = 1) of the non-NaN values. Seeded: resample b draws from <c>new Random(seed + b)</c>, so the
/// result is the same whatever the thread count.
/// </summary>
public static class Bootstrap
{
    /// <summary>The default number of resamples (ProteinGym uses 10 000 for its leaderboard tables).</summary>
    public const int DefaultResamples = 1000;

    /// <summary>The bootstrap standard error of <paramref name="metric"/> on <paramref name="context"/>'s rows.</summary>
    /// <returns>NaN when fewer than two resamples gave a defined value.</returns>
    public static double StandardError(IMetric metric, ScoringContext context, int resamples = DefaultResamples, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 2);
        int n = context.Count;
        if (n == 0) return double.NaN;
        var values = new double[resamples];
        var truth = context.Truth;
        var score = context.Score;
        // Each row keeps the label it has in the full data (a median cutoff is not re-derived per resample).
        var labels = context.Labels.ToArray();
        Parallel.For(0, resamples, b =>
        {
            var random = new Random(unchecked(seed + b));
            var t = new double[n];
            var s = new double[n];
            var l = new double[n];
            var ts = truth.Span;
            var ss = score.Span;
            var ls = labels;
            for (int i = 0; i < n; i++)
            {
                int j = random.Next(n);
                t[i] = ts[j];
                s[i] = ss[j];
                l[i] = ls[j];
            }
            var resample = new ScoringContext(t, s, l, topK: context.TopK);
            values[b] = metric.Compute(resample).Value;
        });
        return SampleStandardDeviation(values.Where(v => !double.IsNaN(v)).ToArray());
    }

    /// <summary>Standard deviation with ddof = 1; NaN for fewer than two values.</summary>
    internal static double SampleStandardDeviation(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        if (n < 2) return double.NaN;
        double mean = TensorPrimitives.Sum(values) / n;
        double ss = 0;
        foreach (var v in values) ss += (v - mean) * (v - mean);
        return Math.Sqrt(ss / (n - 1));
    }
}
