using System.Text.Json;
using Pg2.Contracts;
using Pg2.Testing;

namespace Pg2.Cli.Tests;

/// <summary>
/// Issue 15 end to end: the fixture in ProteinGym's layout imported with <c>pg2 proteingym import</c>, then a
/// supervised game over the imported archives (a glob) with the real PLS model on the local engine, split by
/// ProteinGym's own modulo folds: every job says so, each fold's test rows are the file's fold, and the
/// leaderboard has the model's rows, placed beside the published supervised models.
/// </summary>
public sealed class ProteinGymSupervisedGameTests : IDisposable
{
    private readonly TempFolder _temp = new("pg-supervised");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task SupervisedGame_ImportedArchives_UsesTheOfficialFoldsAndRanksBesideThePublishedModels()
    {
        var d = ProteinGymDownload.Build(_temp["download"], zipped: true);
        var (import, _, importErr) = await Cli.RunAsync([.. d.ImportArguments(_temp["proteingym"]), "--only", $"{ProteinGymDownload.Envz},{ProteinGymDownload.Dyr}", "--quiet"]);
        Assert.True(import == ExitCodes.Success, importErr);
        var game = _temp.File("supervised.toml", $"""
            name = "pg_supervised"
            kind = "supervised"
            metrics = ["spearman", "mse"]
            score_modes = ["test", "pooled"]
            [[datasets]]
            path = "proteingym/*.zip"
            target = "DMS_score"
            splits = ["modulo"]
            folds = 5
            [[models]]
            path = "{Repository.File("models", "pls")}"
            """);
        var results = _temp["results"];

        var (code, stdout, stderr) = await Cli.RunAsync("benchmark", "run", game, "--results", results, "--jobs", "2", "--json");

        Assert.True(code == ExitCodes.Success, stderr + stdout);
        using (var summary = JsonDocument.Parse(stdout))
        {
            Assert.Equal(10, summary.RootElement.GetProperty("executed").GetInt32());
            Assert.Equal(0, summary.RootElement.GetProperty("failed").GetInt32());
        }
        foreach (var assay in new[] { ProteinGymDownload.Envz, ProteinGymDownload.Dyr })
        {
            var official = d.Folds[assay]["fold_modulo_5"];
            for (var k = 0; k < 5; k++)
            {
                var dir = Path.Combine(results, "pg_supervised", assay, "pls", "modulo", $"fold{k}");
                var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "job.json"))).RootElement;
                Assert.Equal("succeeded", record.GetProperty("status").GetString());
                Assert.Equal("proteingym", record.GetProperty("folds_source").GetString());
                var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json"))).RootElement;
                Assert.Equal(official.Values.Count(f => f == k), metrics.GetProperty("rows").GetInt32());
            }
        }
        var board = File.ReadAllLines(Path.Combine(results, "leaderboard.csv"));
        var header = board[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        foreach (var assay in new[] { ProteinGymDownload.Envz, ProteinGymDownload.Dyr })
        {
            var row = board.Skip(1).Select(l => l.Split(',')).Single(r => r[Col("model")] == "pls" && r[Col("dataset")] == assay && r[Col("split")] == "modulo");
            Assert.Equal(assay, row[Col("dms_id")]);
            Assert.True(double.TryParse(row[Col("pooled_spearman")], System.Globalization.CultureInfo.InvariantCulture, out var rho) && rho is > -1 and < 1, string.Join(',', row));
        }
        Assert.Contains(header, h => h.StartsWith("published_", StringComparison.Ordinal));
    }
}
