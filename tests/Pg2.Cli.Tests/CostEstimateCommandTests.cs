using System.Text.Json;
using Pg2.Contracts;
using Pg2.Testing;

namespace Pg2.Cli.Tests;

/// <summary>The cost model from the command line: the estimate before a run, <c>--dry-run</c>, <c>proteingym estimate</c>, <c>fit-costs</c>.</summary>
public sealed class CostEstimateCommandTests(LocalRunFixture run) : IClassFixture<LocalRunFixture>, IDisposable
{
    private readonly TempFolder _temp = new("cost-cli");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Run_PrintsTheJobCountAndEstimateBeforeTheLeaderboard()
    {
        var stdout = run.First.Out;
        var estimate = stdout.IndexOf("2 jobs on local (--jobs 2); estimated time ", StringComparison.Ordinal);
        Assert.True(estimate >= 0, stdout);
        Assert.True(estimate < stdout.IndexOf("local leaderboard", StringComparison.Ordinal), stdout);
        Assert.Contains("  pls: 1 jobs, ", stdout, StringComparison.Ordinal);
        Assert.Contains("  pls_bad: 1 jobs, ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Json_CarriesTheEstimateAndTheRecordsCarryTheSizes()
    {
        using var doc = JsonDocument.Parse(run.Second.Out);
        var estimate = doc.RootElement.GetProperty("estimate");
        Assert.Equal(2, estimate.GetProperty("jobs").GetInt32());
        Assert.Equal("pls", estimate.GetProperty("models")[0].GetProperty("family").GetString());
        Assert.True(estimate.GetProperty("seconds").GetDouble() > 0);
        var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Results, "local", "charge_ladder", "pls", "job.json"))).RootElement;
        Assert.Equal("pls", record.GetProperty("cost_family").GetString());
        Assert.Equal(495, record.GetProperty("cost").GetProperty("rows").GetInt64());
    }

    [Fact]
    public async Task DryRun_PrintsTheEstimateAndRunsNothing()
    {
        var results = _temp["results"];
        var (code, stdout, stderr) = await Cli.RunAsync("benchmark", "run", Repository.File("benchmarks", "zero_shot.toml"), "--results", results, "--dry-run", "--jobs", "2");
        Assert.True(code == ExitCodes.Success, stderr + stdout);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("6 jobs on local (--jobs 2); estimated time ", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("  site-independent: 3 jobs, ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  evmutation: 3 jobs, ", StringComparison.Ordinal));
        Assert.False(Directory.Exists(results));
    }

    [Fact]
    public async Task DryRun_Json_IsOneDocumentWithTheEstimate()
    {
        var (code, stdout, _) = await Cli.RunAsync("benchmark", "run", Repository.File("benchmarks", "zero_shot.toml"), "--results", _temp["r"], "--dry-run", "--json", "--engine", "docker");
        Assert.Equal(ExitCodes.Success, code);
        var estimate = JsonDocument.Parse(stdout).RootElement.GetProperty("estimate");
        Assert.Equal("docker", estimate.GetProperty("engine").GetString());
        Assert.Equal(6, estimate.GetProperty("jobs").GetInt32());
        Assert.Equal(2, estimate.GetProperty("models").GetArrayLength());
    }

    [Fact]
    public async Task DryRun_HostileCostModel_IsOneLineNamingTheField()
    {
        var table = _temp.File("costs.json", """{"models": {"pls": {"time": {"fitted": {"1": "soon"}}}}}""");
        var (code, stdout, stderr) = await Cli.RunAsync("benchmark", "run", Repository.File("benchmarks", "zero_shot.toml"), "--dry-run", "--cost-model", table);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal($"pg2: error: {table}: models.pls.time.fitted.1: expected a finite number, got \"soon\"", stderr.Trim());
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task ProteinGymEstimate_SharedReference_EstimatesEveryAssayPerEngine()
    {
        var (code, stdout, stderr) = await Cli.RunAsync("proteingym", "estimate", "--reference", Repository.SharedData("proteingym", "DMS_substitutions.csv"),
            "--model", "evmutation,pls", "--engine", "local,docker", "--json");
        Assert.True(code == ExitCodes.Success, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(217, root.GetProperty("assays").GetInt32());
        var local = root.GetProperty("estimates")[0];
        Assert.Equal(217 + 217 * 15, local.GetProperty("jobs").GetInt32());
        Assert.Equal("docker", root.GetProperty("estimates")[1].GetProperty("engine").GetString());
        var evmutation = local.GetProperty("models")[0];
        Assert.Equal(217, evmutation.GetProperty("jobs").GetInt32());
        Assert.True(evmutation.GetProperty("peak_bytes").GetInt64() > 1L << 30);
    }

    [Fact]
    public async Task FitCosts_FromJobRecords_WritesATableTheRunReads()
    {
        var output = _temp["fitted/costs.json"];
        var (code, stdout, stderr) = await Cli.RunAsync("benchmark", "fit-costs", "--results", run.Results, "-o", output);
        Assert.True(code == ExitCodes.Success, stderr + stdout);
        Assert.Contains("pls: ", stdout, StringComparison.Ordinal);
        var (dry, dryOut, dryErr) = await Cli.RunAsync("benchmark", "run", run.Game, "--dry-run", "--cost-model", output);
        Assert.True(dry == ExitCodes.Success, dryErr);
        Assert.StartsWith("2 jobs on local", dryOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FitCosts_WithoutInputs_IsAUsageError()
    {
        var (code, _, stderr) = await Cli.RunAsync("benchmark", "fit-costs", "-o", _temp["x.json"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("give --runs", stderr, StringComparison.Ordinal);
    }
}
