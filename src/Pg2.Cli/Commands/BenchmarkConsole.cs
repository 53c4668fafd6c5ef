using System.Globalization;
using Pg2.Datasets;
using Pg2.Runner.Games;
using Pg2.Runner.Jobs;
using Pg2.Runner.Reports;
using Spectre.Console;
using Pg2.Contracts;
using Pg2.Metrics.Folds;

namespace Pg2.Cli.Commands;

/// <summary>Draws a run's progress: a live bar (done / running / failed, elapsed, ETA) or, when output is redirected, one line per job.</summary>
internal sealed class ConsoleProgress(IAnsiConsole console, bool silent) : IRunObserver
{
    readonly Lock _gate = new();
    ProgressTask? _task;
    int _total, _done, _running, _failed, _cached;
    string? _latest;

    public void Attach(ProgressTask task) => _task = task;

    public void Planned(int total, int cached)
    {
        lock (_gate)
        {
            _total = total;
            if (_task is not null) _task.MaxValue = Math.Max(1, total);
            if (_task is null && !silent && cached > 0) console.MarkupLine($"[grey]{cached} of {total} jobs cached (unchanged inputs)[/]");
            Update();
        }
    }

    public void Message(string text)
    {
        if (silent) return;
        console.MarkupLine($"[grey]{Markup.Escape(text)}[/]");
    }

    public void Started(BenchmarkJob job)
    {
        lock (_gate) { _running++; Update(); }
    }

    public void Finished(BenchmarkJob job, JobRecord record, bool cached)
    {
        lock (_gate)
        {
            _done++;
            if (cached) _cached++; else _running--;
            if (record.Status == JobStatus.Failed) _failed++;
            Update();
            if (_task is null && !silent && !cached)
            {
                var ok = record.Status == JobStatus.Succeeded;
                console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(ok ? "[green]ok[/]    " : "[red]failed[/]")} {Markup.Escape(job.Label)} ({record.DurationSeconds:0.0} s){(ok ? "" : ": " + Markup.Escape(record.Reason ?? ""))}"));
            }
        }
    }

    /// <summary>Live: the newest line of a running job under the bar; redirected: the line itself, labelled.</summary>
    public void Progress(BenchmarkJob job, string line)
    {
        if (silent) return;
        lock (_gate)
        {
            if (_task is null)
            {
                console.MarkupLine($"[grey]  {Markup.Escape(job.Label)}: {Markup.Escape(line)}[/]");
                return;
            }
            _latest = $"{job.Label}: {(line.Length > 100 ? line[..100] + "…" : line)}";
            Update();
        }
    }

    void Update()
    {
        if (_task is null) return;
        _task.Value = _done;
        _task.Description = $"[green]{_done}/{_total} done[/]{(_cached > 0 ? $" ({_cached} cached)" : "")}, {_running} running, {(_failed > 0 ? $"[red]{_failed} failed[/]" : "0 failed")}"
            + (_running > 0 && _latest is not null ? $"\n[grey]{Markup.Escape(_latest)}[/]" : "");
    }
}

/// <summary>The leaderboard of one game as a console table.</summary>
internal static class LeaderboardTable
{
    public static void Render(IAnsiConsole console, Leaderboard board, string game)
    {
        var info = board.Games.FirstOrDefault(g => g.Name == game);
        if (info is null) return;
        var table = new Table().Title($"[bold]{Markup.Escape(game)}[/] leaderboard").Border(TableBorder.Rounded);
        table.AddColumns("dataset", "split", "model");
        var columns = new List<(string Key, string Header)>();
        var folds = board.Rows.Any(r => r.Game == game && r.Split.Length > 0);
        foreach (var mode in info.ScoreModes)
            foreach (var m in info.Metrics)
                if (mode == ScoreMode.Test) columns.Add(("test_" + m, m + " (test)"));
                else if (folds) columns.Add(("pooled_" + m, m + " (pooled)"));
        foreach (var c in columns) table.AddColumn(new TableColumn(Markup.Escape(c.Header)).RightAligned());
        table.AddColumn("status");
        foreach (var r in ReportWriter.Ranked(board, info))
        {
            var cells = new List<string> { Markup.Escape(r.Dataset), Markup.Escape(r.Split), Markup.Escape(r.Model) };
            foreach (var (key, _) in columns)
            {
                var v = r[key];
                var std = key.StartsWith("test_", StringComparison.Ordinal) && r.Split.Length > 0 ? r[key + "_std"] : null;
                cells.Add(v is null ? "[grey]–[/]" : std is null
                    ? v.Value.ToString("0.000", CultureInfo.InvariantCulture)
                    : $"{v.Value.ToString("0.000", CultureInfo.InvariantCulture)} ± {std.Value.ToString("0.000", CultureInfo.InvariantCulture)}");
            }
            cells.Add(r.Failed == 0 ? "[green]ok[/]" : $"[red]{r.Failed}/{r.Jobs} failed[/]");
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
    }
}
