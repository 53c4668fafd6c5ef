using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Pg2.Contracts;
using Pg2.Runner.Games;

namespace Pg2.Runner.Tests;

/// <summary>
/// An in-process engine whose behaviour is picked by the model's name: <c>good*</c> writes a
/// predictions CSV, <c>fail</c> exits 1 with a log, <c>silent</c> exits 0 without output,
/// <c>slow</c> runs until stopped, <c>oom</c> reports an out-of-memory kill, <c>garbage</c> writes a bad CSV,
/// <c>lost</c> ends its wait with a cancellation nobody asked for, <c>timelimit</c> reports that the engine stopped it at its time limit.
/// <c>throw-&lt;stage&gt;</c> makes the engine itself throw at that stage (<c>prepare</c>, <c>start</c>,
/// <c>wait</c>, <c>logs</c>, <c>stop</c> (the job runs until stopped), <c>dispose</c>); otherwise it is a good model.
/// </summary>
internal sealed class FakeEngine : IEngine
{
    public string Name => "fake";
    /// <summary>Whether the engine says it enforces the time limit itself (a scheduler).</summary>
    public bool EnforcesTimeLimit { get; set; }
    public string Version { get; set; } = "1";
    /// <summary>When set, every job behaves as this model name instead of its own.</summary>
    public string? Behaviour { get; set; }
    public ConcurrentBag<JobRequest> Started { get; } = [];
    /// <summary>Released by the test's observer when it is shown a progress line ("progress" model).</summary>
    public SemaphoreSlim LineSeen { get; } = new(0);

    /// <summary>The files of each started job's extra inputs as they were at start (channel/file name → text), by job id.</summary>
    public ConcurrentDictionary<string, Dictionary<string, string>> InputFiles { get; } = new();
    public int Stopped;
    /// <summary>Called when a job that runs until stopped begins waiting (tests cancel here, not on a timer).</summary>
    public Action? Waiting { get; set; }

    /// <summary>The engine's own fault at <paramref name="stage"/>; a plain .NET exception, not an input error.</summary>
    public static InvalidOperationException Broke(string stage) => new($"fake engine broke at {stage}");

    public Task<ModelArtifact> PrepareAsync(ModelSource model, TextWriter log, CancellationToken cancel) =>
        model.Name == "throw-prepare"
            ? throw Broke("prepare")
            : Task.FromResult(new ModelArtifact(model, $"fake:{model.Name}:{Version}", model.Name));

    public Task<IEngineJob> StartAsync(JobRequest request, CancellationToken cancel)
    {
        Started.Add(request);
        InputFiles[request.Id] = request.InputList
            .SelectMany(i => (i.IsFolder ? Directory.GetFiles(i.HostPath) : [i.HostPath]).Select(f => (Key: $"{i.Channel}/{Path.GetFileName(f)}", Text: File.ReadAllText(f))))
            .ToDictionary(f => f.Key, f => f.Text);
        if (request.Artifact.Program == "throw-start") throw Broke("start");
        return Task.FromResult<IEngineJob>(new Job(this, request));
    }

    public void Dispose() { }

    /// <summary>Rows the good model writes: test = i, pred = i (+ a fold-dependent twist so folds differ).</summary>
    public static string Csv(JobRequest r)
    {
        var fold = r.Arguments.SkipWhile(a => a != "--test-fold").Skip(1).FirstOrDefault();
        var k = fold is null ? 0 : int.Parse(fold, CultureInfo.InvariantCulture);
        var sb = new StringBuilder("sequence,test,pred\n");
        for (var i = 0; i < 10; i++)
        {
            // Fold k swaps k pairs of neighbours, so per-fold Spearman varies with k.
            var pred = i < 2 * k && i % 2 == 0 ? i + 1 : i < 2 * k ? i - 1 : i;
            sb.Append(CultureInfo.InvariantCulture, $"S{i},{i},{pred}\n");
        }
        return sb.ToString();
    }

    sealed class Job(FakeEngine engine, JobRequest request) : IEngineJob
    {
        readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        string _log = "";

        string Model => engine.Behaviour ?? request.Artifact.Program;

        public async Task<JobExit> WaitAsync(CancellationToken cancel)
        {
            var model = Model;
            _log = $"training {model} on {Path.GetFileName(request.DatasetFile)} {string.Join(' ', request.Arguments)}\n";
            switch (model)
            {
                case var m when m.StartsWith("good", StringComparison.Ordinal):
                    File.WriteAllText(Path.Combine(request.OutputDir, $"ds_{m}.csv"), Csv(request));
                    return new JobExit(0, false);
                case "cached":
                    // A model with a state cache: reuses what an earlier job left there unless asked to refresh.
                    var entry = Path.Combine(request.CacheDir!, "fit");
                    var reused = File.Exists(entry) && !request.RefreshCache;
                    File.WriteAllText(entry, "state");
                    new ModelCacheReport(reused, "k1", reused ? null : "no cached fit").Write(request.OutputDir);
                    File.WriteAllText(Path.Combine(request.OutputDir, "ds_cached.csv"), Csv(request));
                    return new JobExit(0, false);
                case "progress":
                    // Two progress lines, each shown before the next is written (no timing guesses).
                    for (var k = 1; k <= 2; k++)
                    {
                        _log += $"iteration {k}/2\n";
                        await engine.LineSeen.WaitAsync(TimeSpan.FromSeconds(60), cancel);
                    }
                    File.WriteAllText(Path.Combine(request.OutputDir, "ds_progress.csv"), Csv(request));
                    return new JobExit(0, false);
                case "fail":
                    _log += "line 2\nerror: boom\n";
                    return new JobExit(1, false);
                case "silent":
                    return new JobExit(0, false);
                case "oom":
                    return new JobExit(137, true);
                case "timelimit":
                    return new JobExit(143, false, TimedOut: true);
                case "garbage":
                    File.WriteAllText(Path.Combine(request.OutputDir, "x.csv"), "sequence,score\nA,1\n");
                    return new JobExit(0, false);
                case "slow" or "throw-stop":
                    engine.Waiting?.Invoke();
                    await _stopped.Task.WaitAsync(cancel);
                    return new JobExit(137, false);
                case "lost":
                    throw new OperationCanceledException("the fake cluster lost the job");
                case "throw-wait":
                    throw Broke("wait");
                case var m when m.StartsWith("throw-", StringComparison.Ordinal):
                    File.WriteAllText(Path.Combine(request.OutputDir, $"ds_{m}.csv"), Csv(request));
                    return new JobExit(0, false);
                default:
                    throw new InvalidOperationException(model);
            }
        }

        public Task<string> LogsAsync(CancellationToken cancel) => Model == "throw-logs" ? throw Broke("logs") : Task.FromResult(_log);

        public Task StopAsync()
        {
            Interlocked.Increment(ref engine.Stopped);
            if (Model == "throw-stop") throw Broke("stop");
            _stopped.TrySetResult();
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => Model == "throw-dispose" ? throw Broke("dispose") : ValueTask.CompletedTask;
    }
}

/// <summary>Counts observer calls.</summary>
internal sealed class CountingObserver : Pg2.Runner.Jobs.IRunObserver
{
    public int Total, Cached, StartedCount, FinishedCount;
    public readonly List<string> Messages = [];
    public void Planned(int total, int cached) { Total = total; Cached = cached; }
    public void Message(string text) { lock (Messages) Messages.Add(text); }
    public void Started(Pg2.Runner.Jobs.BenchmarkJob job) => Interlocked.Increment(ref StartedCount);
    public void Finished(Pg2.Runner.Jobs.BenchmarkJob job, Pg2.Runner.Jobs.JobRecord record, bool cached) => Interlocked.Increment(ref FinishedCount);
    public readonly List<string> ProgressLines = [];
    public Action<string>? OnProgress { get; init; }
    public void Progress(Pg2.Runner.Jobs.BenchmarkJob job, string line)
    {
        lock (ProgressLines) ProgressLines.Add(line);
        OnProgress?.Invoke(line);
    }
}
