using Pg2.Contracts;
using Pg2.Runner.Games;
using Pg2.Runner.Jobs;

namespace Pg2.Runner.Tests;

/// <summary>Resources declared once in the manifest, overridden by the game and then the command line, reach the engine and the record.</summary>
public class ResourceTests
{
    static RunSummary Run(Workspace ws, string gameFile, FakeEngine engine, RunOptions options, CountingObserver observer) =>
        new BenchmarkRunner(engine, options with { ResultsDir = ws.Results }, observer).RunAsync(GameFile.Load(gameFile), CancellationToken.None).GetAwaiter().GetResult();

    [Fact]
    public void ManifestResources_GameOverride_AndCommandLine_AreLayeredInThatOrder()
    {
        using var ws = new Workspace();
        ws.Model("good", "name = \"good\"\n[resources]\ncpus = 4\nmemory = \"2g\"\ngpus = 1\ntime = \"1h\"\n");
        var game = ws.Game("g", ["good"], datasets: 1);
        System.IO.File.WriteAllText(game, System.IO.File.ReadAllText(game).Replace("path = \"models/good\"", "path = \"models/good\"\nresources = { memory = \"8g\", time = 600 }", StringComparison.Ordinal));
        var engine = new FakeEngine();
        var observer = new CountingObserver();
        Run(ws, game, engine, new RunOptions { Resources = new ModelResources(Cpus: 2) }, observer);

        var request = Assert.Single(engine.Started);
        Assert.Equal(new ModelResources(Cpus: 2, MemoryBytes: 8L << 30, Gpus: 1, Time: TimeSpan.FromMinutes(10)), request.Resources);
        Assert.Contains("model good: each job requests 2 cpus, 8 GiB memory, 1 gpu, time 10m", observer.Messages);
        var record = JobRecord.TryRead(Path.Combine(ws.Results, "g", "d1", "good"))!;
        Assert.Equal("cpus=2;memory=8589934592;gpus=1;time=600", record.Limits);
    }

    [Fact]
    public void DeclaredTime_IsTheRunnersTimeout_ForAnEngineThatDoesNotEnforceIt()
    {
        using var ws = new Workspace();
        ws.Model("slow", "name = \"slow\"\n[resources]\ntime = \"200ms\"\n");
        var summary = Run(ws, ws.Game("g", ["slow"], datasets: 1), new FakeEngine(), new RunOptions(), new CountingObserver());
        var record = Assert.Single(summary.Outcomes).Record;
        Assert.Equal(FailureKind.Timeout, record.Failure);
        Assert.Equal("stopped after the 0.2 s timeout", record.Reason);
    }

    [Fact]
    public void EngineReportedTimeLimit_IsRecordedAsTimeout_WithoutTheRunnerStoppingIt()
    {
        using var ws = new Workspace();
        ws.Model("timelimit", "name = \"timelimit\"\n[resources]\ntime = 60\n");
        var engine = new FakeEngine { EnforcesTimeLimit = true };
        var summary = Run(ws, ws.Game("g", ["timelimit"], datasets: 1), engine, new RunOptions(), new CountingObserver());
        var record = Assert.Single(summary.Outcomes).Record;
        Assert.Equal(FailureKind.Timeout, record.Failure);
        Assert.Equal("the fake engine stopped it at its time limit (1m)", record.Reason);
        Assert.Equal(0, engine.Stopped);
    }

    [Fact]
    public void GameResources_WithAnUnknownKey_IsOneLineNamingTheModelEntry()
    {
        using var ws = new Workspace();
        var game = ws.Game("g", ["good"], datasets: 1);
        System.IO.File.WriteAllText(game, System.IO.File.ReadAllText(game).Replace("path = \"models/good\"", "path = \"models/good\"\nresources = { cores = 2 }", StringComparison.Ordinal));
        var e = Assert.Throws<InvalidInputException>(() => GameFile.Load(game));
        Assert.Equal($"{game}: models[0].resources: unknown key 'cores'; expected one of: cpus, memory, gpus, time", e.Message);
    }
}
