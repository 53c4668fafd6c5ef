namespace Pg2.Metrics.Tests;

/// <summary>Every built-in metric against scipy / scikit-learn / ProteinGym reference values (1e-12).</summary>
public class ReferenceValueTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<string> Cases => ReferenceCase.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Registry_MatchesPythonReference(string caseName)
    {
        var c = ReferenceCase.Cases[caseName];
        var results = MetricRegistry.Default.Compute(MetricRegistry.Default.Names, c.Context());
        Assert.Equal(c.Expected.Count, results.Count);
        foreach (var r in results)
            AssertClose(c.Expected[r.Name], r.Value, $"{caseName}/{r.Name}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StaticFunctions_MatchPythonReference(string caseName)
    {
        var c = ReferenceCase.Cases[caseName];
        var labels = c.Context().Labels.ToArray();
        AssertClose(c.Expected["spearman"], Spearman.Compute(c.Truth, c.Score), "spearman");
        AssertClose(c.Expected["pearson"], Pearson.Compute(c.Truth, c.Score), "pearson");
        AssertClose(c.Expected["mse"], MeanSquaredError.Compute(c.Truth, c.Score), "mse");
        AssertClose(c.Expected["auc"], RocAuc.Compute(labels, c.Score), "auc");
        AssertClose(c.Expected["mcc"], MatthewsCorrelation.Compute(labels, c.Score), "mcc");
        AssertClose(c.Expected["ndcg"], Ndcg.Compute(c.Truth, c.Score), "ndcg");
        AssertClose(c.Expected["top_recall"], TopRecall.Compute(c.Truth, c.Score), "top_recall");
        if (c.TopK is { } k)
            AssertClose(c.Expected["recovery"], TopKRecovery.Compute(c.Truth, c.Score, k), "recovery");
    }

    [Fact]
    public void UndefinedValues_CarryAWarning()
    {
        var c = ReferenceCase.Cases["constant_score"];
        var results = MetricRegistry.Default.Compute(["spearman", "pearson"], c.Context());
        Assert.All(results, r =>
        {
            Assert.True(double.IsNaN(r.Value));
            Assert.Contains("prediction is constant", r.Warning);
        });
        var auc = MetricRegistry.Default.Compute(["auc"], ReferenceCase.Cases["single_class_labels"].Context()).Single();
        Assert.True(double.IsNaN(auc.Value));
        Assert.Contains("one class", auc.Warning);
    }

    private static void AssertClose(double? expected, double actual, string what)
    {
        if (expected is null)
        {
            Assert.True(double.IsNaN(actual), $"{what}: expected NaN/null, got {actual:R}");
            return;
        }
        Assert.False(double.IsNaN(actual), $"{what}: expected {expected:R}, got NaN");
        Assert.True(Math.Abs(expected.Value - actual) <= Tolerance, $"{what}: expected {expected:R}, got {actual:R}");
    }
}
