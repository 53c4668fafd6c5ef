namespace Pg2.Metrics;

/// <summary>
/// Area under the ROC curve of the score against 0/1 labels, <c>sklearn.metrics.roc_auc_score</c>.
/// Computed as the Mann–Whitney U statistic with average ranks: tied scores count one half, exactly
/// as the trapezoids of sklearn's ROC curve do. NaN when the labels hold one class only.
/// </summary>
public sealed class RocAuc : IMetric
{
    /// <inheritdoc />
    public string Name => "auc";

    /// <inheritdoc />
    public bool NeedsLabels => true;

    /// <inheritdoc />
    public string Description => "ROC AUC of the prediction against binary labels (sklearn roc_auc_score)";

    /// <summary>ROC AUC of <paramref name="score"/> for 0/1 <paramref name="labels"/>; NaN with a single class.</summary>
    public static double Compute(ReadOnlySpan<double> labels, ReadOnlySpan<double> score)
    {
        Check.SameLength(labels, score);
        return OfRanks(labels, Ranks.Average(score));
    }

    /// <inheritdoc />
    public MetricResult Compute(ScoringContext context)
    {
        double auc = OfRanks(context.Labels, context.ScoreRanks);
        return double.IsNaN(auc)
            ? MetricResult.Undefined(Name, $"only one class in the labels ({context.LabelRule}): AUC undefined")
            : new MetricResult(Name, auc);
    }

    private static double OfRanks(ReadOnlySpan<double> labels, ReadOnlySpan<double> scoreRanks)
    {
        // Sums of half-integer ranks and integer counts are exact in doubles, so this is one rounding.
        double positives = 0, rankSum = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] == 1.0)
            {
                positives++;
                rankSum += scoreRanks[i];
            }
        }
        double negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }
}
