using System.Text.Json;
using Pg2.Metrics.Folds;

namespace Pg2.Metrics.Tests.Folds;

public class CrossValidatedScoresTests
{
    private static FoldedPredictions Data()
    {
        var rng = new Random(13);
        int n = 120;
        var folds = Enumerable.Range(0, n).Select(i => i % 4).ToArray();
        var truth = folds.Select(f => f * 5 + rng.NextDouble()).ToArray();
        var score = truth.Select(t => t + rng.NextDouble()).ToArray();
        return new FoldedPredictions(truth, score, folds);
    }

    [Fact]
    public void Score_PerFoldMeanIsTheMeanOfTheFolds()
    {
        var data = Data();
        var scores = CrossValidatedScores.Score(data, [new Spearman(), new MeanSquaredError()]);
        var perFold = scores.PerFold.Values.Select(r => r.Single(m => m.Name == "spearman").Value).ToArray();
        var mean = scores.PerFoldMean.Single(m => m.Name == "spearman");
        Assert.Equal(perFold.Average(), mean.Value, 14);
        Assert.Equal(4, mean.Folds);
        Assert.All(scores.Pooled, m => Assert.Equal(ScoringRule.PooledStandardised, m.Rule));
        Assert.All(scores.PerFoldMean, m => Assert.Equal(ScoringRule.PerFoldMean, m.Rule));
    }

    [Fact]
    public void MetricsJson_FoldRun_HasPg2BenchmarkLayout()
    {
        var run = FoldScoring.Score(Data(), 2, [ScoreMode.Test, ScoreMode.TrainAvailable, ScoreMode.PerFold], [new Spearman()]);
        var text = MetricsJson.FoldRun(run, new Dictionary<string, string> { ["model"] = "pls", ["split"] = "random" });
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        Assert.Equal(["test", "train_available", "per_fold", "metadata"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["fold_0", "fold_1", "fold_2", "fold_3"], root.GetProperty("per_fold").EnumerateObject().Select(p => p.Name));
        var meta = root.GetProperty("metadata");
        Assert.Equal(2, meta.GetProperty("test_fold").GetInt32());
        Assert.Equal([0, 1, 3], meta.GetProperty("train_available_folds").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("pls", meta.GetProperty("model").GetString());
    }

    [Fact]
    public void MetricsJson_Aggregated_WritesMeanStdAndRule()
    {
        var data = Data();
        var runs = data.FoldIds.Select(k => FoldScoring.Score(data, k, [ScoreMode.Test], [new Spearman()])).ToList();
        using var doc = JsonDocument.Parse(MetricsJson.Aggregated(FoldScoring.Aggregate(runs)));
        var test = doc.RootElement.GetProperty("test");
        Assert.Equal(runs.Average(r => r.Test![0].Value), test.GetProperty("spearman").GetDouble(), 14);
        Assert.True(test.GetProperty("spearman_std").GetDouble() > 0);
        Assert.Equal("per_fold_mean", test.GetProperty("rule").GetString());
        Assert.Equal(4, doc.RootElement.GetProperty("metadata").GetProperty("total_folds").GetInt32());
    }
}
