namespace Pg2.Metrics.Folds;

/// <summary>
/// The metrics of one fold-aware run (a model trained with fold k held out), per score mode, as
/// pg2-benchmark's per-fold JSON holds them. A mode not requested is null.
/// </summary>
/// <param name="TestFold">The held-out fold k.</param>
/// <param name="TrainAvailableFolds">Every other fold present.</param>
/// <param name="TotalFolds">Number of folds present.</param>
/// <param name="Test">Metrics over fold k (rule <see cref="ScoringRule.Rows"/>).</param>
/// <param name="TrainAvailable">Metrics over the other folds pooled (rule <see cref="ScoringRule.Rows"/>).</param>
/// <param name="PerFold">Metrics per fold id.</param>
/// <param name="FullDataset">Metrics over all rows.</param>
public sealed record FoldRunScores(
    int TestFold,
    IReadOnlyList<int> TrainAvailableFolds,
    int TotalFolds,
    IReadOnlyList<MetricResult>? Test,
    IReadOnlyList<MetricResult>? TrainAvailable,
    IReadOnlyDictionary<int, IReadOnlyList<MetricResult>>? PerFold,
    IReadOnlyList<MetricResult>? FullDataset);

/// <summary>A metric aggregated over folds, labelled with the rule that produced it.</summary>
/// <param name="Name">The metric's name.</param>
/// <param name="Value">Mean over folds (<see cref="ScoringRule.PerFoldMean"/>) or the pooled value.</param>
/// <param name="StandardDeviation">Sample standard deviation (ddof = 1) over folds; 0.0 with one fold; NaN for pooled values.</param>
/// <param name="Folds">How many folds contributed a defined (non-NaN) value, or were pooled.</param>
/// <param name="Rule">How <see cref="Value"/> was formed.</param>
public sealed record AggregatedMetric(string Name, double Value, double StandardDeviation, int Folds, ScoringRule Rule);

/// <summary>Fold-aggregated metrics per score mode (pg2-benchmark's <c>*_aggregated.json</c>).</summary>
/// <param name="Test">Test-fold metrics aggregated over runs.</param>
/// <param name="TrainAvailable">Train-available metrics aggregated over runs.</param>
/// <param name="FullDataset">Full-dataset metrics (identical for every run; taken from the first that has them).</param>
/// <param name="TotalFolds">Folds of the split.</param>
public sealed record AggregatedScores(
    IReadOnlyList<AggregatedMetric>? Test,
    IReadOnlyList<AggregatedMetric>? TrainAvailable,
    IReadOnlyList<MetricResult>? FullDataset,
    int TotalFolds);
