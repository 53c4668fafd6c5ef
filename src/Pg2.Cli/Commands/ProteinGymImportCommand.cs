using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pg2.Contracts;
using Pg2.Datasets.ProteinGym;
using Spectre.Console;

namespace Pg2.Cli.Commands;

/// <summary>
/// <c>pg2 proteingym import</c>: ProteinGym's download (folders or zips) → one archive per assay + an index;
/// parallel, resumable, a live bar on a terminal and a line per assay when redirected.
/// </summary>
internal sealed class ProteinGymImportCommand : Pg2Command<ProteinGymImportCommand.Settings>
{
    readonly Option<string> _assays = new("--assays") { Description = "DMS_ProteinGym_substitutions folder or zip", Required = true };
    readonly Option<string[]> _folds = new("--folds") { Description = "cv_folds_singles_substitutions / cv_folds_multiples_substitutions folder or zip (repeatable)", AllowMultipleArgumentsPerToken = true };
    readonly Option<string?> _msas = new("--msas") { Description = "DMS_msa_files folder or zip" };
    readonly Option<string?> _weights = new("--weights") { Description = "DMS_msa_weights folder or zip (.npy)" };
    readonly Option<string> _reference = new("--reference") { Description = "ProteinGym's DMS_substitutions.csv", Required = true };
    readonly Option<string> _output = new("--output", "-o") { Description = "Folder for the archives and index.json", Required = true };
    readonly Option<string[]> _only = new("--only") { Description = "DMS ids to import (comma-separated or repeated)", AllowMultipleArgumentsPerToken = true };
    readonly Option<int> _jobs = new("--jobs", "-j") { Description = "Assays imported at once", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount / 2) };
    readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "No progress; one summary line" };
    readonly Option<bool> _json = new("--json") { Description = "Print the index as JSON" };

    public ProteinGymImportCommand(Pg2Console console) : base("import", "Import ProteinGym's substitution assays (folds, alignments, weights) into one archive per assay.", console)
    {
        foreach (var o in new Option[] { _assays, _folds, _msas, _weights, _reference, _output, _only, _jobs, _quiet, _json }) Options.Add(o);
    }

    internal sealed record Settings(string Assays, IReadOnlyList<string> Folds, string? Msas, string? Weights, string Reference,
        string Output, IReadOnlyList<string>? Only, int Jobs, bool Quiet, bool Json);

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_assays)!, Split(parse.GetValue(_folds)) ?? [],
        parse.GetValue(_msas), parse.GetValue(_weights), parse.GetValue(_reference)!, parse.GetValue(_output)!,
        Split(parse.GetValue(_only)), parse.GetValue(_jobs), parse.GetValue(_quiet), parse.GetValue(_json));

    static List<string>? Split(string[]? values) =>
        values is null || values.Length == 0 ? null
            : values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    protected override void Validate(Settings settings)
    {
        if (settings.Jobs < 1) throw new InvalidInputException($"--jobs: expected 1 or more, got {settings.Jobs}", ExitCodes.Usage);
    }

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var options = new BenchmarkImportOptions(settings.Reference, settings.Assays, settings.Folds, settings.Msas, settings.Weights,
            settings.Output, settings.Only, settings.Jobs);
        var console = Console.Ansi;
        bool silent = settings.Quiet || settings.Json;
        bool live = !silent && Console.Interactive;
        var gate = new Lock();
        ImportIndex index;
        if (live)
        {
            index = await console.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(),
                         new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(ctx =>
                {
                    var task = ctx.AddTask("assays", autoStart: true, maxValue: 1);
                    int done = 0, skipped = 0;
                    return Task.Run(() => BenchmarkImport.Run(options, entry =>
                    {
                        lock (gate)
                        {
                            done++;
                            if (entry.Status == ImportStatus.Skipped) skipped++;
                            task.Value = done;
                            task.Description = $"[green]{done} assays[/], {(skipped > 0 ? $"[red]{skipped} skipped[/]" : "0 skipped")} · {Markup.Escape(entry.DmsId)}";
                        }
                    }, cancel, total => { lock (gate) task.MaxValue = Math.Max(1, total); }), cancel);
                }).ConfigureAwait(false);
        }
        else
        {
            index = await Task.Run(() => BenchmarkImport.Run(options, entry =>
            {
                if (silent) return;
                lock (gate) console.MarkupLine(Markup.Escape(Line(entry)));
            }, cancel), cancel).ConfigureAwait(false);
        }

        var output = Path.GetFullPath(settings.Output);
        if (settings.Json)
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(index, ImportIndex.Json));
        }
        else
        {
            if (!settings.Quiet)
                foreach (var e in index.Assays.Where(e => e.Status == ImportStatus.Skipped))
                    console.MarkupLine($"[red]skipped[/] {Markup.Escape(e.DmsId)}: {Markup.Escape(e.Reason ?? "")}");
            await Console.Out.WriteLineAsync(Summary(index, output));
        }
        return index.Assays.Any(e => e.Status == ImportStatus.Skipped) ? ExitCodes.InvalidInput : ExitCodes.Success;
    }

    static string Line(ImportEntry e) => e.Status switch
    {
        ImportStatus.Imported => string.Create(CultureInfo.InvariantCulture,
            $"imported   {e.DmsId}: {e.Rows:N0} rows{(e.MultipleMutants > 0 ? $" ({e.MultipleMutants:N0} multiple mutants)" : "")}{(e.MsaDepth is { } d ? $", alignment {d:N0}" : "")}{(e.Weights ? " + weights" : "")}{(e.Folds is { Count: > 0 } f ? $", folds {string.Join("/", f.Keys)}" : "")}{(e.Warnings.Count > 0 ? $"; {e.Warnings.Count} warning(s): {string.Join(" | ", e.Warnings)}" : "")}"),
        ImportStatus.UpToDate => $"up to date {e.DmsId}",
        _ => $"skipped    {e.DmsId}: {e.Reason}",
    };

    static string Summary(ImportIndex index, string output)
    {
        int imported = index.Assays.Count(e => e.Status == ImportStatus.Imported);
        int upToDate = index.Assays.Count(e => e.Status == ImportStatus.UpToDate);
        int skipped = index.Assays.Count(e => e.Status == ImportStatus.Skipped);
        return $"{index.Assays.Count} assays: {imported} imported, {upToDate} up to date, {skipped} skipped; archives and {ImportIndex.FileName} in {output}";
    }
}
