using System.Numerics.Tensors;

namespace Pg2.Metrics;

/// <summary>Mean squared error, mean((truth − score)²), as ProteinGym's supervised tables report it.</summary>
public sealed class MeanSquaredError : IMetric
{
    /// <inheritdoc />
    public string Name => "mse";

    /// <inheritdoc />
    public string Description => "mean squared error between truth and prediction (lower is better)";

    /// <summary>mean((truth − score)²); NaN when empty.</summary>
    public static double Compute(ReadOnlySpan<double> truth, ReadOnlySpan<double> score)
    {
        Check.SameLength(truth, score);
        if (truth.IsEmpty) return double.NaN;
        var diff = new double[truth.Length];
        TensorPrimitives.Subtract(truth, score, diff);
        return TensorPrimitives.SumOfSquares<double>(diff) / truth.Length;
    }

    /// <inheritdoc />
    public MetricResult Compute(ScoringContext context) =>
        context.Count == 0
            ? MetricResult.Undefined(Name, "no rows")
            : new MetricResult(Name, Compute(context.Truth.Span, context.Score.Span));
}
