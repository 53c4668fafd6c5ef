using Pg2.Metrics;
using Pg2.Metrics.Folds;
using Pg2.Metrics.Leaderboards;
using Pg2.Runner.Games;
using Pg2.Runner.Jobs;

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
    /// <summary><c>proteingym</c> or <c>computed</c> (see <c>JobRecord.FoldsSource</c>); null without folds.</summary>
    public string? FoldsSource { get; init; }

    /// <summary>The split as the report shows it: the scheme and where its folds came from.</summary>
    public string SplitLabel => Split.Length == 0 || FoldsSource is null ? Split
        : $"{Split} ({(FoldsSource == "proteingym" ? "ProteinGym folds" : "computed folds")})";

    /// <summary>The value of column <paramref name="name"/>, or null.</summary>
    public double? this[string name] => Values.FirstOrDefault(v => v.Key == name).Value;

    /// <summary>
    /// The row's headline value for <paramref name="metric"/>: the pooled value where there is one
    /// (ProteinGym's supervised rule), else the test value.
    /// </summary>
    public double? Headline(string metric) => this["pooled_" + metric] ?? this["test_" + metric];
}

/// <summary>Measured and predicted values behind a row (pooled over folds), for plots.</summary>
/// <param name="Measured">The <c>test</c> column.</param>
/// <param name="Predicted">The <c>pred</c> column.</param>
public sealed record ScatterPoints(double[] Measured, double[] Predicted);

/// <summary>
/// A model's headline value of one metric over the datasets of a game (and fold scheme), by ProteinGym's
/// multi-assay aggregation (<see cref="AssayAggregation"/>), with its bootstrap standard error over datasets.
/// </summary>
/// <param name="Game">Game name.</param>
/// <param name="Model">Model label.</param>
/// <param name="Split">Fold scheme, or empty.</param>
/// <param name="Metric">Metric name.</param>
/// <param name="Summary">The aggregated value, the rule and the number of datasets with a defined value.</param>
/// <param name="StandardError">Bootstrap standard error over datasets; NaN with fewer than two.</param>
public sealed record ModelSummary(string Game, string Model, string Split, string Metric, AssaySummary Summary, double StandardError);

/// <summary>
/// The rows of a results tree: a function of the job records (<c>job.json</c>) and metrics files only
/// (a job's, and a fold scheme's pooled one written by the runner); nothing is re-scored here.
/// </summary>
public sealed class Leaderboard
{
    /// <summary>Bootstrap resamples of the over-datasets standard error (ProteinGym's leaderboard uses 10 000); seed 0.</summary>
    public const int SummaryResamples = 10_000;

    Leaderboard(IReadOnlyList<LeaderboardRow> rows, IReadOnlyDictionary<LeaderboardRow, ScatterPoints> points, IReadOnlyList<GameInfo> games)
    {
        Rows = rows;
        Points = points;
        Games = games;
        Summaries = Summarise(rows, games);
        Published = PublishedComparison.Build(rows, games, SummaryResamples);
    }

    /// <summary>Rows ordered by game, dataset, split, then model.</summary>
    public IReadOnlyList<LeaderboardRow> Rows { get; }
    /// <summary>Measured vs predicted values behind each row (pooled over folds) where every job succeeded.</summary>
    public IReadOnlyDictionary<LeaderboardRow, ScatterPoints> Points { get; }
    /// <summary>The games found.</summary>
    public IReadOnlyList<GameInfo> Games { get; }
    /// <summary>Per game, model, fold scheme and metric: the headline values aggregated over datasets.</summary>
    public IReadOnlyList<ModelSummary> Summaries { get; }
    /// <summary>
    /// Per game, metric and (supervised) fold scheme: the game's models among ProteinGym's published models,
    /// per assay and over the assays the game covered; empty when no dataset is a published assay.
    /// </summary>
    public IReadOnlyList<PublishedComparison> Published { get; }

    /// <summary>The ProteinGym assay id of <paramref name="row"/>'s dataset (its <c>dms_id</c>, else its label).</summary>
    public string DmsId(LeaderboardRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Games.FirstOrDefault(g => g.Name == row.Game)?.DmsId(row.Dataset) ?? row.Dataset;
    }

    /// <summary>Where <paramref name="row"/> stands among the published models on its assay, per metric (only metrics with a placement).</summary>
    public IEnumerable<(string Metric, AssayPlacement Placement)> Placements(LeaderboardRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        foreach (var c in Published.Where(c => c.Game == row.Game && c.Split == row.Split))
            if (c.Placement(row.Model, row.Dataset) is { } p) yield return (c.Metric, p);
    }

    /// <summary>Reads every game under <paramref name="resultsDir"/> (folders with a <c>game.json</c>).</summary>
    public static Leaderboard Build(string resultsDir)
    {
        var rows = new List<LeaderboardRow>();
        var points = new Dictionary<LeaderboardRow, ScatterPoints>();
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
                    if (JobRecord.TryRead(modelDir) is { } single)
                    {
                        if (InGame(game, single)) Add(game, [(modelDir, single)], null, rows, points);
                        continue;
                    }
                    foreach (var splitDir in Directory.GetDirectories(modelDir).Order(StringComparer.Ordinal))
                    {
                        // Fold identity comes from each job.json, never from the folder's name.
                        var folds = Directory.GetDirectories(splitDir)
                            .Select(d => (Dir: d, Record: JobRecord.TryRead(d)))
                            .Where(f => f.Record is { Split: not null, Fold: not null } && InGame(game, f.Record))
                            .OrderBy(f => f.Record!.Fold)
                            .Select(f => (f.Dir, f.Record!)).ToList();
                        if (folds.Count > 0) Add(game, folds, splitDir, rows, points);
                    }
                }
        }
        return new Leaderboard(rows, points, games);
    }

    // Results of datasets or models no longer in the game stay on disk but leave the leaderboard.
    static bool InGame(GameInfo game, JobRecord record) =>
        game.Datasets?.Contains(record.Dataset) != false && game.Models?.Contains(record.Model) != false;

    static void Add(GameInfo game, List<(string Dir, JobRecord Record)> jobs, string? splitDir, List<LeaderboardRow> rows,
        Dictionary<LeaderboardRow, ScatterPoints> points)
    {
        var first = jobs[0].Record;
        var split = splitDir is null ? "" : first.Split ?? "";
        var ok = jobs.Where(j => j.Record.Status == JobStatus.Succeeded).ToList();
        var perJob = ok.Select(j => MetricsFile.TryRead(Path.Combine(j.Dir, ResultFiles.Metrics))).ToList();
        var allOk = ok.Count == jobs.Count;
        var scheme = splitDir is not null && allOk ? MetricsFile.TryRead(Path.Combine(splitDir, ResultFiles.Metrics)) : null;
        // The scheme's pooled values count only if they pooled exactly these folds.
        var pooled = scheme?.Metadata.TotalFolds == jobs.Count ? scheme.Pooled : null;
        var values = new List<KeyValuePair<string, double?>>();
        foreach (var mode in game.ScoreModes)
        {
            if (mode == ScoreMode.Test)
                foreach (var m in game.Metrics)
                {
                    var agg = FoldScoring.AggregateFolds(m, perJob.Select(f => f?.Test.GetValueOrDefault(m) ?? double.NaN));
                    values.Add(new("test_" + m, Defined(agg.Value)));
                    values.Add(new("test_" + m + "_std", splitDir is null ? null : Defined(agg.StandardDeviation)));
                }
            else if (mode == ScoreMode.Pooled && splitDir is not null)
                foreach (var m in game.Metrics)
                    values.Add(new("pooled_" + m, pooled?.GetValueOrDefault(m)));
        }
        var row = new LeaderboardRow(game.Name, game.Kind, first.Model, first.Dataset, split, first.Target ?? "",
            jobs.Count, jobs.Count - ok.Count, values, jobs.FirstOrDefault(j => j.Record.Status == JobStatus.Failed).Record?.Reason)
        {
            FoldsSource = splitDir is null ? null : first.FoldsSource,
        };
        rows.Add(row);
        if (allOk && Plotted(jobs) is { } p) points[row] = p;
    }

    static double? Defined(double v) => double.IsFinite(v) ? v : null;

    /// <summary>The jobs' predictions one after the other (read with the one reader); null if one is unreadable.</summary>
    static ScatterPoints? Plotted(List<(string Dir, JobRecord Record)> jobs)
    {
        var measured = new List<double>();
        var predicted = new List<double>();
        try
        {
            foreach (var (dir, _) in jobs)
            {
                var table = PredictionTable.Read(Path.Combine(dir, ResultFiles.Predictions), minRows: 0);
                measured.AddRange(table.Truth);
                predicted.AddRange(table.Score);
            }
        }
        catch (Exception e) when (e is MetricInputException or FileNotFoundException)
        {
            return null; // the plot is left out; the numbers come from the metrics files
        }
        return new ScatterPoints([.. measured], [.. predicted]);
    }

    /// <summary>Each model's headline values over a game's datasets, per fold scheme (ProteinGym's aggregation).</summary>
    static List<ModelSummary> Summarise(IReadOnlyList<LeaderboardRow> rows, IReadOnlyList<GameInfo> games)
    {
        var result = new List<ModelSummary>();
        foreach (var game in games)
            foreach (var group in rows.Where(r => r.Game == game.Name).GroupBy(r => (r.Model, r.Split)).OrderBy(g => g.Key.Split, StringComparer.Ordinal))
                foreach (var m in game.Metrics)
                {
                    // Datasets that are all ProteinGym assays are averaged by ProteinGym's rule (UniProt, function); others by the plain mean.
                    var catalog = PublishedResults.Catalog;
                    var proteinGym = group.All(r => catalog.Contains(game.DmsId(r.Dataset)))
                                     && group.Select(r => game.DmsId(r.Dataset)).Distinct().Count() == group.Count();
                    var values = group.ToDictionary(r => proteinGym ? game.DmsId(r.Dataset) : r.Dataset, r => r.Headline(m) ?? double.NaN, StringComparer.Ordinal);
                    var summary = AssayAggregation.Summarise(values, proteinGym ? catalog : null);
                    var se = summary.Assays < 2 ? double.NaN : AssayAggregation.BootstrapStandardError(values, proteinGym ? catalog : null, resamples: SummaryResamples);
                    result.Add(new ModelSummary(game.Name, group.Key.Model, group.Key.Split, m, summary, se));
                }
        return result;
    }
}
