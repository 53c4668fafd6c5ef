using Pg2.Contracts;
using Pg2.Runner.Games;
using Pg2.Runner.Jobs;
using Pg2.Runner.Reports;

namespace Pg2.Runner.Tests;

/// <summary>An engine that throws fails only the job it was running; the run goes on and ends with a leaderboard.</summary>
public class EngineFailureTests
{
    static RunSummary Run(Workspace ws, string gameFile, FakeEngine engine, RunOptions? options = null, CancellationToken cancel = default) =>
        new BenchmarkRunner(engine, (options ?? new RunOptions()) with { ResultsDir = ws.Results }, new CountingObserver())
            .RunAsync(GameFile.Load(gameFile), cancel).GetAwaiter().GetResult();

    static JobRecord Record(Workspace ws, string model, string dataset = "d1") =>
        JobRecord.TryRead(Path.Combine(ws.Results, "g", dataset, model)) ?? throw new InvalidOperationException($"no record for {model}");

    [Fact]
    public void EngineThrowingAtEachStage_FailsOnlyThatJob_AndTheRunEndsWithALeaderboardAndExitCode5()
    {
        using var ws = new Workspace();
        string[] broken = ["throw-prepare", "throw-start", "throw-wait", "throw-logs", "throw-stop", "throw-dispose"];
        var engine = new FakeEngine();
        // throw-stop runs until stopped: the timeout makes the runner stop it.
        var summary = Run(ws, ws.Game("g", ["good", .. broken]), engine, new RunOptions { Resources = new ModelResources(Time: TimeSpan.FromMilliseconds(300)), Parallelism = 3 });

        Assert.Equal(14, summary.Outcomes.Count);
        Assert.Equal(12, summary.Failed);
        Assert.All(summary.Outcomes.Where(o => o.Job.Model.Name == "good"), o => Assert.Equal(JobStatus.Succeeded, o.Record.Status));
        Assert.Equal(ExitCodes.JobsFailed, summary.ExitCode);

        var prepare = Record(ws, "throw-prepare");
        Assert.Equal(FailureKind.Build, prepare.Failure);
        Assert.Contains("fake engine broke at prepare", prepare.Reason);
        foreach (var (model, stage) in new[] { ("throw-start", "start"), ("throw-wait", "wait for"), ("throw-logs", "read the logs of"), ("throw-stop", "stop"), ("throw-dispose", "release") })
        {
            var record = Record(ws, model, "d2");
            Assert.Equal(JobStatus.Failed, record.Status);
            Assert.Equal(FailureKind.Engine, record.Failure);
            Assert.Equal($"the fake engine failed to {stage} the job: fake engine broke at {model[6..]}", record.Reason);
        }
        Assert.Empty(Directory.GetDirectories(ws.Results, ".run", SearchOption.AllDirectories));

        var board = ReportWriter.Write(ws.Results);
        Assert.True(File.Exists(Path.Combine(ws.Results, ReportWriter.MarkdownFile)));
        var good = Assert.Single(board.Rows, r => r.Model == "good" && r.Dataset == "d1");
        Assert.Equal(0, good.Failed);
        Assert.Equal(1, Assert.Single(board.Rows, r => r.Model == "throw-wait" && r.Dataset == "d1").Failed);
    }

    [Fact]
    public void EngineFailureKind_IsWrittenInKebabCase()
    {
        using var ws = new Workspace();
        Run(ws, ws.Game("g", ["throw-wait", "silent"], datasets: 1), new FakeEngine());
        Assert.Contains("\"failure\": \"engine\"", File.ReadAllText(Path.Combine(ws.Results, "g", "d1", "throw-wait", JobRecord.FileName)));
        Assert.Contains("\"failure\": \"missing-output\"", File.ReadAllText(Path.Combine(ws.Results, "g", "d1", "silent", JobRecord.FileName)));
    }

    [Fact]
    public void EngineEndingTheWaitByItself_IsRecordedAsCancelledAndStopped()
    {
        using var ws = new Workspace();
        var engine = new FakeEngine();
        var summary = Run(ws, ws.Game("g", ["lost", "good"], datasets: 1), engine);
        Assert.Equal(FailureKind.Cancelled, Record(ws, "lost").Failure);
        Assert.Equal(1, engine.Stopped);
        Assert.Equal(1, summary.Failed);
    }

    [Fact]
    public void Cancel_WhileTheEngineFailsToStop_StillCancelsAndLeavesNoWorkFolder()
    {
        using var ws = new Workspace();
        using var cancel = new CancellationTokenSource();
        var engine = new FakeEngine { Waiting = cancel.Cancel };
        Assert.ThrowsAny<OperationCanceledException>(() => Run(ws, ws.Game("g", ["throw-stop"], datasets: 1), engine, cancel: cancel.Token));
        Assert.Equal(1, engine.Stopped);
        Assert.Null(JobRecord.TryRead(Path.Combine(ws.Results, "g", "d1", "throw-stop")));
        Assert.Empty(Directory.GetDirectories(ws.Results, ".run", SearchOption.AllDirectories));
    }

    [Fact]
    public void CancelledRerun_KeepsThePreviousRecordAndOutputs_SoTheNextRunIsCached()
    {
        using var ws = new Workspace();
        var game = ws.Game("g", ["good"], datasets: 1);
        Run(ws, game, new FakeEngine());
        var dir = Path.Combine(ws.Results, "g", "d1", "good");
        var before = File.ReadAllText(Path.Combine(dir, JobRecord.FileName));

        // A forced rerun that hangs and is interrupted must not cost the finished result.
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => Run(ws, game, new FakeEngine { Behaviour = "slow", Waiting = cancel.Cancel }, new RunOptions { Force = true }, cancel.Token));
        Assert.Equal(before, File.ReadAllText(Path.Combine(dir, JobRecord.FileName)));
        Assert.True(File.Exists(Path.Combine(dir, ResultFiles.Predictions)));

        var engine = new FakeEngine();
        var summary = Run(ws, game, engine);
        Assert.Empty(engine.Started);
        Assert.Equal(1, summary.Cached);
    }

    [Fact]
    public void FailedRerun_ReplacesTheRecordAndClearsTheOldPredictions()
    {
        using var ws = new Workspace();
        var game = ws.Game("g", ["good"], datasets: 1);
        Run(ws, game, new FakeEngine());
        Run(ws, game, new FakeEngine { Behaviour = "throw-wait" }, new RunOptions { Force = true });
        var dir = Path.Combine(ws.Results, "g", "d1", "good");
        Assert.Equal(FailureKind.Engine, Record(ws, "good").Failure);
        Assert.False(File.Exists(Path.Combine(dir, ResultFiles.Predictions)));
        Assert.False(File.Exists(Path.Combine(dir, ResultFiles.Metrics)));
    }
}
