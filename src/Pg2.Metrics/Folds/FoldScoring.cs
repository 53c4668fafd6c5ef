namespace Pg2.Metrics.Folds;

/// <summary>
/// Score modes over a fold-annotated predictions table and aggregation over folds
/// (pg2-benchmark's <c>calculate_metrics_by_mode</c> and <c>aggregate</c>, FORMATS.md §D.4).
/// </summary>
public static class FoldScoring
{
    /// <summary>
    /// Scores the run that held out <paramref name="testFold"/> in the requested <paramref name="modes"/>.
    /// Without labels or a cutoff, AUC/MCC labels come from the median of the whole table's truth, so every
    /// mode uses the same labels.
    /// </summary>
    /// <exception cref="MetricInputException">The test fold has no rows.</exception>
    public static FoldRunScores Score(FoldedPredictions data, int testFold, IEnumerable<ScoreMode> modes,
        IReadOnlyList<IMetric> metrics, double? cutoff = null, int? topK = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(modes);
        ArgumentNullException.ThrowIfNull(metrics);
        if (!data.FoldIds.Contains(testFold))
            throw new MetricInputException($"test fold {testFold} has no rows; folds present: {string.Join(", ", data.FoldIds)}");
        if (data.Labels is null) cutoff ??= NumpyQuantile.Median(data.Truth);
        var set = modes.ToHashSet();
        IReadOnlyList<MetricResult> Run(Func<int, bool> include) =>
            metrics.Select(m => m.Compute(data.Select(include, cutoff, topK))).ToArray();
        var trainFolds = data.FoldIds.Where(f => f != testFold).ToArray();
        return new FoldRunScores(
            testFold,
            trainFolds,
            data.FoldIds.Count,
            set.Contains(ScoreMode.Test) ? Run(f => f == testFold) : null,
            set.Contains(ScoreMode.TrainAvailable) && trainFolds.Length > 0 ? Run(f => f != testFold) : null,
            set.Contains(ScoreMode.PerFold) ? data.FoldIds.ToDictionary(k => k, k => Run(f => f == k)) : null,
            set.Contains(ScoreMode.FullDataset) ? Run(_ => true) : null);
    }

    /// <summary>
    /// Aggregates runs (one per held-out fold): per metric, the mean over runs with a defined value and the
    /// sample standard deviation (ddof = 1; 0.0 with one value), for <c>test</c> and <c>train_available</c>.
    /// </summary>
    public static AggregatedScores Aggregate(IReadOnlyList<FoldRunScores> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        static IReadOnlyList<AggregatedMetric>? Over(IEnumerable<IReadOnlyList<MetricResult>?> perRun)
        {
            var present = perRun.Where(r => r is not null).SelectMany(r => r!).ToList();
            if (present.Count == 0) return null;
            return present.GroupBy(r => r.Name)
                .Select(g => AggregateFolds(g.Key, g.Select(r => r.Value)))
                .ToArray();
        }
        return new AggregatedScores(
            Over(runs.Select(r => r.Test)),
            Over(runs.Select(r => r.TrainAvailable)),
            runs.Select(r => r.FullDataset).FirstOrDefault(f => f is not null),
            runs.Count == 0 ? 0 : runs.Max(r => r.TotalFolds));
    }

    /// <summary>
    /// One metric over folds (<see cref="ScoringRule.PerFoldMean"/>): the mean of the defined (non-NaN) values
    /// and their sample standard deviation (ddof = 1; 0.0 with one value; NaN with none).
    /// </summary>
    public static AggregatedMetric AggregateFolds(string name, IEnumerable<double> perFold)
    {
        ArgumentNullException.ThrowIfNull(perFold);
        var values = perFold.Where(v => !double.IsNaN(v)).ToArray();
        return new AggregatedMetric(name, Mean(values), StandardDeviation(values), values.Length, ScoringRule.PerFoldMean);
    }

    /// <summary>Arithmetic mean; NaN when empty.</summary>
    internal static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        double sum = 0;
        foreach (var v in values) sum += v;
        return sum / values.Length;
    }

    /// <summary>Sample standard deviation (ddof = 1), 0.0 for one value, NaN for none (pg2-benchmark's rule).</summary>
    internal static double StandardDeviation(ReadOnlySpan<double> values) => values.Length switch
    {
        0 => double.NaN,
        1 => 0.0,
        _ => Bootstrap.SampleStandardDeviation(values),
    };
}
