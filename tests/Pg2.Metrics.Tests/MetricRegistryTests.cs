namespace Pg2.Metrics.Tests;

public class MetricRegistryTests
{
    private sealed class MaxAbsoluteError : IMetric
    {
        public string Name => "max_abs_error";
        public string Description => "largest |truth - score|";
        public MetricResult Compute(ScoringContext context)
        {
            var t = context.Truth.Span;
            var s = context.Score.Span;
            double max = 0;
            for (int i = 0; i < t.Length; i++) max = Math.Max(max, Math.Abs(t[i] - s[i]));
            return new MetricResult(Name, max);
        }
    }

    [Fact]
    public void Get_UnknownName_ListsKnownNames()
    {
        var e = Assert.Throws<MetricInputException>(() => MetricRegistry.Default.Get("spearmann"));
        Assert.Contains("unknown metric 'spearmann'", e.Message);
        foreach (var name in new[] { "spearman", "auc", "mcc", "ndcg", "top_recall", "recovery" })
            Assert.Contains(name, e.Message);
    }

    [Fact]
    public void Register_CustomMetric_IsSelectableByName()
    {
        var registry = MetricRegistry.CreateBuiltIn();
        registry.Register(new MaxAbsoluteError());
        var results = registry.Compute(["spearman", "MAX_ABS_ERROR"], [1.0, 2.0, 3.0], [1.5, 2.0, 0.0]);
        Assert.Equal(["spearman", "max_abs_error"], results.Select(r => r.Name));
        Assert.Equal(3.0, results[1].Value);
        Assert.DoesNotContain("max_abs_error", MetricRegistry.Default.Names);
    }

    [Fact]
    public void Register_DuplicateName_Throws()
    {
        var registry = MetricRegistry.CreateBuiltIn();
        Assert.Throws<ArgumentException>(() => registry.Register(new Spearman()));
    }

    [Fact]
    public void Compute_CutoffBinarisesTruthWithGreaterOrEqual()
    {
        // With cutoff 2 the labels are 0,1,1,1 (2 >= 2 is fit); the score separates them perfectly.
        var r = MetricRegistry.Default.Compute(["auc"], [1.0, 2.0, 3.0, 4.0], [0.0, 1.0, 1.0, 2.0], cutoff: 2.0).Single();
        Assert.Equal(1.0, r.Value);
        var strict = MetricRegistry.Default.Compute(["auc"], [1.0, 2.0, 3.0, 4.0], [0.0, 1.0, 1.0, 2.0], cutoff: 2.5).Single();
        Assert.Equal(0.875, strict.Value);
    }

    [Fact]
    public void Context_RejectsLabelsOtherThanZeroOrOne()
    {
        var e = Assert.Throws<MetricInputException>(() => new ScoringContext(new[] { 1.0, 2.0 }, new[] { 1.0, 2.0 }, [0.0, 2.0]));
        Assert.Contains("row 2", e.Message);
    }

    [Fact]
    public void Recovery_KLargerThanRows_Throws()
    {
        Assert.Throws<MetricInputException>(() => TopKRecovery.Compute([1.0, 2.0], [1.0, 2.0], 3));
    }

    [Fact]
    public void Bootstrap_IsSeededAndReproducible()
    {
        var rng = new Random(3);
        var truth = Enumerable.Range(0, 500).Select(_ => rng.NextDouble()).ToArray();
        var score = truth.Select(v => v + rng.NextDouble()).ToArray();
        var context = new ScoringContext(truth, score);
        double a = Bootstrap.StandardError(new Spearman(), context, 200, seed: 1);
        double b = Bootstrap.StandardError(new Spearman(), context, 200, seed: 1);
        double c = Bootstrap.StandardError(new Spearman(), context, 200, seed: 2);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        // Spearman's large-sample SE is about (1 - rho^2) / sqrt(n); the bootstrap lands near it.
        double rho = Spearman.Compute(truth, score);
        double approx = (1 - rho * rho) / Math.Sqrt(truth.Length);
        Assert.InRange(a, approx * 0.6, approx * 1.6);
    }
}

public class SpearmanExactnessTests
{
    [Fact]
    public void Spearman_RationalResultIsExact()
    {
        // Doubled centred ranks (-3,-1,1,3) and (-3,1,-1,3): 16 / sqrt(20 * 20) = 0.8 exactly (scipy: 0.7999999999999999).
        Assert.Equal(0.8, Spearman.Compute([1.0, 2.0, 3.0, 4.0], [0.5, 0.7, 0.6, 1.5]));
    }

    [Fact]
    public void Spearman_LargeTiedInput_MatchesExactValueClosely()
    {
        // n = 300,000 with ties: the exact value from integer arithmetic (BigInteger) agrees to 1e-15.
        var rng = new Random(21);
        int n = 300_000;
        var x = Enumerable.Range(0, n).Select(_ => (double)rng.Next(500)).ToArray();
        var y = x.Select(v => v + rng.Next(-400, 400)).ToArray();
        var rx = Ranks.Average(x);
        var ry = Ranks.Average(y);
        System.Numerics.BigInteger sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < n; i++)
        {
            var dx = new System.Numerics.BigInteger(2 * rx[i]) - (n + 1);
            var dy = new System.Numerics.BigInteger(2 * ry[i]) - (n + 1);
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        double exact = (double)sxy / Math.Sqrt((double)sxx * (double)syy);
        Assert.Equal(exact, Spearman.Compute(x, y), 15);
    }
}

public sealed class MetricLabelNeedTests
{
    [Fact]
    public void NeedsLabels_OnlyForTheClassificationMetrics() =>
        Assert.Equal(["auc", "mcc"], MetricRegistry.Default.Resolve(MetricRegistry.Default.Names).Where(m => m.NeedsLabels).Select(m => m.Name));
}

public sealed class MetricsFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-metricsfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WriteThenRead_KeepsValuesNullsAndMetadata()
    {
        var csv = Path.Combine(_dir, "p.csv");
        File.WriteAllText(csv, "test,pred\n1,1\n2,2\n3,3\nNA,4\n");
        var table = PredictionTable.Read(csv);
        var metrics = MetricRegistry.Default.Resolve(["spearman", "auc"]);
        var file = MetricsFile.Of(table, metrics, table.Scores(metrics)) with { Metadata = new MetricsMetadata { Model = "m", Fold = 2 } };
        var path = Path.Combine(_dir, MetricsFile.FileName);
        file.Write(path);
        var back = MetricsFile.TryRead(path)!;
        Assert.Equal((3, 1, "m", 2), (back.Rows!.Value, back.DroppedRows!.Value, back.Metadata.Model!, back.Metadata.Fold!.Value));
        Assert.Equal(1.0, back.Test["spearman"]!.Value, 15);
        Assert.True(back.Covers(["spearman", "auc"]));
        Assert.False(back.Covers(["spearman"]));
        Assert.Contains("median", back.Binarisation);
    }

    [Fact]
    public void TryRead_NotJson_IsNull()
    {
        var path = Path.Combine(_dir, MetricsFile.FileName);
        File.WriteAllText(path, "{not json");
        Assert.Null(MetricsFile.TryRead(path));
    }
}
