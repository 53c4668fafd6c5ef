namespace Pg2.Metrics;

/// <summary>
/// Top-k recovery (pg2-benchmark's <c>recovery</c>): |top-k rows by truth ∩ top-k rows by score| / k.
/// k comes from the split's metadata (<see cref="ScoringContext.TopK"/>). Rows are ranked by descending
/// value with ties kept in row order (earlier row first), where numpy's unstable argsort was arbitrary.
/// </summary>
public sealed class TopKRecovery : IMetric
{
    /// <inheritdoc />
    public string Name => "recovery";

    /// <inheritdoc />
    public string Description => "share of the k best true rows among the k best predicted rows (k from the split metadata)";

    /// <summary>The recovery for <paramref name="k"/>; NaN when k ≤ 0.</summary>
    /// <exception cref="MetricInputException">k is larger than the number of rows.</exception>
    public static double Compute(ReadOnlySpan<double> truth, ReadOnlySpan<double> score, int k)
    {
        Check.SameLength(truth, score);
        if (k > truth.Length)
            throw new MetricInputException($"recovery: top_k = {k} is larger than the {truth.Length} scored rows");
        if (k <= 0) return double.NaN;
        var inTop = new bool[truth.Length];
        var byTruth = StableOrder.Descending(truth);
        for (int i = 0; i < k; i++) inTop[byTruth[i]] = true;
        var byScore = StableOrder.Descending(score);
        int hits = 0;
        for (int i = 0; i < k; i++)
            if (inTop[byScore[i]]) hits++;
        return (double)hits / k;
    }

    /// <inheritdoc />
    public MetricResult Compute(ScoringContext context)
    {
        if (context.TopK is not { } k) return MetricResult.Undefined(Name, "no top_k given (it comes from the split's metadata, or --top-k)");
        if (k <= 0) return MetricResult.Undefined(Name, $"top_k = {k} is not positive");
        return new MetricResult(Name, Compute(context.Truth.Span, context.Score.Span, k));
    }
}
