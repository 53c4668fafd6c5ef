using Pg2.Contracts;
using Pg2.Datasets.Mutations;
using Pg2.Models.Esm.Scoring;

namespace Pg2.Models.Esm.Tests;

public sealed class ScorerTests
{
    private const double Tolerance = 1e-3;

    private static Mutant?[] Parse(IEnumerable<string> mutants) => mutants.Select(m => (Mutant?)Mutant.Parse(m)).ToArray();

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var member in new[] { "esm2-tiny", "esm1v-tiny-1" })
            foreach (var scenario in new[] { "short", "long" })
                foreach (var strategy in new[] { "wt-marginals", "masked-marginals", "pseudo-ppl" })
                    data.Add(member, scenario, strategy);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Scores_MatchThePyTorchReference_IncludingTheWindowOfLongTargets(string member, string scenario, string strategy)
    {
        using var session = Fixtures.Session(member);
        var scores = new EsmScorer(session).Score(Fixtures.WildType(scenario), Parse(Fixtures.Mutants(scenario)),
            ScoringStrategies.Parse(strategy, "test"), offset: 1);
        var golden = Fixtures.Scores(member, scenario, strategy);
        for (int i = 0; i < golden.Length; i++)
            Assert.True(Math.Abs(scores[i] - golden[i]) < Tolerance, $"{Fixtures.Mutants(scenario)[i]}: {scores[i]} vs reference {golden[i]}");
    }

    [Theory]
    [InlineData("wt-marginals")]
    [InlineData("masked-marginals")]
    [InlineData("pseudo-ppl")]
    public void WildType_AndSynonymousSubstitutions_ScoreZero(string strategy)
    {
        using var session = Fixtures.Session("esm2-tiny");
        var scores = new EsmScorer(session).Score(Fixtures.WildType("short"), [null, Mutant.Parse("T3T")],
            ScoringStrategies.Parse(strategy, "test"), offset: 1);
        Assert.Equal(0, scores[0]);
        Assert.Equal(0, scores[1], 12);
    }

    [Theory]
    [InlineData("wt-marginals")]
    [InlineData("masked-marginals")]
    public void Marginals_OfAMultiMutant_AreTheSumOfItsSubstitutions(string strategy)
    {
        using var session = Fixtures.Session("esm2-tiny");
        var scores = new EsmScorer(session).Score(Fixtures.WildType("long"), Parse(["W5F", "A23G", "L44A", "W5F:A23G:L44A"]),
            ScoringStrategies.Parse(strategy, "test"), offset: 1);
        Assert.Equal(scores[0] + scores[1] + scores[2], scores[3], 9);
    }

    [Fact]
    public void Scores_DoNotDependOnRowOrderOrBatchSize()
    {
        using var session = Fixtures.Session("esm1v-tiny-1");
        var mutants = Parse(Fixtures.Mutants("long"));
        var forward = new EsmScorer(session, batchSize: 8).Score(Fixtures.WildType("long"), mutants, ScoringStrategy.MaskedMarginals, 1);
        var backward = new EsmScorer(session, batchSize: 3).Score(Fixtures.WildType("long"), mutants.Reverse().ToArray(), ScoringStrategy.MaskedMarginals, 1);
        Assert.Equal(forward, backward.Reverse(), new ToleranceComparer(1e-5));
    }

    [Fact]
    public void MaskedMarginals_RunOneForwardPerSubstitutedPosition_AndWtMarginalsOnePerWindow()
    {
        using var session = Fixtures.Session("esm2-tiny");
        var mutants = Parse(["M1A", "M1C", "K2R", "K2R:A4G", "A4G"]); // positions 1, 2, 4
        var masked = new EsmScorer(session);
        masked.Score(Fixtures.WildType("short"), mutants, ScoringStrategy.MaskedMarginals, 1);
        Assert.Equal(3, masked.Forwards);
        var wt = new EsmScorer(session);
        wt.Score(Fixtures.WildType("short"), mutants, ScoringStrategy.WtMarginals, 1);
        Assert.Equal(1, wt.Forwards);
    }

    [Fact]
    public void Scores_OfAnEnsemble_AreTheMeanOfItsMembers()
    {
        var dir = Directory.CreateTempSubdirectory("pg2-esm-ensemble").FullName;
        try
        {
            var scores = ModelRun.Scores(dir, "wt-marginals", ["esm1v-tiny-1", "esm1v-tiny-2"]);
            Assert.NotEmpty(scores);
            var one = ModelRun.Scores(dir, "wt-marginals", ["esm1v-tiny-1"]);
            var two = ModelRun.Scores(dir, "wt-marginals", ["esm1v-tiny-2"]);
            for (int i = 0; i < scores.Length; i++) Assert.Equal((one[i] + two[i]) / 2, scores[i], 5);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("K2A", "mutant K2A: the wild type has S at position 2, not K")]
    [InlineData("M1A:Q99E", "mutant M1A:Q99E: position 99 is outside the wild type (residues 1..44)")]
    public void Score_OfAMutantThatDoesNotFitTheWildType_IsAnErrorNamingIt(string mutant, string message)
    {
        using var session = Fixtures.Session("esm2-tiny");
        var e = Assert.Throws<InvalidInputException>(() =>
            new EsmScorer(session).Score(Fixtures.WildType("long"), Parse(["M1A", mutant]), ScoringStrategy.WtMarginals, 1));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Strategy_NotOfTheSeed_IsUnrecognized()
    {
        var e = Assert.Throws<InvalidInputException>(() => ScoringStrategies.Parse("entropy", "manifest.toml"));
        Assert.StartsWith("manifest.toml: Unrecognized scoring strategy 'entropy'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, 10, 8, 1, 9)]
    [InlineData(1, 46, 32, 0, 32)]
    [InlineData(20, 46, 32, 4, 36)]
    [InlineData(44, 46, 32, 14, 46)]
    [InlineData(3, 20, 32, 0, 20)]
    public void Window_CentresThePositionAndClampsAtTheEnds(int position, int length, int window, int start, int end) =>
        Assert.Equal((start, end), TokenWindow.Around(position, length, window));

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
