using Pg2.Metrics.Folds;
using Pg2.Runner.Games;
using Pg2.Metrics.Leaderboards;
using Pg2.Runner.Reports;

namespace Pg2.Runner.Tests;

public class PublishedComparisonTests
{
    static readonly string[] Assays = ["BLAT_ECOLX_Jacquier_2013", "DYR_ECOLI_Thompson_2019", "ENVZ_ECOLI_Ghose_2023", "A0A140D2T1_ZIKV_Sourisseau_2019", "SPIKE_SARS2_Starr_2020_binding"];

    /// <summary>"copy" reports exactly EVmutation's published values; "top" beats every published model on every assay.</summary>
    static double Value(string model, string dataset, string metric) => model switch
    {
        "copy" => PublishedResults.ZeroShot(metric)!["EVmutation", dataset],
        _ => 1.5,
    };

    static Leaderboard Board(Workspace ws)
    {
        SyntheticResults.ZeroShot(ws.Results, "zs", Assays, ["copy", "top"], ["spearman", "auc", "mcc", "ndcg", "top_recall"], Value);
        return ReportWriter.Write(ws.Results);
    }

    [Fact]
    public void ZeroShot_EveryProteinGymMetric_HasARankingOverTheCoveredAssays()
    {
        using var ws = new Workspace();
        var board = Board(ws);
        Assert.Equal(["spearman", "auc", "mcc", "ndcg", "top_recall"], board.Published.Select(c => c.Metric));
        foreach (var c in board.Published)
        {
            Assert.Equal(Assays.Order(StringComparer.Ordinal), c.Assays);
            Assert.Equal(PublishedResults.ZeroShot(c.Metric)!.Models.Count + 2, c.Ranking.Count);
            Assert.Equal("top", c.Ranking[0].Model);
            Assert.True(c.Ranking[0].Ours);
        }
    }

    [Fact]
    public void AModelWithAPublishedModelsValues_GetsItsAggregateAndItsPlaceOnEachAssay()
    {
        using var ws = new Workspace();
        var board = Board(ws);
        var spearman = board.Published.Single(c => c.Metric == "spearman");
        var copy = spearman.Ranking.Single(r => r.Model == "copy");
        var evmutation = spearman.Ranking.Single(r => r.Model == "EVmutation");
        Assert.Equal(evmutation.Summary.Overall, copy.Summary.Overall, 12);
        Assert.Equal(evmutation.Summary.ByFunction, copy.Summary.ByFunction);
        // The aggregate is ProteinGym's rule over these five assays, not the plain mean.
        var table = PublishedResults.ZeroShot("spearman")!;
        var values = Assays.ToDictionary(a => a, a => table["EVmutation", a]);
        Assert.Equal(AssayAggregation.Summarise(values, PublishedResults.Catalog).Overall, copy.Summary.Overall, 12);
        Assert.Equal("MSA", evmutation.ModelType);
        foreach (var a in Assays)
        {
            var p = spearman.Placement("copy", a)!;
            var better = table.Models.Count(m => table[m, a] > table["EVmutation", a]);
            Assert.Equal(better + 1, p.Rank);
            Assert.Equal(table.Models.Count(m => !double.IsNaN(table[m, a])), p.Published);
            Assert.Equal(1, spearman.Placement("top", a)!.Rank);
        }
        // The standard error is centred on the best published model, which therefore has 0.
        var best = spearman.Ranking.First(r => !r.Ours);
        Assert.Equal(0.0, best.StandardError, 12);
        Assert.True(copy.StandardError > 0);
    }

    [Fact]
    public void Csv_RowsOnProteinGymAssays_CarryTheirDmsIdAndPublishedRank()
    {
        using var ws = new Workspace();
        var board = Board(ws);
        var csv = File.ReadAllLines(Path.Combine(ws.Results, ReportWriter.CsvFile));
        var header = csv[0].Split(',');
        Assert.Contains("dms_id", header);
        Assert.Contains("published_rank_spearman", header);
        Assert.Contains("published_models_top_recall", header);
        var top = csv.Single(l => l.StartsWith("zs,top,BLAT_ECOLX_Jacquier_2013,", StringComparison.Ordinal)).Split(',');
        Assert.Equal("1", top[Array.IndexOf(header, "published_rank_spearman")]);
        Assert.Equal("BLAT_ECOLX_Jacquier_2013", top[Array.IndexOf(header, "dms_id")]);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(ws.Results, ReportWriter.JsonFile)))!;
        Assert.Equal(5, json["published"]!.AsArray().Count);
        Assert.Equal("top", json["published"]![0]!["ranking"]![0]!["model"]!.GetValue<string>());
        Assert.Contains("MIT", json["published_source"]!.GetValue<string>());
        // Over datasets, the game's own summary now follows ProteinGym's rule too.
        var summary = board.Summaries.Single(s => s.Model == "copy" && s.Metric == "spearman");
        Assert.Equal(AssayAggregationRule.ProteinMeanThenFunctionMean, summary.Summary.Rule);
    }

    [Fact]
    public void DatasetsThatAreNotProteinGymAssays_HaveNoComparison()
    {
        using var ws = new Workspace();
        SyntheticResults.ZeroShot(ws.Results, "zs", ["mine1", "mine2"], ["m"], ["spearman"], (_, _, _) => 0.3);
        var board = ReportWriter.Write(ws.Results);
        Assert.Empty(board.Published);
        Assert.DoesNotContain("dms_id", File.ReadAllLines(Path.Combine(ws.Results, ReportWriter.CsvFile))[0]);
    }

    static LeaderboardRow Row(string model, string dataset, string split, double spearman) =>
        new("sup", GameKind.Supervised, model, dataset, split, "DMS_score", 5, 0, [new("pooled_spearman", spearman)], null);

    [Fact]
    public void Supervised_AllThreeSchemes_AlsoRankTheirMean_AsProteinGymsHeadline()
    {
        string[] assays = ["BLAT_ECOLX_Jacquier_2013", "DYR_ECOLI_Thompson_2019"];
        var random = PublishedResults.Supervised("spearman", "random")!;
        var modulo = PublishedResults.Supervised("spearman", "modulo")!;
        var contiguous = PublishedResults.Supervised("spearman", "contiguous")!;
        var published = random.Models[0];
        var rows = assays.SelectMany(a => new[]
        {
            Row("copy", a, "random", random[published, a]), Row("copy", a, "modulo", modulo[published, a]), Row("copy", a, "contiguous", contiguous[published, a]),
            Row("random-only", a, "random", 0.9),
        }).ToList();
        var game = new GameInfo("sup", GameKind.Supervised, ["spearman"], [ScoreMode.Pooled], "g.toml", assays, ["copy", "random-only"]);
        var comparisons = PublishedComparison.Build(rows, [game], 50);
        Assert.Equal(["random", "modulo", "contiguous", PublishedResults.MeanOfSchemes], comparisons.Select(c => c.Split));
        var mean = comparisons.Single(c => c.Split == PublishedResults.MeanOfSchemes);
        // Only models that ran every scheme are in the mean; a copy of a published model ties with it.
        Assert.DoesNotContain(mean.Ranking, r => r.Model == "random-only");
        var copy = mean.Ranking.Single(r => r.Model == "copy");
        Assert.Equal(mean.Ranking.Single(r => r.Model == published).Summary.Overall, copy.Summary.Overall, 12);
        var expected = assays.ToDictionary(a => a, a => (random[published, a] + modulo[published, a] + contiguous[published, a]) / 3);
        Assert.Equal(AssayAggregation.Summarise(expected, PublishedResults.Catalog).Overall, copy.Summary.Overall, 12);
        Assert.Equal(expected[assays[0]], mean.Placement("copy", assays[0])!.Value, 12);
    }

    [Fact]
    public void Supervised_WithoutEveryScheme_HasNoMeanRanking()
    {
        var game = new GameInfo("sup", GameKind.Supervised, ["spearman"], [ScoreMode.Pooled], "g.toml", ["BLAT_ECOLX_Jacquier_2013"], ["m"]);
        var comparisons = PublishedComparison.Build([Row("m", "BLAT_ECOLX_Jacquier_2013", "random", 0.5), Row("m", "BLAT_ECOLX_Jacquier_2013", "modulo", 0.4)], [game], 50);
        Assert.Equal(["random", "modulo"], comparisons.Select(c => c.Split));
    }
}
