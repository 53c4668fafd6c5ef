using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pg2.Datasets;
using Pg2.Runner.Games;
using Pg2.Runner.Scoring;
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

    /// <summary>Runs <paramref name="game"/>.</summary>
    public async Task<RunSummary> RunAsync(Game game, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        MetricScores.Validate(game.Metrics, Path.GetFileName(game.SourcePath) + ": metrics");
        var results = Path.GetFullPath(options.ResultsDir);
        GameInfo.From(game).Write(Path.Combine(results, game.Name));
        var jobs = BenchmarkJob.Plan(game);

        var datasetHash = game.Datasets.ToDictionary(d => d.Name, d => ContentHash.OfFile(d.Path));
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
            catch (InvalidInputException e)
            {
                // A model that cannot be built fails its own jobs only.
                prepareErrors[m.Name] = e.Message;
                observer.Message($"model {m.Name}: {e.Message}");
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
                    Status = JobStatus.Failed, Failure = "build", Reason = error, Limits = limits,
                };
                Directory.CreateDirectory(dir);
                ClearOutputs(dir);
                failed.Write(dir);
                outcomes[i] = new JobOutcome(job, failed, Cached: false);
                continue;
            }
            var key = JobKey.Compute(job, datasetHash[job.Dataset.Name], manifestHash[job.Model.Name], artifacts[job.Model.Name].Id);
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

    static bool HasMetrics(string dir, IReadOnlyList<string> metrics)
    {
        try
        {
            var test = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, ResultFiles.Metrics)))?["test"] as JsonObject;
            return test is not null && test.Count == metrics.Count && metrics.All(test.ContainsKey);
        }
        catch (JsonException)
        {
            return false;
        }
    }

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
        StartedAt = DateTimeOffset.UtcNow,
    };

    async Task<JobRecord> RunJobAsync(BenchmarkJob job, string key, ModelArtifact artifact, Dictionary<string, string> datasetHash,
        Dictionary<string, string> manifestHash, string limits, double? cutoff, string results, CancellationToken cancel)
    {
        var dir = Path.Combine(results, job.RelativeDir);
        Directory.CreateDirectory(dir);
        // The old record goes first: from here until the new one is written the job counts as not done.
        File.Delete(Path.Combine(dir, JobRecord.FileName));
        ClearOutputs(dir);
        var work = Path.Combine(dir, ".run");
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
            artifact, job.Dataset.Path, job.Model.Manifest, config, output, job.ModelArguments, options.Limits);
        var clock = Stopwatch.StartNew();
        JobExit? exit = null;
        var timedOut = false;
        string logText;
        var engineJob = await engine.StartAsync(request, cancel).ConfigureAwait(false);
        await using (engineJob.ConfigureAwait(false))
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            if (options.Timeout is { } t) deadline.CancelAfter(t);
            try
            {
                exit = await engineJob.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await engineJob.StopAsync().ConfigureAwait(false);
                if (cancel.IsCancellationRequested)
                {
                    // Ctrl-C: leave no record, so the job reruns next time.
                    DeleteDir(work);
                    throw;
                }
                timedOut = true;
            }
            logText = await engineJob.LogsAsync(CancellationToken.None).ConfigureAwait(false);
        }
        record = record with { DurationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3), ExitCode = exit?.ExitCode };
        AtomicFile.WriteAllText(Path.Combine(dir, ResultFiles.Log), logText);

        string? failure = null, reason = null;
        if (timedOut)
            (failure, reason) = ("timeout", $"stopped after the {options.Timeout!.Value.TotalSeconds:0.###} s timeout");
        else if (exit!.Value.OutOfMemory)
            (failure, reason) = ("oom", $"out of memory (exit {exit.Value.ExitCode})");
        else if (exit.Value.ExitCode != 0)
            (failure, reason) = ("exit", $"model exited with code {exit.Value.ExitCode}");
        else
        {
            var csvs = Directory.GetFiles(output, "*.csv");
            if (csvs.Length != 1)
                (failure, reason) = ("missing-output", csvs.Length == 0
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
                    (failure, reason) = ("bad-output", e.Message);
                    ClearOutputs(dir);
                }
            }
        }
        DeleteDir(work);
        record = failure is null
            ? record with { Status = JobStatus.Succeeded }
            : record with { Status = JobStatus.Failed, Failure = failure, Reason = reason, LogTail = ChildProcess.Tail(logText, LogTailLines) };
        record.Write(dir);
        return record;
    }

    /// <summary>Copies the predictions into the job folder and writes its metrics.json.</summary>
    static void Score(BenchmarkJob job, string csv, string dir, double? cutoff)
    {
        var predictions = Predictions.Read(csv);
        var scores = MetricScores.Compute(job.Game.Metrics, predictions, cutoff);
        var target = Path.Combine(dir, ResultFiles.Predictions);
        // The model's file is complete (it exited) and on the same file system: a rename is atomic, no copy.
        if (Path.GetFullPath(csv) != Path.GetFullPath(target)) File.Move(csv, target, overwrite: true);
        var json = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["game"] = job.Game.Name, ["dataset"] = job.Dataset.Name, ["model"] = job.Model.Name,
                ["split"] = job.Split, ["target"] = job.Dataset.Target, ["fold"] = job.Fold,
                ["source_file"] = Path.GetFileName(csv),
            },
            ["rows"] = predictions.Count,
            ["dropped_rows"] = predictions.Dropped,
            ["test"] = scores.ToJson(),
        };
        if (BinarisationCutoff.Needed(job.Game.Metrics))
            json["binarisation"] = cutoff is { } c
                ? $"test >= {c.ToString("R", CultureInfo.InvariantCulture)} (the target's {Dataset.BinCutoffConstant})"
                : "test >= its median (no cutoff in the archive, or per-fold standardised values)";
        if (scores.Warnings.Count > 0)
            json["warnings"] = new JsonObject(scores.Warnings.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        AtomicFile.WriteAllText(Path.Combine(dir, ResultFiles.Metrics), json.ToJsonString(JobRecord.NodeJson) + "\n");
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
