namespace Pg2.Metrics.Folds;

/// <summary>
/// ProteinGym's supervised per-assay rule (merge_supervised, FORMATS.md §D.5): one value per metric over
/// all folds' held-out predictions pooled, on each fold's standardised scale.
/// </summary>
public static class PooledScoring
{
    /// <summary>
    /// Scores the held-out predictions of every fold (each row's prediction comes from the model that held
    /// its fold out) pooled, after standardising each row's truth and prediction with its fold's
    /// <paramref name="standardisation"/> (default: <see cref="FoldStandardisation.FromTrainingFolds"/>).
    /// Every value is labelled <see cref="ScoringRule.PooledStandardised"/>.
    /// </summary>
    public static IReadOnlyList<AggregatedMetric> Score(FoldedPredictions heldOut, IReadOnlyList<IMetric> metrics,
        IReadOnlyDictionary<int, FoldStandardisation>? standardisation = null, double? cutoff = null, int? topK = null)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(metrics);
        var byFold = standardisation ?? FoldStandardisation.FromTrainingFolds(heldOut);
        var truth = FoldStandardisation.Standardise(heldOut.Truth, heldOut.Folds, byFold);
        var score = FoldStandardisation.Standardise(heldOut.Score, heldOut.Folds, byFold);
        // A cutoff is on the raw scale; labels are binarised from the raw truth before standardising.
        var labels = heldOut.Labels ?? ScoringContext.Binarise(heldOut.Truth, cutoff ?? NumpyQuantile.Median(heldOut.Truth));
        var context = new ScoringContext(truth, score, labels, topK: topK);
        return metrics
            .Select(m => m.Compute(context))
            .Select(r => new AggregatedMetric(r.Name, r.Value, double.NaN, heldOut.FoldIds.Count, ScoringRule.PooledStandardised))
            .ToArray();
    }

    /// <summary>
    /// ProteinGym's pooled value over fold jobs' predictions files as written (pg2's fold contract: each
    /// model writes its held-out rows already standardised with its fold's training statistics, so they
    /// are pooled without further scaling; the labels come from the pooled truth's median). Each file is
    /// read with <see cref="PredictionTable"/>; its rows take the fold it is listed with.
    /// </summary>
    /// <param name="files">Each fold's predictions file.</param>
    /// <param name="metrics">The metrics to compute.</param>
    /// <exception cref="MetricInputException">A file is not a readable predictions CSV.</exception>
    public static IReadOnlyList<MetricResult> ScoreFiles(IReadOnlyList<(int Fold, string Path)> files, IReadOnlyList<IMetric> metrics)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(metrics);
        var truth = new List<double>();
        var score = new List<double>();
        var folds = new List<int>();
        foreach (var (fold, path) in files)
        {
            var table = PredictionTable.Read(path, minRows: 0);
            truth.AddRange(table.Truth);
            score.AddRange(table.Score);
            folds.AddRange(Enumerable.Repeat(fold, table.Count));
        }
        if (truth.Count < 2) return [.. metrics.Select(m => MetricResult.Undefined(m.Name, $"only {truth.Count} pooled row(s)"))];
        var data = new FoldedPredictions([.. truth], [.. score], [.. folds]);
        return [.. Score(data, metrics, FoldStandardisation.AsWritten(data.FoldIds))
            .Select(a => new MetricResult(a.Name, a.Value))];
    }
}
