using System.Diagnostics;
using System.Globalization;
using Pg2.Datasets;
using Pg2.Metrics;
using Pg2.Runner.Games;
using Pg2.Runner.Scoring;
using Pg2.Sdk.Weights;
using Pg2.Contracts;

namespace Pg2.Runner.Jobs;

/// <summary>
/// Runs a game: plans its jobs, prepares every model once, skips jobs whose cache key and record
/// are current, runs the rest <see cref="RunOptions.Parallelism"/> at a time through the engine,
/// records each outcome (a failure never stops the others) and scores the predictions.
/// Cancelling stops the running jobs; finished jobs keep their records.
/// </summary>
public sealed class BenchmarkRunner(IEngine engine, RunOptions options, IRunObserver observer)
{
    /// <summary>Lines of log kept in a failed job's record.</summary>
    const int LogTailLines = 20;

    /// <summary>Digest of each model's weights directory (<see cref="GameModel.Weights"/>), hashed once per run.</summary>
    readonly Dictionary<string, string> _weightsDigest = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="game"/>.</summary>
    public async Task<RunSummary> RunAsync(Game game, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        MetricRegistry.Default.Resolve(game.Metrics, Path.GetFileName(game.SourcePath) + ": metrics");
        GameCheck.Ensure(game);
        var results = OutputFolder.Ensure(options.ResultsDir, "--results");
        GameInfo.From(game).Write(Path.Combine(results, game.Name));
        var jobs = BenchmarkJob.Plan(game);

        var datasetHash = game.Datasets.ToDictionary(d => d.Name, d => ContentHash.OfFile(d.Path));
        foreach (var m in game.Models)
            if (m.Weights is not null) _weightsDigest[m.Name] = WeightsStore.Digest(m.Weights);
        var manifestHash = game.Models.ToDictionary(m => m.Name, m => ContentHash.OfFile(m.Manifest));
        var artifacts = new Dictionary<string, ModelArtifact>();
        var prepareErrors = new Dictionary<string, string>();
        var log = new ObserverWriter(observer);
        foreach (var m in game.Models)
        {
            try
            {
                artifacts[m.Name] = await engine.PrepareAsync(m.Source, log, cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancel.IsCancellationRequested)
            {
                // A model that cannot be built fails its own jobs only, whatever the engine threw.
                prepareErrors[m.Name] = e is InvalidInputException ? e.Message : $"the {engine.Name} engine failed to prepare model '{m.Name}': {e.Message}";
                observer.Message($"model {m.Name}: {prepareErrors[m.Name]}");
            }
        }

        Dictionary<string, double?> cutoffs = BinarisationCutoff.Needed(game.Metrics)
            ? game.Datasets.Where(d => d.Splits.Count == 0).ToDictionary(d => d.Name, BinarisationCutoff.Of)
            : [];
        var limits = LimitsText();
        var outcomes = new JobOutcome?[jobs.Count];
        var toRun = new List<(int Index, string Key)>();
        for (var i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            var dir = Path.Combine(results, job.RelativeDir);
            if (prepareErrors.TryGetValue(job.Model.Name, out var error))
            {
                var failed = BaseRecord(job, "", datasetHash, manifestHash, "") with
                {
                    Status = JobStatus.Failed, Failure = FailureKind.Build, Reason = error, Limits = limits,
                };
                Directory.CreateDirectory(dir);
                ClearOutputs(dir);
                failed.Write(dir);
                outcomes[i] = new JobOutcome(job, failed, Cached: false);
                continue;
            }
            var key = JobKey.Compute(job, datasetHash[job.Dataset.Name], manifestHash[job.Model.Name], artifacts[job.Model.Name].Id,
                _weightsDigest.GetValueOrDefault(job.Model.Name));
            var record = options.Force ? null : JobRecord.TryRead(dir);
            if (record is not null && record.Key == key && IsCurrent(record, dir, limits))
            {
                // The game's metric list is not part of the key: rescore cached predictions when it changed.
                if (record.Status == JobStatus.Succeeded && !HasMetrics(dir, game.Metrics))
                    Score(job, Path.Combine(dir, ResultFiles.Predictions), dir, job.Split is null ? cutoffs.GetValueOrDefault(job.Dataset.Name) : null);
                outcomes[i] = new JobOutcome(job, record, Cached: true);
            }
            else
                toRun.Add((i, key));
        }

        observer.Planned(jobs.Count, jobs.Count - toRun.Count);
        for (var i = 0; i < jobs.Count; i++)
            if (outcomes[i] is { } done) observer.Finished(done.Job, done.Record, done.Cached);

        await Parallel.ForEachAsync(toRun, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = cancel },
            async (item, token) =>
            {
                var job = jobs[item.Index];
                observer.Started(job);
                var cutoff = job.Split is null ? cutoffs.GetValueOrDefault(job.Dataset.Name) : null;
                var record = await RunJobAsync(job, item.Key, artifacts[job.Model.Name], datasetHash, manifestHash, limits, cutoff, results, token).ConfigureAwait(false);
                outcomes[item.Index] = new JobOutcome(job, record, Cached: false);
                observer.Finished(job, record, cached: false);
            }).ConfigureAwait(false);

        return new RunSummary([.. outcomes.Select(o => o!)], clock.Elapsed);
    }

    static bool HasMetrics(string dir, IReadOnlyList<string> metrics) =>
        MetricsFile.TryRead(Path.Combine(dir, ResultFiles.Metrics))?.Covers(metrics) == true;

    static bool IsCurrent(JobRecord record, string dir, string limits) => record.Status == JobStatus.Succeeded
        ? File.Exists(Path.Combine(dir, ResultFiles.Predictions)) && File.Exists(Path.Combine(dir, ResultFiles.Metrics))
        : record.Limits == limits; // a failure under other limits (e.g. a timeout) may now pass

    string LimitsText() => string.Create(CultureInfo.InvariantCulture,
        $"timeout={options.Timeout?.TotalSeconds.ToString(CultureInfo.InvariantCulture) ?? "none"};memory={options.Limits.MemoryBytes?.ToString(CultureInfo.InvariantCulture) ?? "none"};cpus={options.Limits.Cpus?.ToString(CultureInfo.InvariantCulture) ?? "none"}");

    JobRecord BaseRecord(BenchmarkJob job, string key, Dictionary<string, string> datasetHash, Dictionary<string, string> manifestHash, string artifact) => new()
    {
        Game = job.Game.Name, Dataset = job.Dataset.Name, Model = job.Model.Name, Split = job.Split, Fold = job.Fold,
        Target = job.Dataset.Target, Engine = engine.Name, Artifact = artifact, Key = key,
        DatasetHash = datasetHash[job.Dataset.Name], ManifestHash = manifestHash[job.Model.Name],
        WeightsDigest = _weightsDigest.GetValueOrDefault(job.Model.Name),
        StartedAt = DateTimeOffset.UtcNow,
    };

    async Task<JobRecord> RunJobAsync(BenchmarkJob job, string key, ModelArtifact artifact, Dictionary<string, string> datasetHash,
        Dictionary<string, string> manifestHash, string limits, double? cutoff, string results, CancellationToken cancel)
    {
        var dir = Path.Combine(results, job.RelativeDir);
        Directory.CreateDirectory(dir);
        // The previous record and outputs stay until the new record replaces them: an interrupted
        // attempt leaves the last complete result (a succeeded record without its files reruns).
        var work = Path.Combine(dir, ".run");
        try
        {
            DeleteDir(work);
            var config = Path.Combine(work, "config");
            var output = Path.Combine(work, "output");
            Directory.CreateDirectory(config);
            Directory.CreateDirectory(output);
            // Images may run as a non-root user; the output mount must be writable for them.
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(output, (UnixFileMode)0b111_111_111);
            File.WriteAllText(Path.Combine(config, "hyperparameters.json"), "{}\n");

            var record = BaseRecord(job, key, datasetHash, manifestHash, artifact.Id) with { Limits = limits };
            var request = new JobRequest(
                $"{Sanitize(job.Game.Name)}-{Guid.NewGuid():N}",
                artifact, job.Dataset.Path, job.Model.Manifest, config, output, job.ModelArguments, options.Limits,
                Inputs: job.Model.Weights is { } weights ? [new JobInput(WeightsStore.Channel, weights)] : null);
            var clock = Stopwatch.StartNew();
            var attempt = await JobAttempt.RunAsync(engine, request, options.Timeout, cancel).ConfigureAwait(false);
            record = record with { DurationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3), ExitCode = attempt.Exit?.ExitCode };
            AtomicFile.WriteAllText(Path.Combine(dir, ResultFiles.Log), attempt.Log);

            var (failure, reason) = Judge(attempt);
            if (failure is null)
            {
                var csvs = Directory.GetFiles(output, "*.csv");
                if (csvs.Length != 1)
                    (failure, reason) = (FailureKind.MissingOutput, csvs.Length == 0
                        ? "the model exited 0 but wrote no predictions CSV"
                        : $"the model wrote {csvs.Length} CSV files; expected one: {string.Join(", ", csvs.Select(Path.GetFileName))}");
                else
                {
                    try
                    {
                        Score(job, csvs[0], dir, cutoff);
                    }
                    catch (InvalidInputException e)
                    {
                        (failure, reason) = (FailureKind.BadOutput, e.Message);
                    }
                }
            }
            if (failure is not null) ClearOutputs(dir);
            record = failure is null
                ? record with { Status = JobStatus.Succeeded }
                : record with { Status = JobStatus.Failed, Failure = failure, Reason = reason, LogTail = ChildProcess.Tail(attempt.Log, LogTailLines) };
            record.Write(dir);
            return record;
        }
        finally
        {
            // Also on Ctrl-C: the job then has its previous record (or none) and reruns next time.
            DeleteDir(work);
        }
    }

    /// <summary>The failure an attempt's end means before its output is looked at; (null, null) when the model exited 0.</summary>
    (FailureKind? Failure, string? Reason) Judge(JobAttempt attempt) => attempt switch
    {
        { EngineError: { } error } => (FailureKind.Engine, error),
        { TimedOut: true } => (FailureKind.Timeout, $"stopped after the {options.Timeout!.Value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s timeout"),
        { Exit: null } => (FailureKind.Cancelled, $"the {engine.Name} engine stopped the job before it ended (no timeout, no Ctrl-C)"),
        { Exit: { OutOfMemory: true } exit } => (FailureKind.Oom, $"out of memory (exit {exit.ExitCode})"),
        { Exit: { ExitCode: not 0 } exit } => (FailureKind.Exit, $"model exited with code {exit.ExitCode}"),
        _ => (null, null),
    };

    /// <summary>
    /// Moves the predictions into the job folder and writes its metrics.json with Pg2.Metrics (the same
    /// reader and metrics as <c>pg2 metric calc</c>); the last fold of a scheme also writes the scheme's
    /// pooled metrics.json.
    /// </summary>
    static void Score(BenchmarkJob job, string csv, string dir, double? cutoff)
    {
        var metrics = MetricRegistry.Default.Resolve(job.Game.Metrics);
        // Fewer than two rows is recorded (every metric undefined, with a warning), not a failed job.
        var table = PredictionTable.Read(csv, minRows: 0);
        var target = Path.Combine(dir, ResultFiles.Predictions);
        // The model's file is complete (it exited) and on the same file system: a rename is atomic, no copy.
        if (Path.GetFullPath(csv) != Path.GetFullPath(target)) File.Move(csv, target, overwrite: true);
        var file = MetricsFile.Of(table, metrics, table.Scores(metrics, cutoff), cutoff) with
        {
            Metadata = new MetricsMetadata
            {
                Game = job.Game.Name, Dataset = job.Dataset.Name, Model = job.Model.Name, Split = job.Split,
                Target = job.Dataset.Target, Fold = job.Fold, SourceFile = Path.GetFileName(csv),
            },
        };
        if (file.Binarisation is not null && cutoff is not null)
            file = file with { Binarisation = $"{file.Binarisation} (the target's {Dataset.BinCutoffConstant})" };
        file.Write(Path.Combine(dir, ResultFiles.Metrics));
        SchemeMetrics.WriteIfComplete(job, dir, metrics);
    }

    static void ClearOutputs(string dir)
    {
        File.Delete(Path.Combine(dir, ResultFiles.Predictions));
        File.Delete(Path.Combine(dir, ResultFiles.Metrics));
    }

    static string Sanitize(string s) => new([.. s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]);

    static void DeleteDir(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (IOException) { /* best effort; the next attempt clears it */ }
        catch (UnauthorizedAccessException) { /* files written by a container user */ }
    }

    /// <summary>Forwards build messages to the observer line by line.</summary>
    sealed class ObserverWriter(IRunObserver observer) : TextWriter
    {
        readonly System.Text.StringBuilder _line = new();
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void Write(char value)
        {
            if (value == '\n') { observer.Message(_line.ToString()); _line.Clear(); }
            else if (value != '\r') _line.Append(value);
        }
    }
}

/// <summary>File names inside a job folder.</summary>
public static class ResultFiles
{
    /// <summary>The model's predictions CSV, as written.</summary>
    public const string Predictions = "predictions.csv";
    /// <summary>Metrics of the predictions.</summary>
    public const string Metrics = "metrics.json";
    /// <summary>The job's stdout and stderr.</summary>
    public const string Log = "log.txt";
    /// <summary>The game's settings the report needs (metrics, score modes, kind).</summary>
    public const string Game = "game.json";
}
