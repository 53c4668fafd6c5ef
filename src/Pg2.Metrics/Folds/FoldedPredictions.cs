namespace Pg2.Metrics.Folds;

/// <summary>
/// Predictions with the cross-validation fold of every row: the input of score modes and of the pooled
/// supervised rule. Fold numbers are non-negative integers; any subset of them may be present.
/// </summary>
public sealed class FoldedPredictions
{
    /// <summary>Creates the table; all columns pair up row by row.</summary>
    public FoldedPredictions(double[] truth, double[] score, int[] folds, double[]? labels = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(folds);
        if (score.Length != truth.Length || folds.Length != truth.Length || (labels is not null && labels.Length != truth.Length))
            throw new MetricInputException($"fold table columns differ in length: truth {truth.Length}, score {score.Length}, fold {folds.Length}");
        foreach (var f in folds)
            if (f < 0) throw new MetricInputException($"fold numbers must be non-negative; found {f}");
        Truth = truth;
        Score = score;
        Folds = folds;
        Labels = labels;
        FoldIds = folds.Distinct().Order().ToArray();
    }

    /// <summary>Builds the table from a predictions CSV read with a fold column.</summary>
    /// <exception cref="MetricInputException">The table was read without a fold column.</exception>
    public static FoldedPredictions From(PredictionTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Folds is null) throw new MetricInputException($"{table.Source}: no fold column was read");
        return new FoldedPredictions(table.Truth, table.Score, table.Folds, table.Labels);
    }

    /// <summary>Measured values.</summary>
    public double[] Truth { get; }
    /// <summary>Model predictions.</summary>
    public double[] Score { get; }
    /// <summary>Fold of each row.</summary>
    public int[] Folds { get; }
    /// <summary>Optional 0/1 labels.</summary>
    public double[]? Labels { get; }
    /// <summary>The distinct folds present, ascending.</summary>
    public IReadOnlyList<int> FoldIds { get; }

    /// <summary>The rows whose fold satisfies <paramref name="include"/>, as a scoring context.</summary>
    public ScoringContext Select(Func<int, bool> include, double? cutoff = null, int? topK = null)
    {
        ArgumentNullException.ThrowIfNull(include);
        var rows = new List<int>();
        for (int i = 0; i < Folds.Length; i++)
            if (include(Folds[i])) rows.Add(i);
        return Context(rows, Truth, Score, cutoff, topK);
    }

    internal ScoringContext Context(List<int> rows, double[] truth, double[] score, double? cutoff, int? topK)
    {
        var t = new double[rows.Count];
        var s = new double[rows.Count];
        var l = Labels is null ? null : new double[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            t[i] = truth[rows[i]];
            s[i] = score[rows[i]];
            if (l is not null) l[i] = Labels![rows[i]];
        }
        return new ScoringContext(t, s, l, cutoff, topK);
    }
}
