using System.Text.Json.Nodes;
using Pg2.Contracts;
using Pg2.Runner.Games;
using Pg2.Runner.Jobs;

namespace Pg2.Runner.Tests;

public class BenchmarkRunnerTests
{
    static RunSummary Run(Workspace ws, string gameFile, FakeEngine engine, RunOptions? options = null, CountingObserver? observer = null,
        CancellationToken cancel = default)
    {
        var runner = new BenchmarkRunner(engine, (options ?? new RunOptions()) with { ResultsDir = ws.Results }, observer ?? new CountingObserver());
        return runner.RunAsync(GameFile.Load(gameFile), cancel).GetAwaiter().GetResult();
    }

    [Fact]
    public void Run_WritesPredictionsMetricsLogAndRecordPerJob()
    {
        using var ws = new Workspace();
        var engine = new FakeEngine();
        var summary = Run(ws, ws.Game("g", ["good"]), engine);
        Assert.Equal(2, summary.Executed);
        Assert.Equal(0, summary.Failed);
        var dir = Path.Combine(ws.Results, "g", "d1", "good");
        Assert.True(File.Exists(Path.Combine(dir, "predictions.csv")));
        Assert.True(File.Exists(Path.Combine(dir, "log.txt")));
        Assert.False(Directory.Exists(Path.Combine(dir, ".run")));
        var record = JobRecord.TryRead(dir)!;
        Assert.Equal(JobStatus.Succeeded, record.Status);
        Assert.Equal(0, record.ExitCode);
        Assert.Equal("fake:good:1", record.Artifact);
        Assert.Equal(64, record.DatasetHash.Length);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")))!;
        Assert.Equal(1.0, metrics["test"]!["spearman"]!.GetValue<double>(), 12);
        Assert.Equal(0.0, metrics["test"]!["mse"]!.GetValue<double>(), 12);
        Assert.Equal(10, metrics["rows"]!.GetValue<int>());
        // The model saw the target and the SageMaker-style config folder.
        var request = engine.Started.First();
        Assert.Equal(["--target", "y"], request.Arguments);
    }

    [Fact]
    public void Jobs_GetAModelCacheInsideTheResultsFolder_AndTheRecordSaysWhetherItWasReused()
    {
        using var ws = new Workspace();
        var game = ws.Game("g", ["cached"]);
        var engine = new FakeEngine();
        Run(ws, game, engine);
        var request = engine.Started.First();
        Assert.Equal(Path.Combine(ws.Results, BenchmarkRunner.ModelCacheFolder, "cached"), request.CacheDir);
        Assert.False(request.RefreshCache);
        // Two datasets, one job at a time: the first fills the cache, the second reuses it.
        var records = new[] { "d1", "d2" }.Select(d => JobRecord.TryRead(Path.Combine(ws.Results, "g", d, "cached"))!).ToList();
        Assert.All(records, r => Assert.Equal("k1", r.ModelCache!.Key));
        Assert.Contains(records, r => !r.ModelCache!.Reused);
        Assert.Contains(records, r => r.ModelCache!.Reused);
        Assert.Contains("\"model_cache\"", File.ReadAllText(Path.Combine(ws.Results, "g", "d1", "cached", JobRecord.FileName)));
    }

    [Fact]
    public void Force_AsksModelsToRefreshTheirCache()
    {
        using var ws = new Workspace();
        var game = ws.Game("g", ["cached"]);
        Run(ws, game, new FakeEngine());
        var engine = new FakeEngine();
        Run(ws, game, engine, new RunOptions { Force = true });
        Assert.All(engine.Started, r => Assert.True(r.RefreshCache));
        Assert.All(new[] { "d1", "d2" }, d => Assert.False(JobRecord.TryRead(Path.Combine(ws.Results, "g", d, "cached"))!.ModelCache!.Reused));
    }

    [Fact]
    public void RunningJobs_PassTheirNewestLogLineToTheObserver()
    {
        using var ws = new Workspace();
        var engine = new FakeEngine();
        var observer = new CountingObserver { OnProgress = _ => engine.LineSeen.Release() };
        var summary = Run(ws, ws.Game("g", ["progress"], datasets: 1), engine,
            new RunOptions { ProgressInterval = TimeSpan.FromMilliseconds(20) }, observer);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(["iteration 1/2", "iteration 2/2"], observer.ProgressLines);
    }

    [Theory]
    [InlineData("a\nb\n\n", "b")]
    [InlineData("only", "only")]
    [InlineData("x\r\n  last one  \r\n", "last one")]
    [InlineData("", "")]
    public void LastLine_IsTheNewestNonEmptyLine(string log, string expected) =>
        Assert.Equal(expected, JobAttempt.LastLine(log));

    [Fact]
    public void Rerun_WithUnchangedInputs_RunsNothing()
    {
        using var ws = new Workspace();
        var game = ws.Game("g", ["good", "fail"]);
        Run(ws, game, new FakeEngine());
        var engine = new FakeEngine();
        var observer = new CountingObserver();
        var second = Run(ws, game, engine, observer: observer);
        Assert.Empty(engine.Started);
        Assert.Equal(4, second.Cached);
        Assert.Equal(4, observer.Cached);
        Assert.Equal(2, second.Failed); // cached failures still count as failed
    }

    [Fact]
    public void Rerun_AfterDatasetOrModelChange_RerunsOnlyAffectedJobs()
    {
        using var ws = new Workspace();
        var game = ws.Game("g", ["good", "good2"]);
        Run(ws, game, new FakeEngine());

        ws.Archive("data/d2.zip", variant: 7);
        var engine = new FakeEngine();
        Run(ws, game, engine);
        Assert.Equal(2, engine.Started.Count);
        Assert.All(engine.Started, r => Assert.EndsWith("d2.zip", r.DatasetFile));

        ws.File("models/good2/manifest.toml", "name = \"good2\"\n# changed\n");
        engine = new FakeEngine();
        Run(ws, game, engine);
        Assert.Equal(["good2", "good2"], engine.Started.Select(r => r.Artifact.Model.Name));

        engine = new FakeEngine { Version = "2" }; // a rebuilt image / changed sources
        Run(ws, game, engine);
        Assert.Equal(4, engine.Started.Count);
    }

    [Fact]
    public void Force_RerunsEverything()
    {
        using var ws = new Workspace();
        var game = ws.Game("g", ["good"]);
        Run(ws, game, new FakeEngine());
        var engine = new FakeEngine();
        var summary = Run(ws, game, engine, new RunOptions { Force = true });
        Assert.Equal(2, engine.Started.Count);
        Assert.Equal(0, summary.Cached);
    }

    [Fact]
    public void Rerun_AfterCrash_ResumesJobsWithoutRecord()
    {
        using var ws = new Workspace();
        var game = ws.Game("g", ["good"], datasets: 3);
        Run(ws, game, new FakeEngine());
        // A crash leaves a job without its record (written last); a half-written predictions file may remain.
        var crashed = Path.Combine(ws.Results, "g", "d2", "good");
        File.Delete(Path.Combine(crashed, "job.json"));
        File.WriteAllText(Path.Combine(crashed, "predictions.csv"), "sequence,te");
        var engine = new FakeEngine();
        var summary = Run(ws, game, engine);
        Assert.Equal(["d2.zip"], engine.Started.Select(r => Path.GetFileName(r.DatasetFile)));
        Assert.Equal(0, summary.Failed);
        Assert.StartsWith("sequence,test,pred", File.ReadAllText(Path.Combine(crashed, "predictions.csv")));
    }

    [Theory]
    [InlineData("fail", FailureKind.Exit, "model exited with code 1", 1)]
    [InlineData("silent", FailureKind.MissingOutput, "wrote no predictions CSV", 0)]
    [InlineData("oom", FailureKind.Oom, "out of memory", 137)]
    [InlineData("garbage", FailureKind.BadOutput, "no column 'test'; columns found: sequence, score", 0)]
    public void FailingJob_IsRecordedWithReasonAndOthersComplete(string model, FailureKind failure, string reason, int exitCode)
    {
        using var ws = new Workspace();
        var summary = Run(ws, ws.Game("g", [model, "good"]), new FakeEngine());
        Assert.Equal(2, summary.Failed);
        Assert.Equal(2, summary.Outcomes.Count(o => o.Record.Status == JobStatus.Succeeded));
        var dir = Path.Combine(ws.Results, "g", "d1", model);
        var record = JobRecord.TryRead(dir)!;
        Assert.Equal(JobStatus.Failed, record.Status);
        Assert.Equal(failure, record.Failure);
        Assert.Contains(reason, record.Reason);
        Assert.Equal(exitCode, record.ExitCode);
        Assert.False(File.Exists(Path.Combine(dir, "predictions.csv")));
        if (model == "fail") Assert.EndsWith("error: boom", record.LogTail);
    }

    [Fact]
    public void Timeout_StopsTheJobAndRecordsIt()
    {
        using var ws = new Workspace();
        var engine = new FakeEngine();
        var summary = Run(ws, ws.Game("g", ["slow"], datasets: 1), engine, new RunOptions { Resources = new ModelResources(Time: TimeSpan.FromMilliseconds(200)) });
        var record = Assert.Single(summary.Outcomes).Record;
        Assert.Equal(FailureKind.Timeout, record.Failure);
        Assert.Null(record.ExitCode);
        Assert.Equal(1, engine.Stopped);

        // A failure under other limits is retried; under the same limits it is cached.
        var again = new FakeEngine();
        Run(ws, ws.Game("g", ["slow"], datasets: 1), again, new RunOptions { Resources = new ModelResources(Time: TimeSpan.FromMilliseconds(200)) });
        Assert.Empty(again.Started);
        Run(ws, ws.Game("g", ["slow"], datasets: 1), again, new RunOptions { Resources = new ModelResources(Time: TimeSpan.FromMilliseconds(300)) });
        Assert.Single(again.Started);
    }

    [Fact]
    public void Cancel_StopsRunningJobsAndKeepsFinishedOnes()
    {
        using var ws = new Workspace();
        var engine = new FakeEngine();
        using var cancel = new CancellationTokenSource();
        var observer = new CancelOnSlow(cancel);
        var runner = new BenchmarkRunner(engine, new RunOptions { ResultsDir = ws.Results, Parallelism = 1 }, observer);
        var game = GameFile.Load(ws.Game("g", ["good", "slow"], datasets: 1));
        Assert.ThrowsAny<OperationCanceledException>(() => runner.RunAsync(game, cancel.Token).GetAwaiter().GetResult());
        Assert.Equal(1, engine.Stopped);
        Assert.NotNull(JobRecord.TryRead(Path.Combine(ws.Results, "g", "d1", "good")));
        Assert.Null(JobRecord.TryRead(Path.Combine(ws.Results, "g", "d1", "slow")));
        Assert.Empty(RunFolders(ws));
    }

    /// <summary>Work folders left anywhere under the results.</summary>
    static string[] RunFolders(Workspace ws) => Directory.GetDirectories(ws.Results, ".run", SearchOption.AllDirectories);

    sealed class CancelOnSlow(CancellationTokenSource cancel) : IRunObserver
    {
        public void Planned(int total, int cached) { }
        public void Message(string text) { }
        public void Started(BenchmarkJob job)
        {
            if (job.Model.Name == "slow") cancel.CancelAfter(100);
        }
        public void Finished(BenchmarkJob job, JobRecord record, bool cached) { }
    }

    [Fact]
    public void FoldSchemes_PlanOneJobPerFoldWithFoldArguments()
    {
        using var ws = new Workspace();
        var engine = new FakeEngine();
        var summary = Run(ws, ws.Game("g", ["good"], datasets: 1, splits: "\"random\", \"modulo\""), engine, new RunOptions { Parallelism = 3 });
        Assert.Equal(6, summary.Executed);
        Assert.Contains(engine.Started, r => r.Arguments.SequenceEqual(["--split", "modulo", "--folds", "3", "--test-fold", "2", "--target", "y"]));
        for (var k = 0; k < 3; k++)
            Assert.True(File.Exists(Path.Combine(ws.Results, "g", "d1", "good", "random", $"fold{k}", "job.json")));
    }

    [Fact]
    public void Parallel_RunsAllJobsOnce()
    {
        using var ws = new Workspace();
        var engine = new FakeEngine();
        var observer = new CountingObserver();
        var summary = Run(ws, ws.Game("g", ["good", "good2", "fail"], datasets: 4), engine, new RunOptions { Parallelism = 4 }, observer);
        Assert.Equal(12, engine.Started.Count);
        Assert.Equal(12, observer.StartedCount);
        Assert.Equal(12, observer.FinishedCount);
        Assert.Equal(4, summary.Failed);
        Assert.Equal(12, engine.Started.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public void UnknownMetric_IsRejectedBeforeAnyJob()
    {
        using var ws = new Workspace();
        var game = ws.File("g.toml", File.ReadAllText(ws.Game("g", ["good"])).Replace("\"mse\"", "\"accuracy\"", StringComparison.Ordinal));
        var engine = new FakeEngine();
        var e = Assert.ThrowsAny<Pg2.Contracts.InvalidInputException>(() => Run(ws, game, engine));
        Assert.Contains("accuracy", e.Message);
        Assert.Empty(engine.Started);
    }

    [Fact]
    public void JobKey_DependsOnEveryInput()
    {
        using var ws = new Workspace();
        var game = GameFile.Load(ws.Game("g", ["good"], datasets: 1, splits: "\"random\""));
        var jobs = BenchmarkJob.Plan(game);
        var baseKey = JobKey.Compute(jobs[0], "d", "m", "a");
        Assert.Equal(baseKey, JobKey.Compute(jobs[0], "d", "m", "a"));
        Assert.NotEqual(baseKey, JobKey.Compute(jobs[1], "d", "m", "a"));
        Assert.NotEqual(baseKey, JobKey.Compute(jobs[0], "d2", "m", "a"));
        Assert.NotEqual(baseKey, JobKey.Compute(jobs[0], "d", "m2", "a"));
        Assert.NotEqual(baseKey, JobKey.Compute(jobs[0], "d", "m", "a2"));
        Assert.NotEqual(baseKey, JobKey.Compute(jobs[0] with { Dataset = jobs[0].Dataset with { Target = "z" } }, "d", "m", "a"));
    }
}
