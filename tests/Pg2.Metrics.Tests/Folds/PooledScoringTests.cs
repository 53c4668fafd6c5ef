using Pg2.Metrics.Folds;

namespace Pg2.Metrics.Tests.Folds;

public class PooledScoringTests
{
    /// <summary>
    /// Three folds whose truth sits at offsets 0, 10, 20. Each fold's prediction is its training folds'
    /// mean (what a model predicts for unseen positions) plus a small within-fold signal.
    /// </summary>
    private static FoldedPredictions OffsetFolds()
    {
        var rng = new Random(9);
        var truth = new List<double>();
        var folds = new List<int>();
        for (int f = 0; f < 3; f++)
            for (int i = 0; i < 40; i++)
            {
                truth.Add(10 * f + rng.NextDouble() * 4);
                folds.Add(f);
            }
        var t = truth.ToArray();
        var fo = folds.ToArray();
        var trainMean = Enumerable.Range(0, 3).Select(f => t.Where((_, i) => fo[i] != f).Average()).ToArray();
        var foldMean = Enumerable.Range(0, 3).Select(f => t.Where((_, i) => fo[i] == f).Average()).ToArray();
        var score = t.Select((v, i) => trainMean[fo[i]] + 0.3 * (v - foldMean[fo[i]]) + rng.NextDouble() * 0.2).ToArray();
        return new FoldedPredictions(t, score, fo);
    }

    [Fact]
    public void Pooled_StandardisedDiffersFromRawPooling()
    {
        var data = OffsetFolds();
        double raw = Spearman.Compute(data.Truth, data.Score);
        var pooled = PooledScoring.Score(data, MetricRegistry.Default.Resolve(["spearman", "mse"]));
        var spearman = pooled.Single(m => m.Name == "spearman");
        // Raw pooling ranks the fold offsets: predictions fall as the truth's offset rises.
        Assert.True(raw < -0.5, $"raw pooled spearman {raw}");
        // On the folds' standardised scale the fold-constant part maps to ~0 and the within-fold signal shows.
        Assert.True(spearman.Value > 0.2, $"standardised pooled spearman {spearman.Value}");
        Assert.Equal(ScoringRule.PooledStandardised, spearman.Rule);
        Assert.Equal(3, spearman.Folds);
    }

    [Fact]
    public void FromTrainingFolds_UsesOtherFoldsMeanAndPopulationStd()
    {
        var data = new FoldedPredictions([1, 2, 3, 10, 20], [0, 0, 0, 0, 0], [0, 0, 1, 1, 2]);
        var s = FoldStandardisation.FromTrainingFolds(data);
        // Fold 0 trains on 3, 10, 20: mean 11, std sqrt(((8^2) + 1 + 81) / 3).
        Assert.Equal(11.0, s[0].TrainMean, 14);
        Assert.Equal(Math.Sqrt((64.0 + 1 + 81) / 3), s[0].TrainStd, 14);
        var z = FoldStandardisation.Standardise([11.0, 3.0], [0, 2], s);
        Assert.Equal(0.0, z[0], 14);
        Assert.Equal((3.0 - 4.0) / s[2].TrainStd, z[1], 14);
    }

    [Fact]
    public void Standardise_UnknownFold_Throws()
    {
        var s = new Dictionary<int, FoldStandardisation> { [0] = new(0, 0, 1) };
        Assert.Throws<MetricInputException>(() => FoldStandardisation.Standardise([1.0], [4], s));
    }

    [Fact]
    public void Pooled_GivenStandardisation_IsApplied()
    {
        // With identity standardisation the pooled value is the plain pooled Spearman.
        var data = OffsetFolds();
        var identity = data.FoldIds.ToDictionary(f => f, f => new FoldStandardisation(f, 0, 1));
        var pooled = PooledScoring.Score(data, [new Spearman()], identity).Single();
        Assert.Equal(Spearman.Compute(data.Truth, data.Score), pooled.Value, 15);
    }
}
