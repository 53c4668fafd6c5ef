using System.Globalization;
using Pg2.Metrics;
using Pg2.Metrics.Folds;
using Pg2.Runner.Jobs;

namespace Pg2.Runner.Scoring;

/// <summary>
/// A fold scheme's <c>metrics.json</c> (beside its fold folders): the per-fold test values, their mean
/// and sample std, and ProteinGym's pooled value over all folds' predictions. Written by the runner
/// once, when the last fold of the scheme is scored; the leaderboard only reads it.
/// </summary>
public static class SchemeMetrics
{
    /// <summary>Words for the file's <c>rules</c> section.</summary>
    static readonly Dictionary<string, string> Rules = new(StringComparer.Ordinal)
    {
        ["test"] = "mean and sample standard deviation (ddof=1) of the per-fold values",
        ["pooled"] = "ProteinGym: one value over the held-out rows of all folds pooled (targets and predictions standardised per fold by the model; labels at the pooled truth's median)",
    };

    /// <summary>The scheme folder holding fold folder <paramref name="foldDir"/>.</summary>
    public static string Folder(string foldDir) => Path.GetDirectoryName(Path.GetFullPath(foldDir))!;

    /// <summary>
    /// Writes the scheme's file when every fold of <paramref name="job"/>'s scheme has its predictions and
    /// metrics; otherwise does nothing (a later fold writes it). Folds finishing together write the same bytes.
    /// </summary>
    public static void WriteIfComplete(BenchmarkJob job, string foldDir, IReadOnlyList<IMetric> metrics)
    {
        if (job.Split is null) return;
        var scheme = Folder(foldDir);
        var folds = new List<(int Fold, string Dir, MetricsFile File)>();
        for (var k = 0; k < job.Dataset.Folds; k++)
        {
            var dir = Path.Combine(scheme, Path.GetFileName((job with { Fold = k }).RelativeDir));
            if (MetricsFile.TryRead(Path.Combine(dir, ResultFiles.Metrics)) is not { } file || file.Metadata.Fold != k
                || !File.Exists(Path.Combine(dir, ResultFiles.Predictions)))
                return;
            folds.Add((k, dir, file));
        }
        var pooled = PooledScoring.ScoreFiles([.. folds.Select(f => (f.Fold, Path.Combine(f.Dir, ResultFiles.Predictions)))], metrics);
        var test = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var m in metrics)
        {
            var agg = FoldScoring.AggregateFolds(m.Name, folds.Select(f => f.File.Test.GetValueOrDefault(m.Name) ?? double.NaN));
            test[m.Name] = double.IsFinite(agg.Value) ? agg.Value : null;
            test[m.Name + "_std"] = double.IsFinite(agg.StandardDeviation) ? agg.StandardDeviation : null;
        }
        new MetricsFile
        {
            Metadata = new MetricsMetadata
            {
                Game = job.Game.Name, Dataset = job.Dataset.Name, Model = job.Model.Name, Split = job.Split,
                Target = job.Dataset.Target, TotalFolds = folds.Count,
            },
            Test = test,
            Pooled = MetricsFile.Values(pooled),
            PerFold = folds.ToDictionary(f => "fold_" + f.Fold.ToString(CultureInfo.InvariantCulture), f => f.File.Test, StringComparer.Ordinal),
            Rules = Rules,
        }.Write(Path.Combine(scheme, ResultFiles.Metrics));
    }
}
