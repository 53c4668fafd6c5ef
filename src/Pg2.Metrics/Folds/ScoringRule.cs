namespace Pg2.Metrics.Folds;

/// <summary>How a reported number was formed from fold-wise predictions; every output names its rule.</summary>
public enum ScoringRule
{
    /// <summary>Computed once over the rows a score mode selects, on the values as the model wrote them.</summary>
    Rows,
    /// <summary>Computed per fold, then the arithmetic mean over folds (with sample standard deviation).</summary>
    PerFoldMean,
    /// <summary>
    /// ProteinGym's supervised rule (merge_supervised): one value over all folds' held-out rows pooled,
    /// after each fold's targets and predictions are standardised with its training folds' mean and std.
    /// </summary>
    PooledStandardised,
}

/// <summary>Wire names of <see cref="ScoringRule"/>.</summary>
public static class ScoringRuleNames
{
    /// <summary><c>rows</c>, <c>per_fold_mean</c> or <c>pooled_standardised</c>.</summary>
    public static string ToName(this ScoringRule rule) => rule switch
    {
        ScoringRule.Rows => "rows",
        ScoringRule.PerFoldMean => "per_fold_mean",
        ScoringRule.PooledStandardised => "pooled_standardised",
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };
}
