using System.Diagnostics;
using System.Globalization;
using Pg2.Datasets;
using Pg2.Datasets.Mutations;
using Pg2.Metrics;
using Pg2.Runner.Games;
using Pg2.Runner.Scoring;
using Pg2.Sdk.Weights;
using Pg2.Contracts;
using Pg2.Sdk;

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
        // Covariate models run like the game's models (their names are distinct from the models').
        var runnable = game.Models.Concat(jobs.Where(j => j.Covariate is not null).Select(j => j.Model).DistinctBy(m => m.Name)).ToList();
        var manifestHash = runnable.ToDictionary(m => m.Name, m => ContentHash.OfFile(m.Manifest));
        var resources = runnable.ToDictionary(m => m.Name, m => ResourcesOf(m, options));
        var artifacts = new Dictionary<string, ModelArtifact>();
        var prepareErrors = new Dictionary<string, string>();
        var log = new ObserverWriter(observer);
        foreach (var m in runnable)
        {
            try
            {
                artifacts[m.Name] = await engine.PrepareAsync(m.Source, log, cancel).ConfigureAwait(false);
                observer.Message($"model {m.Name}: each job requests {resources[m.Name]}");
            }
            catch (Exception e) when (!cancel.IsCancellationRequested)
            {
                // A model that cannot be built fails its own jobs only, whatever the engine threw.
                prepareErrors[m.Name] = e is InvalidInputException ? e.Message : $"the {engine.Name} engine failed to prepare model '{m.Name}': {e.Message}";
                observer.Message($"model {m.Name}: {prepareErrors[m.Name]}");
            }
        }

        // A model's contract: the game's 'contract' key, else its manifest's or card's, else its image's label, else seed.
        var contracts = new Dictionary<string, ModelContract>(StringComparer.Ordinal);
        foreach (var m in runnable)
        {
            try
            {
                contracts[m.Name] = m.Contract ?? ModelManifest.FromPath(m.Manifest).Contract
                    ?? (artifacts.TryGetValue(m.Name, out var a) ? a.LabelledContract : null) ?? ModelContract.Seed;
            }
            catch (InvalidInputException e)
            {
                prepareErrors.TryAdd(m.Name, e.Message);
                contracts[m.Name] = ModelContract.Seed;
            }
        }
        // Today's contract gets each dataset as a splits archive of pg2's folds, written once, when a job needs it.
        var e4Inputs = game.Datasets.ToDictionary(d => d.Name, d => new Lazy<E4Input>(() => E4Input.Build(game, d, results)));

        Dictionary<string, double?> cutoffs = BinarisationCutoff.Needed(game.Metrics)
            ? game.Datasets.Where(d => d.Splits.Count == 0).ToDictionary(d => d.Name, BinarisationCutoff.Of)
            : [];
        var outcomes = new JobOutcome?[jobs.Count];
        var toRun = new List<(int Index, string Key)>();
        // Covariate jobs come first in the plan, so their keys (and, once run, their records) are known to their dependants.
        var covariateKeys = new Dictionary<(string Dataset, string Covariate), string>();
        var covariateDone = new Dictionary<(string Dataset, string Covariate), TaskCompletionSource<JobRecord>>();
        for (var i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            var dir = Path.Combine(results, job.RelativeDir);
            var limits = resources[job.Model.Name].Key;
            var e4 = contracts[job.Model.Name] == ModelContract.E4;
            if (!prepareErrors.TryGetValue(job.Model.Name, out var error) && e4 && job.Split is null && game.Kind == GameKind.Supervised)
                error = $"model '{job.Model.Name}' speaks the E4 contract, which trains on folds: give dataset '{job.Dataset.Name}' splits = [...]";
            if (error is not null)
            {
                var failed = BaseRecord(job, "", datasetHash, manifestHash, "") with
                {
                    Status = JobStatus.Failed, Failure = FailureKind.Build, Reason = error, Limits = limits,
                };
                Directory.CreateDirectory(dir);
                ClearOutputs(dir);
                failed.Write(dir);
                outcomes[i] = new JobOutcome(job, failed, Cached: false);
                if (job.Covariate is { } failedCovariate)
                {
                    covariateKeys[(job.Dataset.Name, failedCovariate.Name)] = "build-failed";
                    Completed(covariateDone, job, failed);
                }
                continue;
            }
            // The contract changes what the model is given and writes, so it is part of the model's identity.
            var key = JobKey.Compute(job, datasetHash[job.Dataset.Name], manifestHash[job.Model.Name], artifacts[job.Model.Name].Id + (e4 ? "+e4" : ""),
                _weightsDigest.GetValueOrDefault(job.Model.Name), CovariateIdentities(game, job, covariateKeys));
            if (job.Covariate is { } covariate)
            {
                covariateKeys[(job.Dataset.Name, covariate.Name)] = key;
                covariateDone[(job.Dataset.Name, covariate.Name)] = new TaskCompletionSource<JobRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            var record = options.Force ? null : JobRecord.TryRead(dir);
            if (record is not null && record.Key == key && IsCurrent(record, dir, limits))
            {
                if (job.Covariate is not null) Completed(covariateDone, job, record);
                // The game's metric list is not part of the key: rescore cached predictions when it changed.
                if (record.Status == JobStatus.Succeeded && !HasMetrics(dir, game.Metrics))
                    Score(job, Path.Combine(dir, ResultFiles.Predictions), dir, job.Split is null ? cutoffs.GetValueOrDefault(job.Dataset.Name) : null);
                outcomes[i] = new JobOutcome(job, record, Cached: true);
            }
            else
                toRun.Add((i, key));
        }

        observer.Planned(jobs.Count + ScoreFolderJobs.Count(game), jobs.Count - toRun.Count);
        for (var i = 0; i < jobs.Count; i++)
            if (outcomes[i] is { } done) observer.Finished(done.Job, done.Record, done.Cached);
        // Score-only entries are read, not run: scored here, before the models' jobs start.
        var scored = ScoreFolderJobs.Run(game, results, datasetHash, cutoffs, options.Force, observer);

        await Parallel.ForEachAsync(toRun, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = cancel },
            async (item, token) =>
            {
                var job = jobs[item.Index];
                // A model given covariates waits for them (they were started first, so no slot waits on a job that cannot start).
                var inputs = await CovariateSourcesAsync(game, job, covariateDone, results).ConfigureAwait(false);
                observer.Started(job);
                var cutoff = job.Split is null ? cutoffs.GetValueOrDefault(job.Dataset.Name) : null;
                JobRecord record;
                try
                {
                    var e4 = contracts[job.Model.Name] == ModelContract.E4 ? e4Inputs[job.Dataset.Name] : null;
                    record = await RunJobAsync(job, item.Key, artifacts[job.Model.Name], datasetHash, manifestHash, resources[job.Model.Name], cutoff, results, inputs, e4, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    if (job.Covariate is not null) covariateDone[(job.Dataset.Name, job.Covariate.Name)].TrySetCanceled(token);
                    throw;
                }
                outcomes[item.Index] = new JobOutcome(job, record, Cached: false);
                if (job.Covariate is not null) Completed(covariateDone, job, record);
                observer.Finished(job, record, cached: false);
            }).ConfigureAwait(false);

        return new RunSummary([.. outcomes.Select(o => o!), .. scored], clock.Elapsed);
    }

    static void Completed(Dictionary<(string, string), TaskCompletionSource<JobRecord>> done, BenchmarkJob job, JobRecord record)
    {
        var key = (job.Dataset.Name, job.Covariate!.Name);
        if (!done.TryGetValue(key, out var source)) done[key] = source = new TaskCompletionSource<JobRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        source.TrySetResult(record);
    }

    /// <summary>What identifies each covariate of a model job in its cache key: the covariate job's key, or the score file's hash and column.</summary>
    static List<string>? CovariateIdentities(Game game, BenchmarkJob job, Dictionary<(string, string), string> covariateKeys)
    {
        if (job.Covariate is not null || job.Model.Covariates.Count == 0) return null;
        var ids = new List<string>();
        foreach (var name in job.Model.Covariates)
        {
            var covariate = game.Covariates.First(c => c.Name == name);
            var id = covariate.Model is not null
                ? covariateKeys.GetValueOrDefault((job.Dataset.Name, name), "missing")
                : ScoresFile(covariate, job.Dataset) is { } file ? $"{ContentHash.OfFile(file)}:{covariate.Column}" : "missing";
            ids.Add($"{name}={id}");
        }
        return ids;
    }

    /// <summary>The score file of <paramref name="dataset"/> in a scores folder: <c>&lt;dataset name&gt;.csv</c>, else <c>&lt;archive name&gt;.csv</c>; null when neither exists.</summary>
    static string? ScoresFile(GameCovariate covariate, GameDataset dataset)
    {
        foreach (var stem in new[] { dataset.Name, Path.GetFileNameWithoutExtension(dataset.Path) })
        {
            var file = Path.Combine(covariate.ScoresFolder!, stem + ".csv");
            if (File.Exists(file)) return file;
        }
        return null;
    }

    /// <summary>
    /// The covariate files a model job is given (waiting for covariate jobs to finish), or the reason it
    /// cannot run: a covariate job that failed, or a scores folder without this dataset's file.
    /// </summary>
    static async Task<CovariateInputs> CovariateSourcesAsync(Game game, BenchmarkJob job,
        Dictionary<(string, string), TaskCompletionSource<JobRecord>> done, string results)
    {
        var sources = new List<(string Name, string File, string? Column)>();
        if (job.Covariate is not null) return new CovariateInputs(sources, null);
        foreach (var name in job.Model.Covariates)
        {
            var covariate = game.Covariates.First(c => c.Name == name);
            if (covariate.Model is null)
            {
                if (ScoresFile(covariate, job.Dataset) is not { } file)
                    return new CovariateInputs(sources, $"covariate '{name}': no {job.Dataset.Name}.csv (or {Path.GetFileNameWithoutExtension(job.Dataset.Path)}.csv) in {covariate.ScoresFolder}");
                sources.Add((name, file, covariate.Column));
                continue;
            }
            var record = await done[(job.Dataset.Name, name)].Task.ConfigureAwait(false);
            if (record.Status != JobStatus.Succeeded)
                return new CovariateInputs(sources, $"covariate '{name}' failed on {job.Dataset.Name}: {record.Reason}");
            sources.Add((name, Path.Combine(results, job.Game.Name, job.Dataset.Name, covariate.Model.Name, ResultFiles.Predictions), "pred"));
        }
        return new CovariateInputs(sources, null);
    }

    /// <summary>A model job's covariate sources, or why it cannot have them.</summary>
    sealed record CovariateInputs(IReadOnlyList<(string Name, string File, string? Column)> Sources, string? Failure);

    static bool HasMetrics(string dir, IReadOnlyList<string> metrics) =>
        MetricsFile.TryRead(Path.Combine(dir, ResultFiles.Metrics))?.Covers(metrics) == true;

    static bool IsCurrent(JobRecord record, string dir, string limits) => record.Status == JobStatus.Succeeded
        ? File.Exists(Path.Combine(dir, ResultFiles.Predictions)) && File.Exists(Path.Combine(dir, ResultFiles.Metrics))
        : record.Limits == limits; // a failure under other limits (e.g. a timeout) may now pass

    /// <summary>A model's resources: the command line's over the game's over the manifest's <c>[resources]</c>.</summary>
    static ModelResources ResourcesOf(GameModel model, RunOptions options) =>
        options.Resources.Over((model.Resources ?? ModelResources.None).Over(ModelManifest.FromPath(model.Manifest).Resources));

    JobRecord BaseRecord(BenchmarkJob job, string key, Dictionary<string, string> datasetHash, Dictionary<string, string> manifestHash, string artifact) => new()
    {
        Game = job.Game.Name, Dataset = job.Dataset.Name, Model = job.Model.Name, Split = job.Split, Fold = job.Fold,
        FoldsSource = job.FoldsSource, Target = job.Dataset.Target, Engine = engine.Name, Artifact = artifact, Key = key,
        DatasetHash = datasetHash[job.Dataset.Name], ManifestHash = manifestHash[job.Model.Name],
        WeightsDigest = _weightsDigest.GetValueOrDefault(job.Model.Name),
        StartedAt = DateTimeOffset.UtcNow,
        CostFamily = Costs.RunEstimate.Family(job.Model), Cost = CostOf(job),
    };

    /// <summary>The dataset's sizes for the record (the cost model's refit); null when unreadable, which the job itself then reports.</summary>
    static Costs.CostFeatures? CostOf(BenchmarkJob job)
    {
        try { return Costs.CostFeatures.Of(job.Dataset.Path); }
        catch (Exception e) when (e is InvalidInputException or IOException or InvalidDataException) { return null; }
    }

    async Task<JobRecord> RunJobAsync(BenchmarkJob job, string key, ModelArtifact artifact, Dictionary<string, string> datasetHash,
        Dictionary<string, string> manifestHash, ModelResources resources, double? cutoff, string results, CovariateInputs covariates, Lazy<E4Input>? e4Input,
        CancellationToken cancel)
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

            var record = BaseRecord(job, key, datasetHash, manifestHash, artifact.Id) with { Limits = resources.Key };
            if (WriteCovariates(covariates, work) is { } unusable)
            {
                ClearOutputs(dir);
                AtomicFile.WriteAllText(Path.Combine(dir, ResultFiles.Log), unusable + "\n");
                record = record with { Status = JobStatus.Failed, Failure = FailureKind.Covariate, Reason = unusable };
                record.Write(dir);
                return record;
            }
            E4Input? e4 = null;
            try
            {
                e4 = e4Input?.Value;
            }
            catch (InvalidInputException e)
            {
                ClearOutputs(dir);
                var why = $"dataset '{job.Dataset.Name}' cannot be given to an E4-contract model: {e.Message}";
                AtomicFile.WriteAllText(Path.Combine(dir, ResultFiles.Log), why + "\n");
                record = record with { Status = JobStatus.Failed, Failure = FailureKind.Build, Reason = why };
                record.Write(dir);
                return record;
            }
            var request = new JobRequest(
                $"{Sanitize(job.Game.Name)}-{Guid.NewGuid():N}",
                artifact, e4?.Path ?? job.Dataset.Path, job.Model.Manifest, config, output,
                e4 is null ? job.ModelArguments : job.E4Arguments(e4.Target), resources,
                Inputs: Inputs(job, covariates, work))
            {
                CacheDir = ModelCacheDir(results, job.Model.Name),
                RefreshCache = options.Force,
                Contract = e4 is null ? ModelContract.Seed : ModelContract.E4,
            };
            var clock = Stopwatch.StartNew();
            // A scheduler counts the time limit from when the job runs, not from when it was queued.
            var timeout = engine.EnforcesTimeLimit ? null : resources.Time;
            var attempt = await JobAttempt.RunAsync(engine, request, timeout, cancel,
                line => observer.Progress(job, line), options.ProgressInterval).ConfigureAwait(false);
            record = record with
            {
                DurationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3), ExitCode = attempt.Exit?.ExitCode,
                ModelCache = ModelCacheReport.TryRead(output),
            };
            AtomicFile.WriteAllText(Path.Combine(dir, ResultFiles.Log), attempt.Log);

            var (failure, reason) = Judge(attempt, resources.Time);
            if (failure is null && e4 is not null)
            {
                try
                {
                    (failure, reason) = ScoreE4(job, e4, output, dir, cutoff);
                }
                catch (InvalidInputException e)
                {
                    (failure, reason) = (FailureKind.BadOutput, e.Message);
                }
            }
            else if (failure is null)
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

    /// <summary>A job's extra inputs: the model's weights (channel <c>weights</c>) and its covariates (channel <c>covariates</c>); null when none.</summary>
    static List<JobInput>? Inputs(BenchmarkJob job, CovariateInputs covariates, string work)
    {
        var inputs = new List<JobInput>();
        if (job.Model.Weights is { } weights) inputs.Add(new JobInput(WeightsStore.Channel, weights));
        if (covariates.Sources.Count > 0) inputs.Add(new JobInput(CovariatesChannel, Path.Combine(work, CovariatesChannel)));
        return inputs.Count == 0 ? null : inputs;
    }

    /// <summary>The input channel a model's covariates arrive in (docs/runner.md).</summary>
    public const string CovariatesChannel = "covariates";

    /// <summary>
    /// Writes each covariate as <c>&lt;work&gt;/covariates/&lt;name&gt;.csv</c> in the canonical layout
    /// (<c>mutant,sequence,score</c>) the SDK reads; returns the reason when a source is unusable.
    /// </summary>
    static string? WriteCovariates(CovariateInputs covariates, string work)
    {
        if (covariates.Failure is { } reason) return reason;
        if (covariates.Sources.Count == 0) return null;
        var folder = Directory.CreateDirectory(Path.Combine(work, CovariatesChannel)).FullName;
        foreach (var (name, file, column) in covariates.Sources)
        {
            try
            {
                Pg2.Sdk.CovariateScores.Read(file, column).Write(Path.Combine(folder, name + ".csv"));
            }
            catch (InvalidInputException e)
            {
                return $"covariate '{name}': {e.Message}";
            }
        }
        return null;
    }

    /// <summary>The failure an attempt's end means before its output is looked at; (null, null) when the model exited 0.</summary>
    (FailureKind? Failure, string? Reason) Judge(JobAttempt attempt, TimeSpan? time) => attempt switch
    {
        { EngineError: { } error } => (FailureKind.Engine, error),
        { TimedOut: true } => (FailureKind.Timeout, $"stopped after the {time!.Value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s timeout"),
        { Exit.TimedOut: true } => (FailureKind.Timeout, $"the {engine.Name} engine stopped it at its time limit ({(time is { } t ? ModelResources.ShowDuration(t) : "the scheduler's default")})"),
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
    internal static void Score(BenchmarkJob job, string csv, string dir, double? cutoff)
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

    /// <summary>
    /// Scores an E4 job: its <c>&lt;dataset&gt;_predictions.pgdata</c> is read against the splits archive it was given
    /// (<see cref="PredictionsArchive.Read"/>: same assays, records and sequences, else one line naming the file),
    /// turned into the rows a seed-contract job writes (<see cref="PredictionsArchive.ScoredRows"/>), saved as the
    /// job's predictions CSV and scored by <see cref="Score"/> — so both contracts share one reader and one scorer.
    /// </summary>
    static (FailureKind?, string?) ScoreE4(BenchmarkJob job, E4Input e4, string output, string dir, double? cutoff)
    {
        var archives = Directory.GetFiles(output, "*_predictions.pgdata");
        if (archives.Length != 1)
            return (FailureKind.MissingOutput, archives.Length == 0
                ? "the model exited 0 but wrote no <dataset>_predictions.pgdata (the E4 contract's output)"
                : $"the model wrote {archives.Length} predictions archives; expected one: {string.Join(", ", archives.Select(Path.GetFileName))}");
        var truth = Dataset.FromPath(e4.Path);
        var predictions = PredictionsArchive.Read(archives[0], truth, e4.Target);
        var rows = PredictionsArchive.ScoredRows(truth, e4.Target, predictions, job.Split, job.Split is null ? null : job.Fold);
        // Full sequences and mutation strings as a seed-contract job writes them, so both contracts' CSVs read alike.
        var variants = TargetVariants.Resolve(truth, truth.ForTarget(e4.Target))!;
        var writer = new PredictionWriter(withMutants: variants.HasMutants, withFolds: job.Split is not null);
        foreach (var r in rows)
            writer.Add(variants.SequenceOf(r.Row), r.Test, r.Pred, variants.MutantOf(r.Row), r.Fold is { } f ? (f, r.TrainMean, r.TrainStd) : null);
        var csv = Path.Combine(output, "e4-predictions.csv");
        writer.Save(csv);
        Score(job, csv, dir, cutoff);
        return (null, null);
    }

    /// <summary>
    /// The model-state cache of <paramref name="model"/>: inside the results folder, so it goes with the
    /// records it produced (a fresh results folder starts cold) and <c>--force</c> refreshes it.
    /// </summary>
    internal static string ModelCacheDir(string results, string model)
    {
        // The model label is checked as a folder name by GameFile (job folders use it too).
        var dir = Path.Combine(results, ModelCacheFolder, model);
        Directory.CreateDirectory(dir);
        // Images may run as a non-root user; they must be able to write their state.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_111_111);
        return dir;
    }

    /// <summary>Folder under the results root holding each model's cached state (<see cref="ModelCache"/>).</summary>
    public const string ModelCacheFolder = ".model-cache";

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
