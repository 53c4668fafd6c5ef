using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pg2.Contracts;
using Pg2.Datasets;
using Pg2.Datasets.Assays;
using Pg2.Metrics;
using Pg2.Runner.Games;

namespace Pg2.Runner.Jobs;

/// <summary>
/// The jobs of a game's score-only entries (<c>[[scores]]</c>): for each dataset, the entry's
/// <c>&lt;DMS_id&gt;.csv</c> is joined to the archive's rows on the mutant column and scored like a model's
/// predictions, so a model that ran elsewhere gets the same job record, metrics file and leaderboard row.
/// Cached on the dataset, the score file and the column.
/// </summary>
internal static class ScoreFolderJobs
{
    /// <summary>The engine name in the records of these jobs.</summary>
    public const string EngineName = "scores";

    /// <summary>Number of jobs <paramref name="game"/>'s score entries make.</summary>
    public static int Count(Game game) => game.Scores.Count * game.Datasets.Count;

    /// <summary>Scores every entry on every dataset; never throws for a bad file (that job fails, the rest go on).</summary>
    public static List<JobOutcome> Run(Game game, string results, IReadOnlyDictionary<string, string> datasetHash,
        IReadOnlyDictionary<string, double?> cutoffs, bool force, IRunObserver observer)
    {
        var outcomes = new List<JobOutcome>();
        if (game.Scores.Count == 0) return outcomes;
        foreach (var d in game.Datasets)
        {
            Dataset? data = null;
            string? loadError = null;
            foreach (var s in game.Scores)
            {
                var job = new BenchmarkJob(game, d, new GameModel(s.Name, null, null, s.Folder), null, null);
                var dir = Path.Combine(results, job.RelativeDir);
                var dmsId = d.DmsId ?? d.Name;
                var file = SafeName.IsValid(dmsId) ? Path.Combine(s.Folder, dmsId + ".csv") : null;
                var fileHash = file is not null && File.Exists(file) ? ContentHash.OfFile(file) : "missing";
                var key = ContentHash.OfText(JsonSerializer.Serialize(new object?[] { EngineName, 1, datasetHash[d.Name], fileHash, s.Column, d.Target }));
                var cached = force ? null : JobRecord.TryRead(dir);
                if (cached is not null && cached.Key == key && (cached.Status == JobStatus.Failed
                        || (File.Exists(Path.Combine(dir, ResultFiles.Predictions)) && MetricsFile.TryRead(Path.Combine(dir, ResultFiles.Metrics))?.Covers(game.Metrics) == true)))
                {
                    outcomes.Add(new JobOutcome(job, cached, Cached: true));
                    observer.Finished(job, cached, cached: true);
                    continue;
                }
                Directory.CreateDirectory(dir);
                var clock = Stopwatch.StartNew();
                var record = new JobRecord
                {
                    Game = game.Name, Dataset = d.Name, Model = s.Name, Target = d.Target, Engine = EngineName,
                    Artifact = "scores:" + fileHash, Key = key, DatasetHash = datasetHash[d.Name], ManifestHash = fileHash,
                    StartedAt = DateTimeOffset.UtcNow,
                };
                try
                {
                    if (file is null)
                        throw new InvalidInputException($"{d.Name}: DMS id \"{dmsId}\" cannot name a score file ({SafeName.Rule})");
                    if (!File.Exists(file))
                    {
                        record = record with { Status = JobStatus.Failed, Failure = FailureKind.MissingOutput, Reason = $"{s.Folder}: no score file {dmsId}.csv for dataset '{d.Name}'" };
                    }
                    else
                    {
                        if (data is null && loadError is null)
                        {
                            try { data = Dataset.FromPath(d.Path); }
                            catch (InvalidInputException e) { loadError = e.Message; }
                        }
                        if (data is null) throw new InvalidInputException(loadError!);
                        var csv = Path.Combine(dir, ".scores.csv");
                        Join(data, d.Target, file, s.Column, csv);
                        BenchmarkRunner.Score(job, csv, dir, cutoffs.GetValueOrDefault(d.Name));
                        record = record with { Status = JobStatus.Succeeded };
                    }
                }
                catch (Exception e) when (e is InvalidInputException or MetricInputException)
                {
                    record = record with { Status = JobStatus.Failed, Failure = FailureKind.BadOutput, Reason = e.Message };
                }
                if (record.Status == JobStatus.Failed)
                {
                    File.Delete(Path.Combine(dir, ResultFiles.Predictions));
                    File.Delete(Path.Combine(dir, ResultFiles.Metrics));
                }
                File.Delete(Path.Combine(dir, ".scores.csv"));
                record = record with { DurationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3) };
                record.Write(dir);
                outcomes.Add(new JobOutcome(job, record, Cached: false));
                observer.Finished(job, record, cached: false);
            }
        }
        return outcomes;
    }

    /// <summary>
    /// Writes a predictions CSV (<c>mutant,test,pred</c>) of the archive's rows with a value for the target,
    /// each with the score file's value for its mutant (empty when the file has none: the row is dropped and counted).
    /// </summary>
    static void Join(Dataset data, string? targetName, string scoreFile, string column, string output)
    {
        var target = targetName ?? data.Targets.FirstOrDefault()
                     ?? throw new InvalidInputException($"dataset '{data.Name}' has no target to score against");
        var view = data.ForTarget(target);
        var mutantColumn = data.Target(target).Constants.TryGetValue(Dataset.MutationColumnConstant, out var c) && c is string name ? name : ModelScoreFile.MutantColumn;
        if (!data.Assays.TryGetColumn(mutantColumn, out var col) || col is not TextColumn mutants)
            throw new InvalidInputException($"dataset '{data.Name}': no text column '{mutantColumn}' to join the score file {scoreFile} on");
        var scores = ModelScoreFile.Read(scoreFile, column);
        var y = (NumericColumn)data.Assays[target];
        var sb = new StringBuilder("mutant,test,pred\n");
        int matched = 0;
        foreach (var row in view.Rows)
        {
            var m = mutants.Values[row] ?? "";
            var has = scores.TryGetValue(m, out var s) && !double.IsNaN(s);
            if (has) matched++;
            sb.Append('"').Append(m.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\",")
              .Append(y.Values[row].ToString("R", CultureInfo.InvariantCulture)).Append(',')
              .Append(has ? s.ToString("R", CultureInfo.InvariantCulture) : "").Append('\n');
        }
        if (matched == 0)
            throw new InvalidInputException($"{scoreFile}: none of its {scores.Count} mutants matches a variant of dataset '{data.Name}' (column '{mutantColumn}')");
        AtomicFile.WriteAllText(output, sb.ToString());
    }
}
