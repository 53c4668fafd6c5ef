namespace Pg2.Metrics;

/// <summary>
/// Top-10 % recall (ProteinGym's <c>calc_toprecall</c>, <c>top_true = top_model = 10</c>): of the rows
/// whose truth is ≥ the truth's 90th percentile, the fraction whose score is also ≥ the score's 90th
/// percentile (numpy linear-interpolation percentile, <c>&gt;=</c> as in the published tables).
/// </summary>
public sealed class TopRecall : IMetric
{
    /// <summary>The top percentage of rows that count (ProteinGym's default 10).</summary>
    public const double TopPercent = 10;

    /// <inheritdoc />
    public string Name => "top_recall";

    /// <inheritdoc />
    public string Description => "share of the top 10% true rows also in the top 10% by prediction (ProteinGym calc_toprecall)";

    /// <summary>Top-10 % recall; NaN when empty.</summary>
    public static double Compute(ReadOnlySpan<double> truth, ReadOnlySpan<double> score)
    {
        Check.SameLength(truth, score);
        if (truth.IsEmpty) return double.NaN;
        double tCut = NumpyQuantile.Percentile(truth, 100 - TopPercent);
        double sCut = NumpyQuantile.Percentile(score, 100 - TopPercent);
        int top = 0, both = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            if (truth[i] < tCut) continue;
            top++;
            if (score[i] >= sCut) both++;
        }
        return (double)both / top;
    }

    /// <inheritdoc />
    public MetricResult Compute(ScoringContext context)
    {
        if (context.Count == 0) return MetricResult.Undefined(Name, "no rows");
        double v = Compute(context.Truth.Span, context.Score.Span);
        string? warning = Check.IsConstant(context.Score.Span)
            ? "prediction is constant: every row is in its top 10%, so recall is 1"
            : null;
        return new MetricResult(Name, v, warning);
    }
}
