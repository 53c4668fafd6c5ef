namespace Pg2.Metrics;

/// <summary>Argument checks and warning texts shared by the metric definitions.</summary>
internal static class Check
{
    public static void SameLength(ReadOnlySpan<double> truth, ReadOnlySpan<double> score)
    {
        if (truth.Length != score.Length)
            throw new ArgumentException($"truth has {truth.Length} values but score has {score.Length}");
    }

    public static bool IsConstant(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return true;
        double first = values[0];
        foreach (var v in values)
            if (v != first) return false;
        return true;
    }

    /// <summary>Names the constant column(s) of a context whose correlation came out NaN.</summary>
    public static string ConstantSide(ScoringContext context)
    {
        bool t = IsConstant(context.Truth.Span), s = IsConstant(context.Score.Span);
        return (t, s) switch
        {
            (true, true) => "truth and prediction are constant: correlation undefined",
            (true, false) => "truth is constant: correlation undefined",
            _ => "prediction is constant: correlation undefined",
        };
    }
}
