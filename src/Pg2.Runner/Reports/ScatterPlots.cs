using Pg2.Runner.Games;

namespace Pg2.Runner.Reports;

/// <summary>Predicted vs measured scatter plots (PNG, ScottPlot), one per game, dataset and fold scheme, one colour per model.</summary>
internal static class ScatterPlots
{
    public const int Width = 480;
    public const int Height = 400;
    /// <summary>Points drawn per model at most; larger sets are thinned evenly (the picture stays the same).</summary>
    const int MaxPoints = 5000;

    public sealed record Plot(string Game, string File, string Caption);

    public static IReadOnlyList<Plot> Write(Leaderboard board, string reportDir)
    {
        var plots = new List<Plot>();
        foreach (var group in board.Points.GroupBy(p => (p.Key.Game, p.Key.Dataset, p.Key.Split)).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal))
        {
            var (game, dataset, split) = group.Key;
            var plot = new ScottPlot.Plot();
            foreach (var (row, points) in group.OrderBy(g => g.Key.Model, StringComparer.Ordinal))
            {
                var step = Math.Max(1, points.Measured.Length / MaxPoints);
                var xs = points.Measured.Where((_, i) => i % step == 0).ToArray();
                var ys = points.Predicted.Where((_, i) => i % step == 0).ToArray();
                var sp = plot.Add.ScatterPoints(xs, ys);
                sp.LegendText = row.Model;
                sp.MarkerSize = 4;
            }
            var pooled = split.Length > 0;
            plot.Title(split.Length == 0 ? dataset : $"{dataset} ({split} folds)");
            plot.XLabel(pooled ? "measured (standardised per fold)" : "measured");
            plot.YLabel(pooled ? "predicted (standardised per fold)" : "predicted");
            plot.ShowLegend();
            var file = Safe($"scatter_{game}_{dataset}{(split.Length == 0 ? "" : "_" + split)}.png");
            plot.SavePng(Path.Combine(reportDir, file), Width, Height);
            plots.Add(new Plot(game, file, $"{dataset}{(split.Length == 0 ? "" : $", {split} folds pooled")}: predicted vs measured"));
        }
        return plots;
    }

    static string Safe(string name) => new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_')]);
}
