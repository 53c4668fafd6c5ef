using System.Globalization;
using System.Net;
using System.Text;
using nietras.SeparatedValues;
using Pg2.Runner.Games;
using Pg2.Contracts;
using Pg2.Metrics.Folds;

namespace Pg2.Runner.Reports;

/// <summary>
/// Writes a results tree's leaderboard: <c>leaderboard.csv</c> (game, model, dataset, split,
/// target, each metric column; with ProteinGym assays also <c>dms_id</c> and each metric's rank among the
/// published models on that assay), <c>leaderboard.json</c> (the rows and the rankings among ProteinGym's
/// published models), <c>leaderboard.md</c>, and a static <c>report/index.html</c> that opens from disk
/// without a network: the ranking among ProteinGym's published models first, then the leaderboard
/// (sortable, filterable), a model × dataset heatmap, and per dataset a ScottPlot scatter of predicted vs
/// measured, loaded when its dataset is opened.
/// </summary>
public static class ReportWriter
{
    /// <summary>CSV file name at the results root.</summary>
    public const string CsvFile = "leaderboard.csv";
    /// <summary>Markdown file name at the results root.</summary>
    public const string MarkdownFile = "leaderboard.md";
    /// <summary>JSON file name at the results root.</summary>
    public const string JsonFile = "leaderboard.json";
    /// <summary>HTML report, relative to the results root.</summary>
    public static readonly string HtmlFile = Path.Combine("report", "index.html");

    /// <summary>Builds the leaderboard of <paramref name="resultsDir"/> and writes all report files; returns it.</summary>
    public static Leaderboard Write(string resultsDir)
    {
        var board = Leaderboard.Build(resultsDir);
        var columns = MetricColumns(board);
        AtomicFile.WriteAllText(Path.Combine(resultsDir, CsvFile), Csv(board, columns));
        AtomicFile.WriteAllText(Path.Combine(resultsDir, JsonFile), LeaderboardJson.Write(board));
        AtomicFile.WriteAllText(Path.Combine(resultsDir, MarkdownFile), Markdown(board));
        var reportDir = Path.Combine(resultsDir, "report");
        Directory.CreateDirectory(reportDir);
        var plots = ScatterPlots.Write(board, reportDir);
        AtomicFile.WriteAllText(Path.Combine(resultsDir, HtmlFile), Html(board, plots));
        return board;
    }

    /// <summary>Metric columns over all rows, in first-seen order (a union, as the original's diagonal concat).</summary>
    static List<string> MetricColumns(Leaderboard board)
    {
        var seen = new List<string>();
        foreach (var r in board.Rows)
            foreach (var (k, _) in r.Values)
                if (!seen.Contains(k)) seen.Add(k);
        return seen;
    }

    static string Csv(Leaderboard board, List<string> columns)
    {
        // Rows on ProteinGym assays also say where they stand among the published models there.
        var published = board.Published.Select(c => c.Metric).Distinct().ToList();
        string[] placed = published.Count == 0 ? [] : ["dms_id", .. published.SelectMany(m => new[] { "published_rank_" + m, "published_models_" + m })];
        string[] header = ["game", "model", "dataset", "split", "target", .. columns, "jobs", "failed", .. placed];
        using var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).ToText();
        if (board.Rows.Count == 0) return string.Join(',', header) + "\n";
        foreach (var r in board.Rows)
        {
            using var row = writer.NewRow();
            string[] cells = [r.Game, r.Model, r.Dataset, r.Split, r.Target, .. columns.Select(c => Number(r[c], "R")),
                r.Jobs.ToString(CultureInfo.InvariantCulture), r.Failed.ToString(CultureInfo.InvariantCulture), .. Placed(board, r, published)];
            for (var i = 0; i < header.Length; i++) row[header[i]].Set(cells[i]);
        }
        writer.Flush();
        return writer.ToString();
    }

    static string[] Placed(Leaderboard board, LeaderboardRow r, List<string> metrics)
    {
        if (metrics.Count == 0) return [];
        var at = board.Placements(r).ToDictionary(p => p.Metric, p => p.Placement);
        return [board.DmsId(r), .. metrics.SelectMany(m => at.TryGetValue(m, out var p)
            ? new[] { p.Rank.ToString(CultureInfo.InvariantCulture), p.Published.ToString(CultureInfo.InvariantCulture) }
            : ["", ""])];
    }

    static string Number(double? v, string format = "0.000") => v?.ToString(format, CultureInfo.InvariantCulture) ?? "";

    // Tables for people say why a cell is empty: the metric is undefined there (e.g. Spearman of a
    // constant prediction) or the job failed. The CSV keeps empty cells for machines.
    static string Shown(double? v) => v is null ? "n/a" : Number(v);

    /// <summary>Per game: the metric columns shown, folded into "mean ± std" cells.</summary>
    static List<(string Header, Func<LeaderboardRow, string> Cell)> DisplayColumns(Leaderboard board, GameInfo game)
    {
        var folds = board.Rows.Any(r => r.Game == game.Name && r.Split.Length > 0);
        var cols = new List<(string, Func<LeaderboardRow, string>)>();
        foreach (var mode in game.ScoreModes)
            foreach (var m in game.Metrics)
            {
                if (mode == ScoreMode.Test)
                    cols.Add(($"{m} (test)", r => r.Split.Length == 0
                        ? Shown(r["test_" + m])
                        : r["test_" + m] is null ? "n/a" : $"{Number(r["test_" + m])} ± {Number(r["test_" + m + "_std"])}"));
                else if (folds)
                    cols.Add(($"{m} (pooled)", r => Shown(r["pooled_" + m])));
            }
        return cols;
    }

    /// <summary>Rows of one game, best first by the headline metric within each dataset and split.</summary>
    public static IEnumerable<LeaderboardRow> Ranked(Leaderboard board, GameInfo game) =>
        board.Rows.Where(r => r.Game == game.Name)
            .OrderBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => r.Split, StringComparer.Ordinal)
            .ThenByDescending(r => r.Headline(game.Metrics[0]) ?? double.NegativeInfinity);

    /// <summary>
    /// A game's per-model values over datasets ("mean ± se" per metric), for games with at least two
    /// datasets; empty otherwise (one dataset's mean is its own row).
    /// </summary>
    static List<(string Model, string Split, List<string> Cells, int Datasets)> OverDatasets(Leaderboard board, GameInfo game)
    {
        var result = new List<(string, string, List<string>, int)>();
        if (board.Rows.Where(r => r.Game == game.Name).Select(r => r.Dataset).Distinct().Count() < 2) return result;
        foreach (var g in board.Summaries.Where(s => s.Game == game.Name).GroupBy(s => (s.Split, s.Model)).OrderBy(g => g.Key.Split, StringComparer.Ordinal).ThenBy(g => g.Key.Model, StringComparer.Ordinal))
        {
            var cells = game.Metrics.Select(m => g.First(s => s.Metric == m)).Select(s =>
                double.IsNaN(s.Summary.Overall) ? "n/a"
                : double.IsNaN(s.StandardError) ? Number(s.Summary.Overall)
                : $"{Number(s.Summary.Overall)} ± {Number(s.StandardError)}").ToList();
            result.Add((g.Key.Model, g.Key.Split, cells, g.Max(s => s.Summary.Assays)));
        }
        return result;
    }

    static string Status(LeaderboardRow r) => r.Failed == 0 ? "ok" : $"{r.Failed}/{r.Jobs} failed";

    static string Markdown(Leaderboard board)
    {
        var sb = new StringBuilder("# Leaderboard\n\n`n/a`: the metric is undefined there (e.g. Spearman of a constant prediction) or the job failed (see status).\n");
        foreach (var game in board.Games)
        {
            var cols = DisplayColumns(board, game);
            sb.Append(CultureInfo.InvariantCulture, $"\n## {game.Name} ({(game.Kind == GameKind.Supervised ? "supervised" : "zero-shot")})\n\n");
            sb.AppendJoin(" | ", ["| dataset", "split", "target", "model", .. cols.Select(c => c.Header), "status |"]).Append('\n');
            sb.Append('|').Append(string.Concat(Enumerable.Repeat("---|", 5 + cols.Count))).Append('\n');
            foreach (var r in Ranked(board, game))
                sb.AppendJoin(" | ", ["| " + r.Dataset, r.SplitLabel, r.Target, r.Model, .. cols.Select(c => c.Cell(r)), Status(r) + " |"]).Append('\n');
            if (OverDatasets(board, game) is { Count: > 0 } summary)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\n### Over datasets\n\n");
                sb.AppendJoin(" | ", ["| model", "split", .. game.Metrics, "datasets |"]).Append('\n');
                sb.Append('|').Append(string.Concat(Enumerable.Repeat("---|", 3 + game.Metrics.Count))).Append('\n');
                foreach (var (model, split, cells, n) in summary)
                    sb.AppendJoin(" | ", ["| " + model, split, .. cells, n + " |"]).Append('\n');
            }
        }
        sb.Append("\n`test`: a job's value, or over folds the mean ± sample standard deviation of the per-fold values. ")
          .Append("`pooled`: ProteinGym's rule, one value over all folds' held-out rows (standardised per fold).")
          .Append(board.Games.Any(g => OverDatasets(board, g).Count > 0)
              ? " *Over datasets*: each model's headline value (pooled, else test) averaged over datasets by ProteinGym's aggregation, ± its bootstrap standard error over datasets.\n"
              : "\n");
        return sb.ToString();
    }

    static string Html(Leaderboard board, IReadOnlyList<ScatterPlots.Plot> plots)
    {
        var sb = new StringBuilder();
        sb.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>pg2 benchmark report</title>
            <style>

            """);
        sb.Append(ReportHtml.Style).Append("</style></head><body>\n<h1>pg2 benchmark report</h1>\n");
        if (board.Games.Count > 1)
        {
            sb.Append("<nav>");
            foreach (var g in board.Games) sb.Append(CultureInfo.InvariantCulture, $"<a href=\"#game-{ReportHtml.Id(g.Name)}\">{E(g.Name)}</a>");
            sb.Append("</nav>\n");
        }
        foreach (var game in board.Games)
        {
            var cols = DisplayColumns(board, game);
            var kind = game.Kind == GameKind.Supervised ? "supervised" : "zero-shot";
            sb.Append(CultureInfo.InvariantCulture, $"<h2 id=\"game-{ReportHtml.Id(game.Name)}\">{E(game.Name)} <small>({kind})</small></h2>\n");
            var published = board.Published.Where(c => c.Game == game.Name).ToList();
            ReportHtml.Ranking(sb, game.Name, published);
            var rankMetrics = published.Select(c => c.Metric).Distinct().ToList();
            sb.Append("<h3>Per dataset</h3>\n");
            if (rankMetrics.Count > 0)
                sb.Append("<p class=\"note\">rank: among ProteinGym's published models on that assay (1 = best; of how many have a value there).</p>\n");
            sb.Append(ReportHtml.Filter("leaderboard-" + game.Name, "filter rows (dataset, model, status…)"));
            sb.Append("<div class=\"box\"><table class=\"leaderboard\" id=\"leaderboard-").Append(E(game.Name)).Append("\"><thead><tr><th>dataset</th><th>split</th><th>target</th><th>model</th>");
            foreach (var c in cols) sb.Append("<th>").Append(E(c.Header)).Append("</th>");
            foreach (var m in rankMetrics) sb.Append("<th>rank (").Append(E(m)).Append(")</th>");
            if (rankMetrics.Count > 0) sb.Append("<th>best published (").Append(E(rankMetrics[0])).Append(")</th>");
            sb.Append("<th>status</th></tr></thead><tbody>\n");
            foreach (var r in Ranked(board, game))
            {
                sb.Append("<tr><td>").Append(E(r.Dataset)).Append("</td><td>").Append(E(r.SplitLabel)).Append("</td><td>").Append(E(r.Target))
                  .Append("</td><td>").Append(E(r.Model)).Append("</td>");
                foreach (var c in cols) sb.Append("<td class=\"num\">").Append(E(c.Cell(r))).Append("</td>");
                if (rankMetrics.Count > 0)
                {
                    var at = board.Placements(r).ToDictionary(p => p.Metric, p => p.Placement);
                    foreach (var m in rankMetrics)
                        sb.Append(at.TryGetValue(m, out var p)
                            ? string.Create(CultureInfo.InvariantCulture, $"<td class=\"num\" data-v=\"{p.Rank}\">{p.Rank} of {p.Published}</td>")
                            : "<td class=\"num\" data-v=\"\"></td>");
                    sb.Append(at.TryGetValue(rankMetrics[0], out var b) && b.BestModel.Length > 0
                        ? string.Create(CultureInfo.InvariantCulture, $"<td>{E(b.BestModel)} ({b.BestValue:0.000})</td>")
                        : "<td></td>");
                }
                sb.Append(r.Failed == 0 ? "<td>ok</td>" : $"<td class=\"failed\" title=\"{E(r.FailureReason ?? "")}\">{E(Status(r))}</td>");
                sb.Append("</tr>\n");
            }
            sb.Append("</tbody></table></div>\n");
            if (OverDatasets(board, game) is { Count: > 0 } summary)
            {
                sb.Append("<h3>Over datasets</h3>\n<div class=\"box\"><table class=\"summary sortable\"><thead><tr><th>model</th><th>split</th>");
                foreach (var m in game.Metrics) sb.Append("<th>").Append(E(m)).Append("</th>");
                sb.Append("<th>datasets</th></tr></thead><tbody>\n");
                foreach (var (model, split, cells, n) in summary)
                {
                    sb.Append("<tr><td>").Append(E(model)).Append("</td><td>").Append(E(split)).Append("</td>");
                    foreach (var c in cells) sb.Append("<td class=\"num\">").Append(E(c)).Append("</td>");
                    sb.Append("<td class=\"num\">").Append(n).Append("</td></tr>\n");
                }
                sb.Append("</tbody></table></div>\n");
            }
            Heatmap(sb, board, game);
            // One collapsed entry per dataset; its image loads when it is opened (217 assays stay light).
            var gamePlots = plots.Where(p => p.Game == game.Name).ToList();
            if (gamePlots.Count > 0)
            {
                var list = "plots-" + ReportHtml.Id(game.Name);
                sb.Append("<h3>Predicted vs measured</h3>\n").Append(ReportHtml.Filter(list, "filter datasets"));
                sb.Append(CultureInfo.InvariantCulture, $"<div class=\"box\"><table class=\"plots\" id=\"{list}\"><thead><tr><th>dataset (open to plot)</th></tr></thead><tbody>\n");
                foreach (var p in gamePlots)
                    sb.Append(CultureInfo.InvariantCulture, $"<tr><td><details class=\"plot\"><summary>{E(p.Caption)}</summary><figure><img data-src=\"{E(p.File)}\" width=\"{ScatterPlots.Width}\" height=\"{ScatterPlots.Height}\" alt=\"{E(p.Caption)}\"><figcaption>{E(p.Caption)}</figcaption></figure></details></td></tr>\n");
                sb.Append("</tbody></table></div>\n");
            }
        }
        sb.Append("<p><small>test: a job's value, or over folds the mean ± sample standard deviation of per-fold values. ")
          .Append("pooled: ProteinGym's rule, one value over all folds' held-out rows, each fold standardised with its training mean and std.</small></p>\n");
        sb.Append("<script>\n").Append(ReportHtml.Script).Append("</script>\n");
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    /// <summary>Model × dataset table of the headline value of the first metric, cells coloured blue (−1) → white (0) → red (+1).</summary>
    static void Heatmap(StringBuilder sb, Leaderboard board, GameInfo game)
    {
        var metric = game.Metrics.Contains("spearman") ? "spearman" : game.Metrics[0];
        var rows = board.Rows.Where(r => r.Game == game.Name).ToList();
        var datasets = rows.Select(r => r.Split.Length == 0 ? r.Dataset : $"{r.Dataset} ({r.Split})").Distinct().ToList();
        var models = rows.Select(r => r.Model).Distinct().ToList();
        sb.Append(CultureInfo.InvariantCulture, $"<h3>{E(metric)}: model × dataset</h3>\n<div class=\"box\"><table class=\"heatmap\"><thead><tr><th>model</th>");
        foreach (var d in datasets) sb.Append("<th>").Append(E(d)).Append("</th>");
        sb.Append("</tr></thead><tbody>\n");
        foreach (var m in models)
        {
            sb.Append("<tr><th>").Append(E(m)).Append("</th>");
            foreach (var d in datasets)
            {
                var r = rows.FirstOrDefault(x => x.Model == m && (x.Split.Length == 0 ? x.Dataset : $"{x.Dataset} ({x.Split})") == d);
                var v = r?.Headline(metric);
                sb.Append(CultureInfo.InvariantCulture, $"<td class=\"num\" style=\"background:{Colour(v)}\">{Shown(v)}</td>");
            }
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody></table></div>\n");
    }

    static string Colour(double? v)
    {
        if (v is not { } x || !double.IsFinite(x)) return "#eee";
        x = Math.Clamp(x, -1, 1);
        var fade = (int)Math.Round(255 * (1 - Math.Abs(x)));
        return x >= 0 ? $"rgb(255,{fade},{fade})" : $"rgb({fade},{fade},255)";
    }

    static string E(string s) => WebUtility.HtmlEncode(s);
}
