using Pg2.Metrics.Folds;

namespace Pg2.Metrics.Tests.Folds;

public class FoldScoringTests
{
    private static readonly IReadOnlyList<IMetric> SpearmanAndMse = MetricRegistry.Default.Resolve(["spearman", "mse"]);

    private static FoldedPredictions ThreeFolds()
    {
        var rng = new Random(5);
        int n = 90;
        var folds = Enumerable.Range(0, n).Select(i => i % 3).ToArray();
        var truth = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var score = truth.Select(t => t + rng.NextDouble() * 0.5).ToArray();
        return new FoldedPredictions(truth, score, folds);
    }

    [Fact]
    public void Score_ModesSelectTheRightRows()
    {
        var data = ThreeFolds();
        var run = FoldScoring.Score(data, 1, [ScoreMode.Test, ScoreMode.TrainAvailable, ScoreMode.PerFold, ScoreMode.FullDataset], SpearmanAndMse);
        double Expected(Func<int, bool> include)
        {
            var rows = Enumerable.Range(0, data.Truth.Length).Where(i => include(data.Folds[i])).ToArray();
            return Spearman.Compute(rows.Select(i => data.Truth[i]).ToArray(), rows.Select(i => data.Score[i]).ToArray());
        }
        Assert.Equal(Expected(f => f == 1), run.Test![0].Value);
        Assert.Equal(Expected(f => f != 1), run.TrainAvailable![0].Value);
        Assert.Equal(Expected(f => f == 2), run.PerFold![2][0].Value);
        Assert.Equal(Expected(_ => true), run.FullDataset![0].Value);
        Assert.Equal([0, 2], run.TrainAvailableFolds);
        Assert.Equal(3, run.TotalFolds);
    }

    [Fact]
    public void Score_OnlyRequestedModesArePresent()
    {
        var run = FoldScoring.Score(ThreeFolds(), 0, [ScoreMode.Test], SpearmanAndMse);
        Assert.NotNull(run.Test);
        Assert.Null(run.TrainAvailable);
        Assert.Null(run.PerFold);
        Assert.Null(run.FullDataset);
    }

    [Fact]
    public void Score_MissingTestFold_Throws()
    {
        var e = Assert.Throws<MetricInputException>(() => FoldScoring.Score(ThreeFolds(), 7, ScoreModeNames.Default, SpearmanAndMse));
        Assert.Contains("test fold 7", e.Message);
    }

    [Fact]
    public void Aggregate_MeanAndSampleStdSkippingUndefined()
    {
        static FoldRunScores Run(int k, double v) =>
            new(k, [], 4, [new MetricResult("spearman", v)], [new MetricResult("spearman", 1.0)], null, null);
        var agg = FoldScoring.Aggregate([Run(0, 0.1), Run(1, 0.3), Run(2, double.NaN), Run(3, 0.8)]);
        var test = agg.Test!.Single();
        Assert.Equal(0.4, test.Value, 15);
        Assert.Equal(Math.Sqrt(((0.1 - 0.4) * (0.1 - 0.4) + (0.3 - 0.4) * (0.3 - 0.4) + (0.8 - 0.4) * (0.8 - 0.4)) / 2), test.StandardDeviation, 15);
        Assert.Equal(3, test.Folds);
        Assert.Equal(ScoringRule.PerFoldMean, test.Rule);
        Assert.Equal(0.0, agg.TrainAvailable!.Single().StandardDeviation);
        Assert.Null(agg.FullDataset);
    }

    [Fact]
    public void Aggregate_OneFold_StdIsZero()
    {
        var agg = FoldScoring.Aggregate([new FoldRunScores(0, [1], 2, [new MetricResult("mse", 2.5)], null, null, null)]);
        Assert.Equal(2.5, agg.Test!.Single().Value);
        Assert.Equal(0.0, agg.Test!.Single().StandardDeviation);
        Assert.Null(agg.TrainAvailable);
    }

    [Fact]
    public void ScoreModeNames_RoundTripAndRejectUnknown()
    {
        foreach (var m in Enum.GetValues<ScoreMode>()) Assert.Equal(m, ScoreModeNames.Parse(m.ToName()));
        Assert.Throws<MetricInputException>(() => ScoreModeNames.Parse("validation"));
    }
}
