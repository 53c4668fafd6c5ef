using System.Text.RegularExpressions;
using Pg2.Metrics.Leaderboards;
using Pg2.Runner.Reports;
using Pg2.Testing;

namespace Pg2.Runner.Tests;

/// <summary>The report of a game over all 217 ProteinGym assays: light to open, ranking first, wide tables inside their boxes.</summary>
public sealed partial class LargeReportTests(LargeReportTests.Report report) : IClassFixture<LargeReportTests.Report>
{
    /// <summary>One results tree and report for all the tests here (writing it bootstraps 500 model columns).</summary>
    public sealed class Report : IDisposable
    {
        public Report() => (Ws, Board, Html) = Write();
        internal Workspace Ws { get; }
        public Leaderboard Board { get; }
        public string Html { get; }
        public void Dispose() => Ws.Dispose();
    }

    static readonly string[] Metrics = ["spearman", "auc", "mcc", "ndcg", "top_recall"];
    static readonly string[] Models = ["ours-a", "ours-b", "ours-c"];
    const int Plotted = 12;

    static (Workspace Ws, Leaderboard Board, string Html) Write()
    {
        var ws = new Workspace();
        var assays = PublishedResults.Catalog.Assays.Select(a => a.DmsId).Order(StringComparer.Ordinal).ToList();
        // Each of ours is a published model shifted a little, so it lands mid-table.
        SyntheticResults.ZeroShot(ws.Results, "proteingym", assays, Models, Metrics,
            (m, d, x) => PublishedResults.ZeroShot(x)!["EVmutation", d] + 0.01 * Array.IndexOf(Models, m), Plotted);
        var board = ReportWriter.Write(ws.Results);
        return (ws, board, File.ReadAllText(Path.Combine(ws.Results, ReportWriter.HtmlFile)));
    }

    [Fact]
    public void Report_At217Assays_OpensOnTheRankingAndLoadsNoPlotUpFront()
    {
        var (board, html) = (report.Board, report.Html);
        Assert.Equal(217, board.Published[0].Assays.Count);
        // The ranking comes before the per-dataset table, the heatmap and the plots.
        var ranking = html.IndexOf("<table class=\"ranking sortable\"", StringComparison.Ordinal);
        Assert.True(ranking > 0 && ranking < html.IndexOf("<table class=\"leaderboard\"", StringComparison.Ordinal));
        Assert.True(html.IndexOf("<table class=\"leaderboard\"", StringComparison.Ordinal) < html.IndexOf("<table class=\"heatmap\"", StringComparison.Ordinal));
        // Plots are listed per dataset and loaded when opened: no image source up front.
        Assert.Equal(Plotted, ImageSources().Matches(html).Count);
        Assert.DoesNotMatch("<img src=", html);
        // Every wide table sits in a scrolling box, and nothing pulls a script or style from the network.
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        foreach (Match m in Tables().Matches(html))
            Assert.True(html[..m.Index].EndsWith("<div class=\"box\">", StringComparison.Ordinal), $"table not in a box: {m.Value}");
        Assert.InRange(html.Length, 100_000, 8_000_000);
    }

    [ChromiumFact]
    public async Task Report_At217Assays_RendersInHeadlessChromiumWithoutWideningThePage()
    {
        var ws = report.Ws;
        var page = Path.Combine(ws.Results, ReportWriter.HtmlFile);
        var dom = await Chromium.RunAsync(page, Path.Combine(ws.Root, "chromium"), "--dump-dom");
        Assert.Contains("data-overflow=\"false\"", dom, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"ours\">", dom, StringComparison.Ordinal);
        // The selector shows one metric's ranking at a time: the other four are hidden by the script.
        Assert.Equal(Metrics.Length - 1, HiddenViews().Matches(dom).Count);
        Assert.Equal(Plotted, ImageSources().Matches(dom).Count);
        if (Environment.GetEnvironmentVariable("PG2_REPORT_SCREENSHOT") is { Length: > 0 } shot)
            await Chromium.RunAsync(page, Path.Combine(ws.Root, "chromium"), "--screenshot=" + Path.GetFullPath(shot));
    }

    [GeneratedRegex("<img data-src=")]
    private static partial Regex ImageSources();

    [GeneratedRegex("<table class=\"(ranking sortable|leaderboard|heatmap|summary sortable|plots)\"")]
    private static partial Regex Tables();

    [GeneratedRegex("<div data-view=\"[^\"]*\" data-name=\"[^\"]*\" hidden")]
    private static partial Regex HiddenViews();
}
