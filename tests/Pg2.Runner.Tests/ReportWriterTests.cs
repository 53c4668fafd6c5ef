using System.Globalization;
using Pg2.Runner.Games;
using Pg2.Runner.Jobs;
using Pg2.Runner.Reports;

namespace Pg2.Runner.Tests;

public class ReportWriterTests
{
    // Per-fold Spearman of FakeEngine's good model over 3 folds, and over the 30 pooled rows:
    // scipy.stats.spearmanr / numpy.std(ddof=1) (see FakeEngine.Csv for the rows).
    const double MeanSpearman = 0.9878787878787878;
    const double StdSpearman = 0.012121212121212088;
    const double PooledSpearman = 0.9878787878787879;

    static Leaderboard RunAndReport(Workspace ws, string game)
    {
        new BenchmarkRunner(new FakeEngine(), new RunOptions { ResultsDir = ws.Results }, new CountingObserver())
            .RunAsync(GameFile.Load(game), CancellationToken.None).GetAwaiter().GetResult();
        return ReportWriter.Write(ws.Results);
    }

    [Fact]
    public void Folds_AggregateAsMeanSampleStdAndPooled()
    {
        using var ws = new Workspace();
        var board = RunAndReport(ws, ws.Game("g", ["good"], datasets: 1, splits: "\"modulo\""));
        var row = Assert.Single(board.Rows);
        Assert.Equal(("good", "d1", "modulo", "y", 3, 0), (row.Model, row.Dataset, row.Split, row.Target, row.Jobs, row.Failed));
        Assert.Equal(MeanSpearman, row["test_spearman"]!.Value, 12);
        Assert.Equal(StdSpearman, row["test_spearman_std"]!.Value, 12);
        Assert.Equal(PooledSpearman, row["pooled_spearman"]!.Value, 12);
        Assert.Equal(PooledSpearman, row.Headline("spearman")!.Value, 12);
        // The scheme's summary file sits beside its folds.
        var summary = File.ReadAllText(Path.Combine(ws.Results, "g", "d1", "good", "modulo", "metrics.json"));
        Assert.Contains("\"per_fold\"", summary);
        Assert.Contains("\"fold_2\"", summary);
    }

    [Fact]
    public void FailedFold_LeavesPooledEmptyAndCountsFailure()
    {
        using var ws = new Workspace();
        var game = ws.Game("g", ["good"], datasets: 1, splits: "\"random\"");
        RunAndReport(ws, game);
        var fold1 = Path.Combine(ws.Results, "g", "d1", "good", "random", "fold1");
        JobRecord.TryRead(fold1)!.With(r => r with { Status = JobStatus.Failed, Reason = "boom" }).Write(fold1);
        var row = Assert.Single(ReportWriter.Write(ws.Results).Rows);
        Assert.Equal(1, row.Failed);
        Assert.Null(row["pooled_spearman"]);
        Assert.NotNull(row["test_spearman"]);
        Assert.Equal("boom", row.FailureReason);
    }

    [Fact]
    public void Write_ProducesCsvMarkdownAndHtmlWithTableAndPlots()
    {
        using var ws = new Workspace();
        RunAndReport(ws, ws.Game("g", ["good", "fail"], datasets: 2));
        var csv = File.ReadAllLines(Path.Combine(ws.Results, "leaderboard.csv"));
        Assert.Equal("game,model,dataset,split,target,test_spearman,test_spearman_std,test_mse,test_mse_std,jobs,failed", csv[0]);
        Assert.Equal(5, csv.Length);
        Assert.Contains("g,good,d1,,y,1,,0,,1,0", csv);
        Assert.Contains("g,fail,d2,,y,,,,,1,1", csv);

        var md = File.ReadAllText(Path.Combine(ws.Results, "leaderboard.md"));
        Assert.True(md.Contains("| d1 |  | y | good | 1.000 | 0.000 | ok |", StringComparison.Ordinal), md);
        Assert.Contains("1/1 failed", md);

        var html = File.ReadAllText(Path.Combine(ws.Results, "report", "index.html"));
        Assert.Contains("<table class=\"leaderboard\" id=\"leaderboard-g\">", html);
        Assert.Contains("<td>good</td>", html);
        Assert.Contains("<table class=\"heatmap\">", html);
        Assert.Contains("title=\"model exited with code 1\"", html);
        foreach (var d in new[] { "d1", "d2" })
        {
            var png = Path.Combine(ws.Results, "report", $"scatter_g_{d}.png");
            Assert.Contains($"src=\"scatter_g_{d}.png\"", html);
            var bytes = File.ReadAllBytes(png);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
    }

    [Fact]
    public void Leaderboard_RanksBestFirstWithinDataset()
    {
        using var ws = new Workspace();
        var board = RunAndReport(ws, ws.Game("g", ["fail", "good"], datasets: 1));
        var ranked = ReportWriter.Ranked(board, board.Games[0]).Select(r => r.Model).ToList();
        Assert.Equal(["good", "fail"], ranked);
    }

    [Fact]
    public void Build_OnMissingFolder_IsFileNotFound()
    {
        var e = Assert.Throws<Pg2.Contracts.InvalidInputException>(() => ReportWriter.Write("/nonexistent/results"));
        Assert.Equal(Pg2.Contracts.ExitCodes.FileNotFound, e.ExitCode);
    }

    [Fact]
    public void Leaderboard_ReadsMetricsFiles_NeverRescoresPredictions()
    {
        using var ws = new Workspace();
        RunAndReport(ws, ws.Game("g", ["good"], datasets: 1, splits: "\"modulo\""));
        var scheme = Path.Combine(ws.Results, "g", "d1", "good", "modulo");
        foreach (var fold in Directory.GetDirectories(scheme))
            File.WriteAllText(Path.Combine(fold, ResultFiles.Predictions), "not,a\npredictions,file\n");
        var row = Assert.Single(ReportWriter.Write(ws.Results).Rows);
        Assert.Equal(MeanSpearman, row["test_spearman"]!.Value, 12);
        Assert.Equal(PooledSpearman, row["pooled_spearman"]!.Value, 12);
    }

    [Fact]
    public void Leaderboard_TakesFoldsFromJobRecords_NotFolderNames()
    {
        using var ws = new Workspace();
        RunAndReport(ws, ws.Game("g", ["good"], datasets: 1, splits: "\"modulo\""));
        var scheme = Path.Combine(ws.Results, "g", "d1", "good", "modulo");
        foreach (var fold in Directory.GetDirectories(scheme))
            Directory.Move(fold, Path.Combine(scheme, "renamed-" + Guid.NewGuid().ToString("N")));
        var row = Assert.Single(ReportWriter.Write(ws.Results).Rows);
        Assert.Equal((3, 0), (row.Jobs, row.Failed));
        Assert.Equal(MeanSpearman, row["test_spearman"]!.Value, 12);
        Assert.Equal(StdSpearman, row["test_spearman_std"]!.Value, 12);
    }

    [Fact]
    public async Task SchemeMetrics_WrittenByTheRunnerWhenTheLastFoldIsScored()
    {
        using var ws = new Workspace();
        await new BenchmarkRunner(new FakeEngine(), new RunOptions { ResultsDir = ws.Results }, new CountingObserver())
            .RunAsync(GameFile.Load(ws.Game("g", ["good"], datasets: 1, splits: "\"modulo\"")), CancellationToken.None);
        // No report has run: the runner wrote the scheme's pooled file itself.
        var file = Pg2.Metrics.MetricsFile.TryRead(Path.Combine(ws.Results, "g", "d1", "good", "modulo", "metrics.json"))!;
        Assert.Equal(3, file.Metadata.TotalFolds);
        Assert.Equal(PooledSpearman, file.Pooled!["spearman"]!.Value, 12);
        Assert.Equal(StdSpearman, file.Test["spearman_std"]!.Value, 12);
    }

    [Fact]
    public void Report_SummarisesEachModelOverDatasetsWithBootstrapError()
    {
        using var ws = new Workspace();
        var board = RunAndReport(ws, ws.Game("g", ["good", "fail"], datasets: 3));
        var good = board.Summaries.Single(s => s.Model == "good" && s.Metric == "spearman");
        Assert.Equal((1.0, 3, Pg2.Metrics.Leaderboards.AssayAggregationRule.PlainMean), (good.Summary.Overall, good.Summary.Assays, good.Summary.Rule));
        Assert.Equal(0.0, good.StandardError, 12); // every dataset gives 1: no spread
        var fail = board.Summaries.Single(s => s.Model == "fail" && s.Metric == "spearman");
        Assert.True(double.IsNaN(fail.Summary.Overall));
        var md = File.ReadAllText(Path.Combine(ws.Results, "leaderboard.md"));
        Assert.Contains("### Over datasets", md);
        Assert.Contains("| good |  | 1.000 ± 0.000 | 0.000 ± 0.000 | 3 |", md);
        Assert.Contains("| fail |  | n/a | n/a | 0 |", md);
    }
}

internal static class RecordExtensions
{
    public static JobRecord With(this JobRecord r, Func<JobRecord, JobRecord> change) => change(r);
}

public class LeaderboardScopeTests
{
    [Fact]
    public async Task Leaderboard_LeavesOutDatasetsRemovedFromTheGame()
    {
        using var ws = new Workspace();
        var runner = new BenchmarkRunner(new FakeEngine(), new RunOptions { ResultsDir = ws.Results }, new CountingObserver());
        await runner.RunAsync(GameFile.Load(ws.Game("g", ["good"], datasets: 2)), CancellationToken.None);
        await runner.RunAsync(GameFile.Load(ws.Game("g", ["good"], datasets: 1)), CancellationToken.None);
        Assert.Equal(["d1"], ReportWriter.Write(ws.Results).Rows.Select(r => r.Dataset));
        Assert.True(Directory.Exists(Path.Combine(ws.Results, "g", "d2", "good"))); // kept on disk
    }
}
