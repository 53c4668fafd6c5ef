using Pg2.Runner.Games;
using Pg2.Runner.Scoring;
using Pg2.Testing;

namespace Pg2.Runner.Tests;

public class BinarisationCutoffTests
{
    static GameDataset Data(string relative, string? target) =>
        new("d", Path.Combine(Repository.Root, "benchmarks", "data", relative), target, [], 5);

    [Fact]
    public void Of_ReadsTheTargetsDmsScoreBinCutoff() =>
        Assert.Equal(3.5, BinarisationCutoff.Of(Data("ENVZ_ECOLI_Ghose_2023.zip", "DMS_score")));

    [Fact]
    public void Of_WithoutConstant_IsNull() =>
        Assert.Null(BinarisationCutoff.Of(Data(Path.Combine("seed", "charge_ladder.zip"), null)));

    [Theory]
    [InlineData(new[] { "spearman", "AUC" }, true)]
    [InlineData(new[] { "spearman", "mcc" }, true)]
    [InlineData(new[] { "spearman", "ndcg" }, false)]
    public void Needed_OnlyForBinaryMetrics(string[] metrics, bool expected) =>
        Assert.Equal(expected, BinarisationCutoff.Needed(metrics));
}
