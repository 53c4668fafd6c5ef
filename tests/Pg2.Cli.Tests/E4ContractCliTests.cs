using Pg2.Contracts;
using Pg2.Testing;

namespace Pg2.Cli.Tests;

/// <summary>
/// Today's container contract end to end with the local engine: our C# pls declared <c>contract: e4</c> by a model
/// card (benchmarks/ci/pls-e4.md) gets a splits archive and writes a predictions .pgdata, and its leaderboard
/// equals the seed-contract run of the same model in the same game.
/// </summary>
public sealed class E4ContractCliTests
{
    [Fact]
    public async Task PlsDeclaredE4ByItsCard_HasTheSeedContractsLeaderboard()
    {
        using var root = new TempFolder("e4-game");
        var game = Path.Combine(root.Path, "e4.toml");
        File.WriteAllText(game, $"""
            name = "e4"
            kind = "supervised"
            metrics = ["spearman", "pearson", "mse"]
            score_modes = ["test", "pooled"]
            [[datasets]]
            path = "{Repository.File("benchmarks", "data", "ENVZ_ECOLI_Ghose_2023.zip")}"
            target = "DMS_score"
            splits = ["random", "modulo"]
            folds = 3
            [[models]]
            path = "{Repository.File("models", "pls")}"
            [[models]]
            name = "pls-e4"
            path = "{Repository.File("models", "pls")}"
            manifest = "{Repository.File("benchmarks", "ci", "pls-e4.md")}"
            """);
        var results = Path.Combine(root.Path, "results");

        var (code, stdout, stderr) = await Cli.RunAsync("benchmark", "run", game, "--results", results, "--quiet");
        Assert.True(code == ExitCodes.Success, stderr + stdout);
        Assert.True(File.Exists(Path.Combine(results, ".e4-inputs", "e4", "ENVZ_ECOLI_Ghose_2023.splits.pgdata")));
        Assert.Contains("splits archive, split 'modulo', test fold 2 of 3", File.ReadAllText(Path.Combine(results, "e4", "ENVZ_ECOLI_Ghose_2023", "pls-e4", "modulo", "fold2", "log.txt")), StringComparison.Ordinal);

        var rows = File.ReadAllLines(Path.Combine(results, "leaderboard.csv"));
        var header = rows[0].Split(',');
        string[] Row(string model, string split) => rows.Single(r => r.StartsWith($"e4,{model},ENVZ_ECOLI_Ghose_2023,{split},", StringComparison.Ordinal)).Split(',');
        int compared = 0;
        foreach (var split in new[] { "random", "modulo" })
        {
            var (seed, e4) = (Row("pls", split), Row("pls-e4", split));
            for (int c = 0; c < header.Length; c++)
            {
                if (header[c] is "game" or "model" or "dataset" or "split" or "target" or "dms_id" or "jobs" or "failed") continue;
                Assert.Equal(seed[c].Length == 0, e4[c].Length == 0);
                if (seed[c].Length == 0) continue;
                Assert.True(Math.Abs(double.Parse(seed[c], System.Globalization.CultureInfo.InvariantCulture) - double.Parse(e4[c], System.Globalization.CultureInfo.InvariantCulture)) <= 1e-9,
                    $"{split} {header[c]}: seed {seed[c]} vs e4 {e4[c]}");
                compared++;
            }
        }
        Assert.True(compared >= 6, $"only {compared} values compared");
    }
}
