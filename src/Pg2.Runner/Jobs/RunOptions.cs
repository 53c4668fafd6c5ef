using Pg2.Contracts;

namespace Pg2.Runner.Jobs;

/// <summary>How <see cref="BenchmarkRunner"/> runs a game.</summary>
public sealed record RunOptions
{
    /// <summary>Root of the results tree (default <c>results</c>).</summary>
    public string ResultsDir { get; init; } = "results";
    /// <summary>Jobs run at the same time.</summary>
    public int Parallelism { get; init; } = 1;
    /// <summary>
    /// Resources of every job, over each model's own (its manifest's <c>[resources]</c>, then the
    /// game's <c>resources</c>): <c>--cpus</c>, <c>--memory</c>, <c>--gpus</c>, <c>--timeout</c>.
    /// The time is the job's timeout.
    /// </summary>
    public ModelResources Resources { get; init; } = ModelResources.None;
    /// <summary>Rerun every job even when its cached result is current.</summary>
    public bool Force { get; init; }
    /// <summary>How often a running job's log is looked at for <see cref="IRunObserver.Progress"/>.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>Receives progress while a game runs (the CLI draws it; tests count it).</summary>
public interface IRunObserver
{
    /// <summary>All jobs are known; <paramref name="cached"/> of them will not run.</summary>
    void Planned(int total, int cached);
    /// <summary>A line about preparation (model builds).</summary>
    void Message(string text);
    /// <summary>A job started.</summary>
    void Started(BenchmarkJob job);
    /// <summary>A job ended (or was found in the cache).</summary>
    void Finished(BenchmarkJob job, JobRecord record, bool cached);
    /// <summary>A running job's newest log line (its progress: a model's iterations and ETA), when it changed.</summary>
    void Progress(BenchmarkJob job, string line) { }
}

/// <summary>What happened to one job in a run.</summary>
/// <param name="Job">The job.</param>
/// <param name="Record">Its record (fresh or cached).</param>
/// <param name="Cached">True when the cache answered and nothing ran.</param>
public sealed record JobOutcome(BenchmarkJob Job, JobRecord Record, bool Cached);

/// <summary>The outcomes of a run, in plan order.</summary>
/// <param name="Outcomes">One per job.</param>
/// <param name="Elapsed">Wall time of the whole run.</param>
public sealed record RunSummary(IReadOnlyList<JobOutcome> Outcomes, TimeSpan Elapsed)
{
    /// <summary>Jobs that ran now.</summary>
    public int Executed => Outcomes.Count(o => !o.Cached);
    /// <summary>Jobs answered by the cache.</summary>
    public int Cached => Outcomes.Count(o => o.Cached);
    /// <summary>Jobs whose record says failed (fresh or cached).</summary>
    public int Failed => Outcomes.Count(o => o.Record.Status == JobStatus.Failed);
    /// <summary>The run's exit code: <see cref="ExitCodes.JobsFailed"/> when any job failed (fresh or cached), else <see cref="ExitCodes.Success"/>.</summary>
    public int ExitCode => Failed > 0 ? ExitCodes.JobsFailed : ExitCodes.Success;
}
