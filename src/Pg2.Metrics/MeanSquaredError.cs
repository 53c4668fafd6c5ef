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
        double mse = TensorPrimitives.SumOfSquares<double>(diff) / truth.Length;
        if (double.IsFinite(mse)) return mse;
        // Values near ±1.8e308 overflow the plain sum (or the difference itself): halve, then scale by
        // the largest difference, so only a mean that is itself beyond a double is infinite.
        TensorPrimitives.Subtract(Halved(truth), Halved(score), diff);
        double largest = TensorPrimitives.MaxMagnitude<double>(diff);
        TensorPrimitives.Divide(diff, largest, diff);
        return TensorPrimitives.SumOfSquares<double>(diff) / truth.Length * (2 * largest) * (2 * largest);
    }

    private static double[] Halved(ReadOnlySpan<double> values)
    {
        var half = new double[values.Length];
        TensorPrimitives.Multiply(values, 0.5, half);
        return half;
    }

    /// <inheritdoc />
    public MetricResult Compute(ScoringContext context)
    {
        if (context.Count == 0) return MetricResult.Undefined(Name, "no rows");
        double mse = Compute(context.Truth.Span, context.Score.Span);
        return double.IsFinite(mse)
            ? new MetricResult(Name, mse)
            : MetricResult.Undefined(Name, "the mean squared error exceeds the largest double (about 1.8e308): undefined");
    }
}
