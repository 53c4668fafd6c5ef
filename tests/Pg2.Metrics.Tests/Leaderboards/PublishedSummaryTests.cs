using nietras.SeparatedValues;
using Pg2.Metrics.Leaderboards;
using Pg2.Testing;

namespace Pg2.Metrics.Tests.Leaderboards;

/// <summary>
/// The self-check: pg2's aggregation applied to the shipped DMS-level tables rebuilds ProteinGym's
/// published Summary_performance files (inputs are rounded to 3 decimals, so 0.001 is the bound).
/// </summary>
public class PublishedSummaryTests
{
    const double Tolerance = 0.001;

    static readonly string Published = Repository.File("data", "proteingym", "published");

    static readonly (string Column, string Category)[] Depths = [("Low_MSA_depth", "Low"), ("Medium_MSA_depth", "Medium"), ("High_MSA_depth", "High")];
    static readonly (string Column, string Category)[] Taxa =
        [("Taxa_Human", "Human"), ("Taxa_Other_Eukaryote", "Eukaryote"), ("Taxa_Prokaryote", "Prokaryote"), ("Taxa_Virus", "Virus")];
    static readonly string[] Functions = ["Activity", "Binding", "Expression", "OrganismalFitness", "Stability"];

    /// <summary>Model → column → value of a published summary file.</summary>
    static Dictionary<string, Dictionary<string, double>> Summary(string setting, string metric)
    {
        var path = Path.Combine(Published, "benchmarks", setting, "substitutions", metric, $"Summary_performance_DMS_substitutions_{metric}.csv");
        using var reader = Sep.Reader(o => o with { Sep = new Sep(','), Unescape = true }).FromFile(path);
        var names = reader.Header.ColNames;
        var result = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var row in reader)
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var n in names)
                if (double.TryParse(row[n].ToString(), System.Globalization.CultureInfo.InvariantCulture, out var v)) values[n] = v;
            result[row["Model_name"].ToString()] = values;
        }
        return result;
    }

    static void Near(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{what}: published {expected}, rebuilt {actual:0.0000}");

    [Theory]
    [InlineData("spearman", "Spearman")]
    [InlineData("auc", "AUC")]
    [InlineData("mcc", "MCC")]
    [InlineData("ndcg", "NDCG")]
    [InlineData("top_recall", "Top_recall")]
    public void ZeroShot_RebuildsEveryAverageFunctionDepthAndTaxonColumn(string metric, string file)
    {
        var table = PublishedResults.ZeroShot(metric)!;
        var summary = Summary("DMS_zero_shot", file);
        Assert.Equal(217, table.Assays.Count);
        Assert.Equal(summary.Count, table.Models.Count);
        foreach (var model in table.Models)
        {
            var s = AssayAggregation.Summarise(table.Column(model), table.Catalog);
            var published = summary[model];
            Near(published["Average_" + file], s.Overall, $"{model} Average_{file}");
            foreach (var f in Functions) Near(published["Function_" + f], s.ByFunction[f], $"{model} Function_{f}");
            foreach (var (column, category) in Depths) Near(published[column], s.ByMsaDepth[category], $"{model} {column}");
            foreach (var (column, category) in Taxa) Near(published[column], s.ByTaxon[category], $"{model} {column}");
        }
    }

    static Dictionary<string, IReadOnlyDictionary<string, double>> Schemes(string metric, string model) =>
        PublishedResults.Schemes.ToDictionary(s => s, s => PublishedResults.Supervised(metric, s)!.Column(model));

    [Theory]
    [InlineData("spearman", "Spearman")]
    [InlineData("mse", "MSE")]
    public void Supervised_RebuildsTheAveragesThePerSchemeAveragesAndEveryFunctionColumn(string metric, string file)
    {
        var summary = Summary("DMS_supervised", file);
        var models = PublishedResults.Supervised(metric, "random")!.Models;
        Assert.Equal(summary.Count, models.Count);
        foreach (var model in models)
        {
            var published = summary[model];
            var s = AssayAggregation.SummariseSchemes(Schemes(metric, model), PublishedResults.Catalog);
            Near(published["Average_" + file], s.Overall, $"{model} Average_{file}");
            foreach (var scheme in PublishedResults.Schemes)
                Near(published[$"Average_{file}_fold_{scheme}_5"], AssayAggregation.Summarise(Schemes(metric, model)[scheme], PublishedResults.Catalog).Overall,
                    $"{model} Average_{file}_fold_{scheme}_5");
            foreach (var f in Functions) Near(published["Function_" + f], s.ByFunction[f], $"{model} Function_{f}");
        }
    }

    [Theory]
    [InlineData("spearman", "Spearman")]
    [InlineData("mse", "MSE")]
    public void Supervised_MeanOfSchemesTable_AggregatesToTheAverageColumn(string metric, string file)
    {
        var summary = Summary("DMS_supervised", file);
        var mean = PublishedResults.Supervised(metric, PublishedResults.MeanOfSchemes)!;
        Assert.Equal(PublishedResults.MeanOfSchemes, mean.Scheme);
        Assert.Equal(217, mean.Assays.Count);
        foreach (var model in mean.Models)
        {
            var overall = AssayAggregation.Summarise(mean.Column(model), PublishedResults.Catalog).Overall;
            Near(summary[model]["Average_" + file], overall, $"{model} Average_{file} from the mean-of-schemes table");
            Assert.Equal(AssayAggregation.SummariseSchemes(Schemes(metric, model), PublishedResults.Catalog).Overall, overall, 9);
        }
    }

    /// <summary>
    /// ProteinGym's supervised script names the depth and taxon columns by position after pandas sorted the
    /// categories alphabetically (performance_DMS_supervised_benchmarks.py: <c>pivot</c>, then
    /// <c>columns = ['Taxa_Human','Taxa_Other_Eukaryote',…]</c>), so its Taxa_Human holds the Eukaryote mean
    /// and Taxa_Other_Eukaryote the Human one. With that relabelling the taxon columns rebuild within 0.001.
    /// </summary>
    [Theory]
    [InlineData("spearman", "Spearman")]
    [InlineData("mse", "MSE")]
    public void Supervised_TaxonColumnsRebuildUnderProteinGymsAlphabeticalRelabelling(string metric, string file)
    {
        var summary = Summary("DMS_supervised", file);
        string[] sorted = ["Eukaryote", "Human", "Prokaryote", "Virus"];
        foreach (var model in PublishedResults.Supervised(metric, "random")!.Models)
        {
            var s = AssayAggregation.SummariseSchemes(Schemes(metric, model), PublishedResults.Catalog);
            for (int i = 0; i < Taxa.Length; i++)
                Near(summary[model][Taxa[i].Column], s.ByTaxon[sorted[i]], $"{model} {Taxa[i].Column} (= {sorted[i]})");
        }
    }

    [Fact]
    public void Catalog_FromThePublishedTables_AgreesWithTheReferenceFile()
    {
        var reference = AssayCatalog.Read(Repository.SharedData("proteingym", "DMS_substitutions.csv"));
        Assert.Equal(217, PublishedResults.Catalog.Count);
        foreach (var a in PublishedResults.Catalog.Assays) Assert.Equal(reference[a.DmsId], a);
    }

    [Fact]
    public void ShippedTables_KeepTheirNoticeVerbatim()
    {
        var shipped = File.ReadAllText(Path.Combine(Published, "SOURCES.md"));
        Assert.Equal(File.ReadAllText(Repository.SharedData("proteingym", "published", "SOURCES.md")), shipped);
        Assert.Contains("MIT", PublishedResults.Attribution);
    }
}
