using System.Text.Json;
using Pg2.Datasets;
using Pg2.Contracts;
using Pg2.Testing;

namespace Pg2.Cli.Tests;

/// <summary>
/// One real run for all tests of the class: the local engine builds models/pls with dotnet and runs
/// it on the charge_ladder seed archive, next to the same model with a manifest whose
/// hyper-parameter is invalid (a deliberately failing job).
/// </summary>
public sealed class LocalRunFixture : IAsyncLifetime
{
    readonly TempFolder _root = new("benchmark-cli");

    public async Task InitializeAsync()
    {
        var repo = Repository.Root;
        File.WriteAllText(Path.Combine(Root, "bad_pls.toml"), File.ReadAllText(Path.Combine(repo, "models", "pls", "manifest.toml"))
            .Replace("n_components = 2", "n_components = \"two\"", StringComparison.Ordinal));
        Game = Path.Combine(Root, "local.toml");
        File.WriteAllText(Game, $"""
            name = "local"
            kind = "supervised"
            metrics = ["spearman", "mse"]
            [[datasets]]
            path = "{Path.Combine(repo, "benchmarks", "data", "seed", "charge_ladder.zip")}"
            target = "charge"
            [[models]]
            path = "{Path.Combine(repo, "models", "pls")}"
            [[models]]
            name = "pls_bad"
            path = "{Path.Combine(repo, "models", "pls")}"
            manifest = "bad_pls.toml"
            """);
        Results = Path.Combine(Root, "results");
        First = await Cli.RunAsync("benchmark", "run", Game, "--results", Results, "--jobs", "2");
        Second = await Cli.RunAsync("benchmark", "run", Game, "--results", Results, "--json");
    }

    public string Root => _root.Path;
    public string Game { get; private set; } = "";
    public string Results { get; private set; } = "";
    public CliResult First { get; private set; } = null!;
    public CliResult Second { get; private set; } = null!;

    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class BenchmarkCommandTests(LocalRunFixture run) : IClassFixture<LocalRunFixture>
{

    [Fact]
    public async Task Run_Local_PlsOnChargeLadder_PrintsLeaderboardAndRecordsTheFailure()
    {
        var (code, stdout, _) = run.First;
        Assert.True(code == ExitCodes.JobsFailed, stdout);
        Assert.Contains("local leaderboard", stdout);
        Assert.Contains("charge_ladder", stdout);
        Assert.Contains("2 jobs, 2 run, 0 cached, 1 failed", stdout);

        var ok = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Results, "local", "charge_ladder", "pls", "job.json"))).RootElement;
        Assert.Equal("succeeded", ok.GetProperty("status").GetString());
        Assert.StartsWith("build:", ok.GetProperty("artifact").GetString());
        var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Results, "local", "charge_ladder", "pls", "metrics.json"))).RootElement;
        var spearman = metrics.GetProperty("test").GetProperty("spearman").GetDouble();
        Assert.InRange(spearman, -1.0, 1.0);
        Assert.True(metrics.GetProperty("test").GetProperty("mse").GetDouble() > 0);
        Assert.Equal(99, metrics.GetProperty("rows").GetInt32()); // 20 % of 495 held out

        var bad = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Results, "local", "charge_ladder", "pls_bad", "job.json"))).RootElement;
        Assert.Equal("failed", bad.GetProperty("status").GetString());
        Assert.NotEqual(0, bad.GetProperty("exit_code").GetInt32());
        Assert.Contains("n_components", bad.GetProperty("log_tail").GetString());
    }

    [Fact]
    public async Task Rerun_IsFullyCached_AndJsonSummarises()
    {
        var (code, stdout, _) = run.Second;
        Assert.Equal(ExitCodes.JobsFailed, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(0, root.GetProperty("executed").GetInt32());
        Assert.Equal(2, root.GetProperty("cached").GetInt32());
        Assert.Equal(1, root.GetProperty("failed").GetInt32());
        var rows = root.GetProperty("leaderboard").EnumerateArray().ToList();
        Assert.Contains(rows, r => r.GetProperty("model").GetString() == "pls" && r.GetProperty("test_spearman").ValueKind == JsonValueKind.Number);
    }

    [Fact]
    public async Task Report_WritesLeaderboardFilesAndHtmlTable()
    {
        var (code, stdout, _) = await Cli.RunAsync("benchmark", "report", run.Results);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("leaderboard.csv", stdout);
        var csv = File.ReadAllLines(Path.Combine(run.Results, "leaderboard.csv"));
        Assert.StartsWith("game,model,dataset,split,target,test_spearman,", csv[0]);
        Assert.Contains(csv, l => l.StartsWith("local,pls,charge_ladder,,charge,", StringComparison.Ordinal));
        Assert.Contains("| charge_ladder |", File.ReadAllText(Path.Combine(run.Results, "leaderboard.md")));
        var html = File.ReadAllText(Path.Combine(run.Results, "report", "index.html"));
        Assert.Contains("<table class=\"leaderboard\"", html);
        Assert.Contains("<td>pls</td>", html);
        Assert.True(File.Exists(Path.Combine(run.Results, "report", "scatter_local_charge_ladder.png")));
    }

    [Fact]
    public async Task Run_BadGameFile_IsOneLineError()
    {
        var bad = Path.Combine(run.Root, "bad.toml");
        File.WriteAllText(bad, "name = \"x\"\nkind = \"supervised\"\n[[datasets]]\npath = \"missing.zip\"\n");
        var (code, _, stderr) = await Cli.RunAsync("benchmark", "run", bad, "--results", Path.Combine(run.Root, "r2"));
        Assert.Equal(ExitCodes.FileNotFound, code);
        Assert.StartsWith("pg2: error: ", stderr, StringComparison.Ordinal);
        Assert.Contains("datasets[0].path", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("--engine", "kubernetes", "unknown engine \"kubernetes\"")]
    [InlineData("--timeout", "soon", "--timeout: expected a positive duration")]
    [InlineData("--memory", "lots", "--memory: expected a size")]
    [InlineData("--jobs", "0", "--jobs: expected 1 or more")]
    public async Task Run_BadOption_IsUsageError(string option, string value, string expected)
    {
        var (code, _, stderr) = await Cli.RunAsync("benchmark", "run", run.Game, "--results", run.Results, option, value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, stderr);
    }

    [Fact]
    public async Task ModelBuild_Local_ReusesTheCachedBuild()
    {
        // The fixture's run built it already (unless the sources changed since: then this builds once more).
        await Cli.RunAsync("model", "build", Repository.File("models", "pls"), "--engine", "local");
        var (code, stdout, _) = await Cli.RunAsync("model", "build", Repository.File("models", "pls"), "--engine", "local");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("pls.dll (build:", stdout);
        Assert.DoesNotContain("building", stdout);
    }
}
