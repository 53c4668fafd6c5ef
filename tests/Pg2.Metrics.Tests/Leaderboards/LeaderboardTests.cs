using Pg2.Metrics.Leaderboards;

namespace Pg2.Metrics.Tests.Leaderboards;

public class LeaderboardTests
{
    private static readonly AssayCatalog Catalog = new(
    [
        new AssayInfo("P1_a", "P1", "Stability"),
        new AssayInfo("P1_b", "P1", "Stability"),
        new AssayInfo("P1_c", "P1", "Stability"),
        new AssayInfo("P2_a", "P2", "Stability"),
        new AssayInfo("P3_a", "P3", "Activity"),
        new AssayInfo("P1_d", "P1", "Activity"),
    ]);

    [Fact]
    public void Summarise_ProteinThenFunctionMean_DiffersFromPlainMean()
    {
        var values = new Dictionary<string, double>
        {
            ["P1_a"] = 0.9, ["P1_b"] = 0.8, ["P1_c"] = 0.7, ["P2_a"] = 0.2, ["P3_a"] = 0.1, ["P1_d"] = 0.5,
        };
        var plain = Leaderboard.Summarise(values);
        var pg = Leaderboard.Summarise(values, Catalog);
        Assert.Equal(3.2 / 6, plain.Overall, 14);
        Assert.Equal(LeaderboardRule.PlainMean, plain.Rule);
        // Stability: P1 -> 0.8, P2 -> 0.2, mean 0.5. Activity: P3 -> 0.1, P1 -> 0.5, mean 0.3. Overall 0.4.
        Assert.Equal(0.5, pg.ByFunction["Stability"], 14);
        Assert.Equal(0.3, pg.ByFunction["Activity"], 14);
        Assert.Equal(0.4, pg.Overall, 14);
        Assert.Equal(LeaderboardRule.ProteinMeanThenFunctionMean, pg.Rule);
        Assert.Equal(6, pg.Assays);
    }

    [Fact]
    public void Summarise_SkipsNaNAssays()
    {
        var values = new Dictionary<string, double> { ["P1_a"] = 0.9, ["P1_b"] = double.NaN, ["P3_a"] = 0.1 };
        var s = Leaderboard.Summarise(values, Catalog);
        Assert.Equal(0.5, s.Overall, 14);
        Assert.Equal(2, s.Assays);
    }

    [Fact]
    public void Summarise_AssayMissingFromCatalog_Throws()
    {
        var e = Assert.Throws<MetricInputException>(() => Leaderboard.Summarise(new Dictionary<string, double> { ["XYZ"] = 1 }, Catalog));
        Assert.Contains("'XYZ'", e.Message);
    }

    [Fact]
    public void Read_ProteinGymReferenceFile_HasTheSharedAssays()
    {
        var path = Path.Combine(SharedData.Root, "proteingym", "DMS_substitutions.csv");
        var catalog = AssayCatalog.Read(path);
        Assert.Equal(217, catalog.Count);
        Assert.Equal(new AssayInfo("BLAT_ECOLX_Jacquier_2013", "BLAT_ECOLX", "OrganismalFitness"), catalog["BLAT_ECOLX_Jacquier_2013"]);
        Assert.Equal("DYR_ECOLI", catalog["DYR_ECOLI_Thompson_2019"].UniProtId);
    }
}
