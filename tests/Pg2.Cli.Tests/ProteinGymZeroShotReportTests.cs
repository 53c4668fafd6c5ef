using Pg2.Contracts;
using Pg2.Testing;

namespace Pg2.Cli.Tests;

/// <summary>
/// Issue 15's zero-shot report end to end: the ProteinGym-layout fixture imported, a zero-shot game over the
/// archives with the real site-independent model (local engine) and a score-only entry (the shipped BLOSUM62
/// scores), and the report opened in headless Chromium: ours and the score entry stand in the published ranking.
/// The screenshot in docs/proteingym.md: <c>PG2_REPORT_SCREENSHOT=docs/report-proteingym.png dotnet test
/// tests/Pg2.Cli.Tests --filter ProteinGymZeroShotReport</c>.
/// </summary>
public sealed class ProteinGymZeroShotReportTests : IDisposable
{
    private readonly TempFolder _temp = new("pg-zero-shot-report");

    public void Dispose() => _temp.Dispose();

    [ChromiumFact]
    public async Task ZeroShotGame_ImportedFixture_ReportRanksTheModelAndTheScoreEntryAmongThePublished()
    {
        var d = ProteinGymDownload.Build(_temp["download"], zipped: true);
        var (import, _, importErr) = await Cli.RunAsync([.. d.ImportArguments(_temp["proteingym"]), "--only", $"{ProteinGymDownload.Envz},{ProteinGymDownload.Dyr}", "--quiet"]);
        Assert.True(import == ExitCodes.Success, importErr);
        var game = _temp.File("zero_shot.toml", $"""
            name = "proteingym_zero_shot"
            kind = "zero-shot"
            metrics = ["spearman", "auc", "mcc", "ndcg", "top_recall"]
            [[datasets]]
            path = "proteingym/*.zip"
            target = "DMS_score"
            [[models]]
            path = "{Repository.File("models", "site-independent")}"
            [[scores]]
            name = "blosum62"
            path = "{Repository.File("benchmarks", "data", "scores", "blosum62")}"
            column = "blosum62"
            """);
        var results = _temp["results"];

        var (code, stdout, stderr) = await Cli.RunAsync("benchmark", "run", game, "--results", results, "--quiet");

        Assert.True(code == ExitCodes.Success, stderr + stdout);
        var page = Path.Combine(results, "report", "index.html");
        var dom = await Chromium.RunAsync(page, _temp["chromium"], "--dump-dom");
        Assert.Contains("data-overflow=\"false\"", dom, StringComparison.Ordinal);
        // Both of ours (the model and the score entry) are rows of the ranking among the 97 published models.
        var ranking = dom[dom.IndexOf("<table class=\"ranking sortable\"", StringComparison.Ordinal)..];
        ranking = ranking[..ranking.IndexOf("</table>", StringComparison.Ordinal)];
        Assert.Contains(">site-independent<", ranking, StringComparison.Ordinal);
        Assert.Contains(">blosum62<", ranking, StringComparison.Ordinal);
        Assert.Contains(">EVmutation<", ranking, StringComparison.Ordinal);
        Assert.True(ranking.Split("<tr class=\"ours\">").Length - 1 >= 2, "ours highlighted");
        if (Environment.GetEnvironmentVariable("PG2_REPORT_SCREENSHOT") is { Length: > 0 } shot)
            await Chromium.RunAsync(page, _temp["chromium"], "--screenshot=" + Path.Combine(Repository.Root, shot));
    }
}
