using System.Globalization;
using System.Text;
using Pg2.Metrics;
using Pg2.Metrics.Folds;
using Pg2.Runner.Games;
using Pg2.Runner.Jobs;

namespace Pg2.Runner.Tests;

/// <summary>Writes a results tree by hand (game.json, job.json, metrics.json, optionally predictions.csv), as the runner would.</summary>
internal static class SyntheticResults
{
    /// <summary>A zero-shot game over <paramref name="datasets"/> with <paramref name="models"/>; <paramref name="value"/>(model, dataset, metric) gives each value.</summary>
    public static void ZeroShot(string results, string game, IReadOnlyList<string> datasets, IReadOnlyList<string> models, IReadOnlyList<string> metrics,
        Func<string, string, string, double> value, int plotted = 0)
    {
        var gameDir = Path.Combine(results, game);
        Directory.CreateDirectory(gameDir);
        new GameInfo(game, GameKind.ZeroShot, metrics, [ScoreMode.Test], "game.toml", datasets, models).Write(gameDir);
        for (int d = 0; d < datasets.Count; d++)
            foreach (var m in models)
            {
                var dir = Path.Combine(gameDir, datasets[d], m);
                Directory.CreateDirectory(dir);
                new MetricsFile { Test = metrics.ToDictionary(x => x, x => (double?)value(m, datasets[d], x)) }.Write(Path.Combine(dir, ResultFiles.Metrics));
                if (d < plotted)
                {
                    var csv = new StringBuilder("sequence,test,pred\n");
                    for (int i = 0; i < 10; i++) csv.Append(CultureInfo.InvariantCulture, $"S{i},{i},{i * 0.5 + (m.Length % 3)}\n");
                    File.WriteAllText(Path.Combine(dir, ResultFiles.Predictions), csv.ToString());
                }
                new JobRecord { Status = JobStatus.Succeeded, Game = game, Dataset = datasets[d], Model = m, Engine = "fake" }.Write(dir);
            }
    }
}
