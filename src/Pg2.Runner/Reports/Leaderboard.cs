using System.Text.Json;
using System.Text.Json.Nodes;
using Pg2.Runner.Games;
using Pg2.Runner.Jobs;
using Pg2.Runner.Scoring;

namespace Pg2.Runner.Reports;

/// <summary>
/// One leaderboard row: a model on a dataset (and fold scheme), with its metric values by column
/// name — <c>test_&lt;metric&gt;</c> (a job's value, or the mean over folds), <c>test_&lt;metric&gt;_std</c>
/// (sample std over folds) and <c>pooled_&lt;metric&gt;</c> (ProteinGym's rule over all folds pooled).
/// </summary>
/// <param name="Game">Game name.</param>
/// <param name="Kind">Game kind.</param>
/// <param name="Model">Model label.</param>
/// <param name="Dataset">Dataset label.</param>
/// <param name="Split">Fold scheme, or empty for a single job.</param>
/// <param name="Target">Target column, or empty for the model's default.</param>
/// <param name="Jobs">Jobs behind the row (folds).</param>
/// <param name="Failed">How many of them failed.</param>
/// <param name="Values">Metric columns in order; null = undefined or not computable.</param>
/// <param name="FailureReason">The first failure's reason, when any failed.</param>
public sealed record LeaderboardRow(string Game, GameKind Kind, string Model, string Dataset, string Split, string Target,
    int Jobs, int Failed, IReadOnlyList<KeyValuePair<string, double?>> Values, string? FailureReason)
{
    /// <summary>The value of column <paramref name="name"/>, or null.</summary>
    public double? this[string name] => Values.FirstOrDefault(v => v.Key == name).Value;

    /// <summary>
    /// The row's headline value for <paramref name="metric"/>: the pooled value where there is one
    /// (ProteinGym's supervised rule), else the test value.
    /// </summary>
    public double? Headline(string metric) => this["pooled_" + metric] ?? this["test_" + metric];
}

/// <summary>The rows of a results tree plus the predictions behind them (for plots).</summary>
public sealed class Leaderboard
{
    Leaderboard(IReadOnlyList<LeaderboardRow> rows, IReadOnlyDictionary<LeaderboardRow, Predictions> points, IReadOnlyList<GameInfo> games)
    {
        Rows = rows;
        Points = points;
        Games = games;
    }

    /// <summary>Rows ordered by game, dataset, split, then model.</summary>
    public IReadOnlyList<LeaderboardRow> Rows { get; }
    /// <summary>Measured vs predicted values behind each row (pooled over folds) where available.</summary>
    public IReadOnlyDictionary<LeaderboardRow, Predictions> Points { get; }
    /// <summary>The games found.</summary>
    public IReadOnlyList<GameInfo> Games { get; }

    /// <summary>
    /// Reads every game under <paramref name="resultsDir"/> (folders with a <c>game.json</c>) and
    /// aggregates folds; writes each fold scheme's summary <c>metrics.json</c> beside its fold folders.
    /// </summary>
    public static Leaderboard Build(string resultsDir)
    {
        var rows = new List<LeaderboardRow>();
        var points = new Dictionary<LeaderboardRow, Predictions>();
        var games = new List<GameInfo>();
        if (!Directory.Exists(resultsDir))
            throw new Pg2.Contracts.InvalidInputException($"{resultsDir}: results folder not found", Pg2.Contracts.ExitCodes.FileNotFound);
        foreach (var gameDir in Directory.GetDirectories(resultsDir).Order(StringComparer.Ordinal))
        {
            if (GameInfo.TryRead(gameDir) is not { } game) continue;
            games.Add(game);
            foreach (var datasetDir in Directory.GetDirectories(gameDir).Order(StringComparer.Ordinal))
                foreach (var modelDir in Directory.GetDirectories(datasetDir).Order(StringComparer.Ordinal))
                {
                    // Results of datasets or models no longer in the game stay on disk but leave the leaderboard.
                    if (game.Datasets?.Contains(Path.GetFileName(datasetDir)) == false || game.Models?.Contains(Path.GetFileName(modelDir)) == false)
                        continue;
                    if (JobRecord.TryRead(modelDir) is { } single)
                    {
                        Add(game, [(modelDir, single)], "", rows, points);
                        continue;
                    }
                    foreach (var splitDir in Directory.GetDirectories(modelDir).Order(StringComparer.Ordinal))
                    {
                        var folds = Directory.GetDirectories(splitDir, "fold*")
                            .Select(d => (Dir: d, Index: int.TryParse(Path.GetFileName(d)[4..], out var k) ? k : -1, Record: JobRecord.TryRead(d)))
                            .Where(f => f.Index >= 0 && f.Record is not null)
                            .OrderBy(f => f.Index)
                            .Select(f => (f.Dir, f.Record!)).ToList();
                        if (folds.Count > 0) Add(game, folds, Path.GetFileName(splitDir), rows, points, splitDir);
                    }
                }
        }
        return new Leaderboard(rows, points, games);
    }

    static void Add(GameInfo game, List<(string Dir, JobRecord Record)> jobs, string split, List<LeaderboardRow> rows,
        Dictionary<LeaderboardRow, Predictions> points, string? splitDir = null)
    {
        var first = jobs[0].Record;
        var ok = jobs.Where(j => j.Record.Status == JobStatus.Succeeded).ToList();
        var perJob = ok.Select(j => (j.Dir, Test: ReadTest(j.Dir))).ToList();
        var values = new List<KeyValuePair<string, double?>>();
        var pooledPredictions = ok.Count == jobs.Count && ok.Count > 0
            ? Predictions.Concat(ok.Select(j => Predictions.Read(Path.Combine(j.Dir, ResultFiles.Predictions))))
            : null;
        MetricScores? pooled = null;
        foreach (var mode in game.ScoreModes)
        {
            if (mode == ScoreMode.Test)
                foreach (var m in game.Metrics)
                {
                    var v = perJob.Select(p => p.Test.TryGetValue(m, out var x) ? x : null).Where(x => x is not null).Select(x => x!.Value).ToList();
                    values.Add(new("test_" + m, v.Count == 0 ? null : v.Average()));
                    values.Add(new("test_" + m + "_std", v.Count == 0 || split.Length == 0 ? null : SampleStd(v)));
                }
            else if (mode == ScoreMode.Pooled && split.Length > 0)
            {
                pooled ??= pooledPredictions is null ? null : MetricScores.Compute(game.Metrics, pooledPredictions);
                foreach (var m in game.Metrics)
                    values.Add(new("pooled_" + m, pooled?.Values.GetValueOrDefault(m)));
            }
        }
        var row = new LeaderboardRow(game.Name, game.Kind, first.Model, first.Dataset, split, first.Target ?? "",
            jobs.Count, jobs.Count - ok.Count, values, jobs.FirstOrDefault(j => j.Record.Status == JobStatus.Failed).Record?.Reason);
        rows.Add(row);
        if (pooledPredictions is not null) points[row] = pooledPredictions;
        if (splitDir is not null) WriteFoldSummary(splitDir, row, perJob, pooled);
    }

    /// <summary>Mean and sample standard deviation (ddof = 1; 0 for one value), FORMATS.md §D.4.</summary>
    internal static double SampleStd(IReadOnlyList<double> v)
    {
        if (v.Count <= 1) return 0.0;
        var mean = v.Average();
        var ss = 0.0;
        foreach (var x in v) ss += (x - mean) * (x - mean);
        return Math.Sqrt(ss / (v.Count - 1));
    }

    static Dictionary<string, double?> ReadTest(string dir)
    {
        var result = new Dictionary<string, double?>(StringComparer.Ordinal);
        var path = Path.Combine(dir, ResultFiles.Metrics);
        if (!File.Exists(path)) return result;
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path))?["test"] is JsonObject test)
                foreach (var (k, v) in test) result[k] = v?.GetValue<double>();
        }
        catch (JsonException) { /* unreadable: no values */ }
        return result;
    }

    static void WriteFoldSummary(string splitDir, LeaderboardRow row, List<(string Dir, Dictionary<string, double?> Test)> perJob, MetricScores? pooled)
    {
        var perFold = new JsonObject();
        foreach (var (dir, test) in perJob)
        {
            var o = new JsonObject();
            foreach (var (k, v) in test) o[k] = v;
            perFold[Path.GetFileName(dir).Replace("fold", "fold_", StringComparison.Ordinal)] = o;
        }
        var summary = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["game"] = row.Game, ["dataset"] = row.Dataset, ["model"] = row.Model, ["split"] = row.Split,
                ["target"] = row.Target, ["total_folds"] = row.Jobs, ["failed_folds"] = row.Failed,
            },
            ["test"] = new JsonObject(row.Values.Where(v => v.Key.StartsWith("test_", StringComparison.Ordinal))
                .Select(v => KeyValuePair.Create(v.Key["test_".Length..], (JsonNode?)v.Value))),
            ["pooled"] = pooled?.ToJson(),
            ["per_fold"] = perFold,
            ["rules"] = new JsonObject
            {
                ["test"] = "mean and sample standard deviation (ddof=1) of the per-fold values",
                ["pooled"] = "ProteinGym: one value over the held-out rows of all folds pooled (targets and predictions standardised per fold by the model); null unless every fold succeeded",
            },
        };
        Pg2.Contracts.AtomicFile.WriteAllText(Path.Combine(splitDir, ResultFiles.Metrics),
            summary.ToJsonString(JobRecord.NodeJson) + "\n");
    }
}
