namespace Pg2.Metrics.Tests;

/// <summary>Values near the largest double (±1.8e308) give a number or an undefined value with a warning, never ∞ or a crash.</summary>
public sealed class OverflowTests
{
    [Fact]
    public void MeanSquaredError_SumOverflowsButMeanIsFinite_IsComputed()
    {
        var truth = Enumerable.Repeat(1e154, 1000).ToArray();
        var score = new double[1000];
        var r = new MeanSquaredError().Compute(new ScoringContext(truth, score));
        Assert.Null(r.Warning);
        Assert.Equal(1.0, r.Value / 1e308, 12);
    }

    [Fact]
    public void MeanSquaredError_BeyondTheLargestDouble_IsUndefinedWithWarning()
    {
        var r = new MeanSquaredError().Compute(new ScoringContext(new[] { 1e308, -1e308, 0 }, new[] { -1e308, 1e308, 1 }));
        Assert.True(double.IsNaN(r.Value));
        Assert.Contains("exceeds the largest double", r.Warning);
    }

    [Fact]
    public void Pearson_NearTheLargestDouble_EqualsTheScaledCorrelation()
    {
        double expected = Pearson.Compute([1.0, -1.0, 0.5], [1.0, 2.0, 3.0]);
        Assert.Equal(expected, Pearson.Compute([1e308, -1e308, 5e307], [1.0, 2.0, 3.0]), 12);
    }

    [Fact]
    public void EveryDefaultMetric_NearTheLargestDouble_IsFiniteOrUndefined()
    {
        var truth = new[] { 1.7e308, -1.7e308, 1e308, -1e308, 0, 1, 2, 3, 4, 5, 6, 7 };
        var score = truth.Reverse().ToArray();
        foreach (var r in MetricRegistry.Default.Compute(MetricRegistry.DefaultSelection, truth, score))
            Assert.False(double.IsInfinity(r.Value), r.Name);
    }
}
