namespace Pg2.Metrics.Folds;

/// <summary>
/// Metrics of cross-validated predictions (every row predicted by the model that held its fold out),
/// by both rules side by side: per fold with mean ± sample std, and ProteinGym's pooled standardised value.
/// </summary>
/// <param name="PerFold">Metrics of each fold's rows.</param>
/// <param name="PerFoldMean">Mean and sample std over folds (<see cref="ScoringRule.PerFoldMean"/>).</param>
/// <param name="Pooled">One value over all rows on the folds' standardised scales (<see cref="ScoringRule.PooledStandardised"/>).</param>
public sealed record CrossValidatedScores(
    IReadOnlyDictionary<int, IReadOnlyList<MetricResult>> PerFold,
    IReadOnlyList<AggregatedMetric> PerFoldMean,
    IReadOnlyList<AggregatedMetric> Pooled)
{
    /// <summary>Scores <paramref name="heldOut"/> by both rules.</summary>
    /// <exception cref="MetricInputException">Fewer than two folds (nothing to standardise against).</exception>
    public static CrossValidatedScores Score(FoldedPredictions heldOut, IReadOnlyList<IMetric> metrics, double? cutoff = null, int? topK = null)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(metrics);
        // Fix the labels once over all rows, so every fold and the pooled value use the same labels.
        if (heldOut.Labels is null) cutoff ??= NumpyQuantile.Median(heldOut.Truth);
        var runs = heldOut.FoldIds.Select(k => FoldScoring.Score(heldOut, k, [ScoreMode.Test], metrics, cutoff, topK)).ToList();
        var perFold = runs.ToDictionary(r => r.TestFold, r => r.Test!);
        var mean = FoldScoring.Aggregate(runs).Test ?? [];
        var pooled = PooledScoring.Score(heldOut, metrics, cutoff: cutoff, topK: topK);
        return new CrossValidatedScores(perFold, mean, pooled);
    }
}
