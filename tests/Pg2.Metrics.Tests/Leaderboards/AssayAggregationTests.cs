using Pg2.Metrics.Leaderboards;

namespace Pg2.Metrics.Tests.Leaderboards;

public class AssayAggregationTests
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
        var plain = AssayAggregation.Summarise(values);
        var pg = AssayAggregation.Summarise(values, Catalog);
        Assert.Equal(3.2 / 6, plain.Overall, 14);
        Assert.Equal(AssayAggregationRule.PlainMean, plain.Rule);
        // Stability: P1 -> 0.8, P2 -> 0.2, mean 0.5. Activity: P3 -> 0.1, P1 -> 0.5, mean 0.3. Overall 0.4.
        Assert.Equal(0.5, pg.ByFunction["Stability"], 14);
        Assert.Equal(0.3, pg.ByFunction["Activity"], 14);
        Assert.Equal(0.4, pg.Overall, 14);
        Assert.Equal(AssayAggregationRule.ProteinMeanThenFunctionMean, pg.Rule);
        Assert.Equal(6, pg.Assays);
    }

    [Fact]
    public void Summarise_SkipsNaNAssays()
    {
        var values = new Dictionary<string, double> { ["P1_a"] = 0.9, ["P1_b"] = double.NaN, ["P3_a"] = 0.1 };
        var s = AssayAggregation.Summarise(values, Catalog);
        Assert.Equal(0.5, s.Overall, 14);
        Assert.Equal(2, s.Assays);
    }

    [Fact]
    public void Summarise_AssayMissingFromCatalog_Throws()
    {
        var e = Assert.Throws<MetricInputException>(() => AssayAggregation.Summarise(new Dictionary<string, double> { ["XYZ"] = 1 }, Catalog));
        Assert.Contains("'XYZ'", e.Message);
    }

    [Fact]
    public void Read_ProteinGymReferenceFile_HasTheSharedAssays()
    {
        var path = Path.Combine(SharedData.Root, "proteingym", "DMS_substitutions.csv");
        var catalog = AssayCatalog.Read(path);
        Assert.Equal(217, catalog.Count);
        Assert.Equal(new AssayInfo("BLAT_ECOLX_Jacquier_2013", "BLAT_ECOLX", "OrganismalFitness", "High", "Prokaryote"), catalog["BLAT_ECOLX_Jacquier_2013"]);
        Assert.Equal("DYR_ECOLI", catalog["DYR_ECOLI_Thompson_2019"].UniProtId);
    }
    [Fact]
    public void Summarise_DepthAndTaxonBreakdowns_AverageProteinsWithinTheCategoryWithoutTheFunctionLevel()
    {
        var catalog = new AssayCatalog(
        [
            new AssayInfo("A1", "PA", "Stability", "Low", "Human"),
            new AssayInfo("A2", "PA", "Activity", "Low", "Human"),
            new AssayInfo("B1", "PB", "Stability", "Low", "Virus"),
            new AssayInfo("C1", "PC", "Binding", "High", "Human"),
        ]);
        var values = new Dictionary<string, double> { ["A1"] = 0.2, ["A2"] = 0.4, ["B1"] = 0.9, ["C1"] = 0.5 };
        var s = AssayAggregation.Summarise(values, catalog);
        // Low: PA -> 0.3, PB -> 0.9, mean 0.6 (a function-first rule would give 0.35 + ... instead).
        Assert.Equal(0.6, s.ByMsaDepth["Low"], 14);
        Assert.Equal(0.5, s.ByMsaDepth["High"], 14);
        // Human: PA -> 0.3, PC -> 0.5.
        Assert.Equal(0.4, s.ByTaxon["Human"], 14);
        Assert.Equal(0.9, s.ByTaxon["Virus"], 14);
    }

    [Fact]
    public void SummariseSchemes_IsTheMeanOfThePerSchemeSummaries()
    {
        var schemes = new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["random"] = new Dictionary<string, double> { ["P1_a"] = 0.9, ["P3_a"] = 0.1 },
            ["modulo"] = new Dictionary<string, double> { ["P1_a"] = 0.5, ["P3_a"] = 0.3 },
        };
        var s = AssayAggregation.SummariseSchemes(schemes, Catalog);
        Assert.Equal((0.5 + 0.4) / 2, s.Overall, 14);
        Assert.Equal(0.7, s.ByFunction["Stability"], 14);
        Assert.Equal(0.2, s.ByFunction["Activity"], 14);
    }
}

public class LeaderboardBootstrapTests
{
    [Fact]
    public void BootstrapStandardError_WithoutCatalog_IsThePlainBootstrapOverAssays()
    {
        var v = Values(3);
        double se = AssayAggregation.BootstrapStandardError(v, catalog: null, resamples: 4000, seed: 1);
        // One group of 40 assays: SE of a mean = sqrt(var / n) (ddof 0 bootstrap).
        double m = v.Values.Average();
        double expected = Math.Sqrt(v.Values.Sum(t => (t - m) * (t - m)) / v.Count / v.Count);
        Assert.InRange(se, expected * 0.9, expected * 1.1);
    }

    private static readonly AssayCatalog Catalog = new(
        Enumerable.Range(0, 40).Select(i => new AssayInfo($"A{i}", $"P{i}", i % 2 == 0 ? "Stability" : "Activity")));

    private static Dictionary<string, double> Values(int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, 40).ToDictionary(i => $"A{i}", _ => rng.NextDouble());
    }

    [Fact]
    public void BootstrapStandardError_AgainstItself_IsZero()
    {
        var v = Values(1);
        Assert.Equal(0.0, AssayAggregation.BootstrapStandardError(v, Catalog, reference: v, resamples: 200), 15);
    }

    [Fact]
    public void BootstrapStandardError_IsSeededAndNearTheAnalyticValue()
    {
        var v = Values(2);
        double a = AssayAggregation.BootstrapStandardError(v, Catalog, resamples: 4000, seed: 5);
        Assert.Equal(a, AssayAggregation.BootstrapStandardError(v, Catalog, resamples: 4000, seed: 5));
        // Two categories of 20 proteins: SE of the mean of two means = sqrt(var1/20 + var2/20) / 2 (ddof 0 bootstrap).
        double Var(string f)
        {
            var x = v.Where(kv => Catalog[kv.Key].SelectionType == f).Select(kv => kv.Value).ToArray();
            double m = x.Average();
            return x.Sum(t => (t - m) * (t - m)) / x.Length;
        }
        double expected = Math.Sqrt(Var("Stability") / 20 + Var("Activity") / 20) / 2;
        Assert.InRange(a, expected * 0.9, expected * 1.1);
    }

    [Fact]
    public void Summarise_RoundsAssayValuesLikeProteinGym()
    {
        var catalog = new AssayCatalog([new AssayInfo("a", "P", "Stability"), new AssayInfo("b", "Q", "Stability")]);
        var s = AssayAggregation.Summarise(new Dictionary<string, double> { ["a"] = 0.12345, ["b"] = 0.0005 }, catalog, assayDecimals: 3);
        // 0.12345 -> 0.123; 0.0005 -> 0.0 (half to even); mean 0.0615.
        Assert.Equal((0.123 + 0.0) / 2, s.Overall, 15);
    }

}
