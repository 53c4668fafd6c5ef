using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pg2.Datasets;
using Pg2.Cli.Engines;
using Pg2.Runner.Costs;
using Pg2.Runner.Games;
using Pg2.Runner.Jobs;
using Pg2.Runner.Reports;
using Spectre.Console;
using Pg2.Contracts;

namespace Pg2.Cli.Commands;

/// <summary><c>pg2 benchmark run &lt;game.toml&gt;</c>: runs every job of a game, then writes and prints the leaderboard.</summary>
internal sealed class BenchmarkRunCommand : Pg2Command<BenchmarkRunCommand.Settings>
{
    readonly Argument<string> _game = new("game") { Description = "Game file (TOML), e.g. benchmarks/quickstart.toml" };
    readonly Option<string> _engine = EngineRegistry.Option("Where models run", "local");
    readonly Option<string> _results = new("--results") { Description = "Results folder", DefaultValueFactory = _ => "results" };
    readonly Option<int> _jobs = new("--jobs", "-j") { Description = "Jobs run in parallel", DefaultValueFactory = _ => 1 };
    readonly Option<string?> _timeout = new("--timeout") { Description = "Time limit per job, over every model's own [resources] time: seconds, or with a unit (90s, 10m, 1h)" };
    readonly Option<string?> _memory = new("--memory") { Description = "Memory per job, over every model's own [resources] memory: bytes, or with a unit (512m, 4g)" };
    readonly Option<double?> _cpus = new("--cpus") { Description = "CPU cores per job, over every model's own [resources] cpus (may be fractional)" };
    readonly Option<int?> _gpus = new("--gpus") { Description = "GPUs per job, over every model's own [resources] gpus (0 = none)" };
    readonly Option<string?> _sharedDir = new("--shared-dir") { Description = "--engine slurm: a folder every node sees, for inputs, scripts, logs and outputs (default <results>/.slurm)" };
    readonly Option<bool> _force = new("--force") { Description = "Rerun every job, ignoring cached results" };
    readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "No progress or tables; one summary line" };
    readonly Option<bool> _json = new("--json") { Description = "Print the run summary and leaderboard as JSON" };
    readonly Option<bool> _dryRun = new("--dry-run") { Description = "Print the job count and the cost model's time and memory estimate, run nothing" };
    readonly Option<string?> _costModel = new("--cost-model") { Description = "Cost table for the estimate (default: the shipped data/cost-model.json; pg2 benchmark fit-costs writes one)" };

    public BenchmarkRunCommand(Pg2Console console) : base("run", "Run every model on every dataset of a game; cached, parallel; writes the leaderboard and report.", console)
    {
        Arguments.Add(_game);
        foreach (var o in new Option[] { _engine, _results, _jobs, _timeout, _memory, _cpus, _gpus, _sharedDir, _force, _quiet, _json, _dryRun, _costModel }) Options.Add(o);
    }

    /// <summary>One invocation's options; the limits are as given (parsed when the command runs).</summary>
    internal sealed record Settings(string Game, string Engine, string Results, int Jobs, string? Timeout, string? Memory, double? Cpus,
        bool Force, bool Quiet, bool Json, int? Gpus = null, string? SharedDir = null, bool DryRun = false, string? CostModel = null);

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_game)!, parse.GetValue(_engine)!, parse.GetValue(_results)!,
        parse.GetValue(_jobs), parse.GetValue(_timeout), parse.GetValue(_memory), parse.GetValue(_cpus),
        parse.GetValue(_force), parse.GetValue(_quiet), parse.GetValue(_json), parse.GetValue(_gpus), parse.GetValue(_sharedDir),
        parse.GetValue(_dryRun), parse.GetValue(_costModel));

    protected override void Validate(Settings settings)
    {
        if (settings.Jobs < 1) throw new InvalidInputException($"--jobs: expected 1 or more, got {settings.Jobs}", ExitCodes.Usage);
        if (settings.Cpus is <= 0) throw new InvalidInputException($"--cpus: expected a positive number, got {settings.Cpus}", ExitCodes.Usage);
        if (settings.Gpus is < 0) throw new InvalidInputException($"--gpus: expected 0 or more, got {settings.Gpus}", ExitCodes.Usage);
    }

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var game = GameFile.Load(settings.Game);
        var options = new RunOptions
        {
            ResultsDir = settings.Results,
            Parallelism = settings.Jobs,
            Resources = new ModelResources(
                Cpus: settings.Cpus,
                MemoryBytes: settings.Memory is { } m ? ModelResources.ParseBytes(m, "--memory", ExitCodes.Usage) : null,
                Gpus: settings.Gpus,
                Time: settings.Timeout is { } t ? ModelResources.ParseDuration(t, "--timeout", ExitCodes.Usage) : null),
            Force = settings.Force,
        };
        var (quiet, json) = (settings.Quiet, settings.Json);
        var console = Console.Ansi;
        var live = !quiet && !json && Console.Interactive;

        // The estimate comes before anything is built or run; a table the user names must be valid, the shipped one always is.
        var costs = settings.CostModel is { } table ? CostTable.Load(table) : CostTable.Shipped;
        var estimate = Estimate(game, settings, costs, out var estimateError);
        if (settings.DryRun)
        {
            if (estimate is null) throw new InvalidInputException($"estimate: {estimateError}");
            if (json) await Console.Out.WriteLineAsync(new JsonObject { ["game"] = game.Name, ["estimate"] = estimate.ToJson() }.ToJsonString(JobRecord.NodeJson));
            else foreach (var line in estimate.Lines()) await Console.Out.WriteLineAsync(line);
            return ExitCodes.Success;
        }
        if (!quiet && !json)
        {
            if (estimate is null) console.MarkupLine($"[grey]estimate: {Markup.Escape(estimateError ?? "")}[/]");
            else foreach (var line in estimate.Lines()) console.MarkupLine($"[grey]{Markup.Escape(line)}[/]");
        }

        using var engine = EngineRegistry.Create(settings.Engine, new EngineContext(settings.Results, settings.SharedDir));
        // Cancelling (Ctrl-C, SIGTERM) stops the running jobs and throws: no record for them, so a rerun runs them again.
        var observer = new ConsoleProgress(console, quiet || json);
        var runner = new BenchmarkRunner(engine, options, observer);
        var summary = live
            ? await console.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(),
                         new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(ctx =>
                {
                    observer.Attach(ctx.AddTask("jobs", autoStart: true, maxValue: 1));
                    return runner.RunAsync(game, cancel);
                }).ConfigureAwait(false)
            : await runner.RunAsync(game, cancel).ConfigureAwait(false);

        var results = Path.GetFullPath(options.ResultsDir);
        var board = ReportWriter.Write(results);
        if (json)
            await Console.Out.WriteLineAsync(SummaryJson(game, summary, board, results, estimate));
        else if (quiet)
            await Console.Out.WriteLineAsync(SummaryLine(game, summary, results));
        else
        {
            LeaderboardTable.Render(console, board, game.Name);
            PrintFailures(console, summary, results);
            console.MarkupLine(Markup.Escape(SummaryLine(game, summary, results)));
        }
        return summary.ExitCode;
    }

    static string SummaryLine(Game game, RunSummary s, string results) => string.Create(CultureInfo.InvariantCulture,
        $"{game.Name}: {s.Outcomes.Count} jobs, {s.Executed} run, {s.Cached} cached, {s.Failed} failed in {s.Elapsed.TotalSeconds:0.0} s; leaderboard: {Path.Combine(results, ReportWriter.MarkdownFile)}, report: {Path.Combine(results, ReportWriter.HtmlFile)}");

    static void PrintFailures(IAnsiConsole console, RunSummary summary, string results)
    {
        foreach (var o in summary.Outcomes.Where(o => o.Record.Status == JobStatus.Failed))
        {
            console.MarkupLine($"[red]failed[/] {Markup.Escape(o.Job.Label)}: {Markup.Escape(o.Record.Reason ?? "")}{(o.Cached ? " (cached; --force reruns)" : "")}");
            if (!string.IsNullOrEmpty(o.Record.LogTail))
                console.MarkupLine($"  [grey]log: {Markup.Escape(Path.Combine(results, o.Job.RelativeDir, ResultFiles.Log))}[/]");
        }
    }

    /// <summary>The cost model's estimate of the game's jobs, or null with the reason (an archive whose sizes cannot be read: the run reports it).</summary>
    static RunEstimate? Estimate(Game game, Settings settings, CostTable costs, out string? error)
    {
        error = null;
        try
        {
            return RunEstimate.For(BenchmarkJob.Plan(game), settings.Engine, settings.Jobs, costs);
        }
        catch (Exception e) when (e is InvalidInputException or IOException or InvalidDataException)
        {
            error = e.Message;
            return null;
        }
    }

    static string SummaryJson(Game game, RunSummary s, Leaderboard board, string results, RunEstimate? estimate)
    {
        var jobs = new JsonArray();
        foreach (var o in s.Outcomes)
            jobs.Add(new JsonObject
            {
                ["dataset"] = o.Job.Dataset.Name, ["model"] = o.Job.Model.Name, ["split"] = o.Job.Split, ["fold"] = o.Job.Fold,
                ["status"] = o.Record.Status == JobStatus.Succeeded ? "succeeded" : "failed", ["cached"] = o.Cached,
                ["failure"] = JsonSerializer.SerializeToNode(o.Record.Failure, JobRecord.Json), ["reason"] = o.Record.Reason, ["duration_seconds"] = o.Record.DurationSeconds,
                ["dir"] = Path.Combine(results, o.Job.RelativeDir),
            });
        var rows = new JsonArray();
        foreach (var r in board.Rows.Where(r => r.Game == game.Name))
        {
            var row = new JsonObject { ["model"] = r.Model, ["dataset"] = r.Dataset, ["split"] = r.Split, ["target"] = r.Target, ["jobs"] = r.Jobs, ["failed"] = r.Failed };
            foreach (var (k, v) in r.Values) row[k] = v;
            rows.Add(row);
        }
        var o2 = new JsonObject
        {
            ["game"] = game.Name, ["results"] = results, ["jobs_total"] = s.Outcomes.Count, ["executed"] = s.Executed,
            ["cached"] = s.Cached, ["failed"] = s.Failed, ["elapsed_seconds"] = Math.Round(s.Elapsed.TotalSeconds, 3),
            ["estimate"] = estimate?.ToJson(), ["jobs"] = jobs, ["leaderboard"] = rows,
        };
        return o2.ToJsonString(Pg2.Runner.Jobs.JobRecord.NodeJson);
    }
}
