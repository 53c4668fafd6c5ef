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
}
