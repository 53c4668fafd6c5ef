using System.Text.Json;
using Pg2.Contracts;
using Pg2.Testing;

namespace Pg2.Cli.Tests;

/// <summary>
/// Issue 11, class 6, from the CLI with the real PLS model (local engine): a game's <c>folds = 3</c> reaches
/// the model, so each scheme runs exactly three fold jobs and their test folds together cover every row
/// (before the fix the model split into its default five folds and three of them covered 60 %).
/// </summary>
public sealed class GameFoldCountTests
{
    [Fact]
    public async Task FoldsThree_RunsThreeJobsPerScheme_WhoseTestFoldsCoverEveryRow()
    {
        using var root = new TempFolder("game-folds");
        var game = Path.Combine(root.Path, "folds.toml");
        File.WriteAllText(game, $"""
            name = "folds"
            kind = "supervised"
            metrics = ["spearman"]
            [[datasets]]
            path = "{Repository.File("benchmarks", "data", "ENVZ_ECOLI_Ghose_2023.zip")}"
            target = "DMS_score"
            splits = ["modulo", "contiguous"]
            folds = 3
            [[models]]
            path = "{Repository.File("models", "pls")}"
            """);
        var results = Path.Combine(root.Path, "results");

        var (code, stdout, stderr) = await Cli.RunAsync("benchmark", "run", game, "--results", results, "--json");

        Assert.True(code == ExitCodes.Success, stderr + stdout);
        using (var summary = JsonDocument.Parse(stdout))
        {
            Assert.Equal(6, summary.RootElement.GetProperty("executed").GetInt32());
            Assert.Equal(0, summary.RootElement.GetProperty("failed").GetInt32());
        }
        foreach (var scheme in new[] { "modulo", "contiguous" })
        {
            var folds = Directory.GetDirectories(Path.Combine(results, "folds", "ENVZ_ECOLI_Ghose_2023", "pls", scheme)).Select(Path.GetFileName).Order();
            Assert.Equal(["fold0", "fold1", "fold2"], folds);
            int rows = 0;
            for (int k = 0; k < 3; k++)
            {
                using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "folds", "ENVZ_ECOLI_Ghose_2023", "pls", scheme, $"fold{k}", "metrics.json")));
                rows += metrics.RootElement.GetProperty("rows").GetInt32();
            }
            Assert.Equal(1121, rows); // the assay's 1,121 rows, each in exactly one test fold
        }
    }
}
