using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pg2.Runner.Reports;
using Spectre.Console;

namespace Pg2.Cli.Commands;

/// <summary><c>pg2 benchmark report &lt;results-dir&gt;</c>: rebuilds leaderboard.csv, leaderboard.md and report/index.html from a results tree.</summary>
internal sealed class BenchmarkReportCommand : Pg2Command<BenchmarkReportCommand.Settings>
{
    readonly Argument<string> _results = new("results-dir") { Description = "Results folder of earlier runs", DefaultValueFactory = _ => "results" };
    readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "Print only the written file names" };
    readonly Option<bool> _json = new("--json") { Description = "Print the leaderboard rows as JSON" };

    public BenchmarkReportCommand(Pg2Console console) : base("report", "Write the leaderboard (CSV, Markdown) and the static HTML report of a results folder.", console)
    {
        Arguments.Add(_results);
        Options.Add(_quiet);
        Options.Add(_json);
    }

    /// <summary>One invocation's options.</summary>
    internal sealed record Settings(string Results, bool Quiet, bool Json);

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_results)!, parse.GetValue(_quiet), parse.GetValue(_json));

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var results = Path.GetFullPath(settings.Results);
        var board = ReportWriter.Write(results);
        if (settings.Json)
        {
            var rows = new JsonArray();
            foreach (var r in board.Rows)
            {
                var row = new JsonObject { ["game"] = r.Game, ["model"] = r.Model, ["dataset"] = r.Dataset, ["split"] = r.Split, ["target"] = r.Target, ["jobs"] = r.Jobs, ["failed"] = r.Failed };
                foreach (var (k, v) in r.Values) row[k] = v;
                rows.Add(row);
            }
            await Console.Out.WriteLineAsync(rows.ToJsonString(Pg2.Runner.Jobs.JobRecord.NodeJson));
            return 0;
        }
        var console = Console.Ansi;
        if (!settings.Quiet)
            foreach (var g in board.Games) LeaderboardTable.Render(console, board, g.Name);
        await Console.Out.WriteLineAsync($"wrote {Path.Combine(results, ReportWriter.CsvFile)}, {Path.Combine(results, ReportWriter.MarkdownFile)}, {Path.Combine(results, ReportWriter.HtmlFile)}");
        return 0;
    }
}
