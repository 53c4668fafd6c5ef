using System.CommandLine;
using System.Globalization;
using Pg2.Contracts;
using Pg2.Runner.Costs;

namespace Pg2.Cli.Commands;

/// <summary>
/// <c>pg2 benchmark fit-costs</c>: refits the cost model (time and memory formulas per model family) by least
/// squares from measured runs (<c>bench/CostModel/run.sh</c>'s file) and the job records of earlier runs.
/// </summary>
internal sealed class BenchmarkFitCostsCommand : Pg2Command<BenchmarkFitCostsCommand.Settings>
{
    readonly Option<string?> _table = new("--table") { Description = "Cost table to start from (its formulas and runs; default: the shipped one)" };
    readonly Option<string[]> _runs = new("--runs") { Description = "Measurement file(s) from bench/CostModel/run.sh: they replace the table's runs of the families they measured", AllowMultipleArgumentsPerToken = true };
    readonly Option<string[]> _results = new("--results") { Description = "Results folder(s) whose job records are added as runs (time only)", AllowMultipleArgumentsPerToken = true };
    readonly Option<string> _output = new("--output", "-o") { Description = "Where to write the refitted table (JSON)", Required = true };

    public BenchmarkFitCostsCommand(Pg2Console console) : base("fit-costs", "Refit the cost model behind the run estimate from measured runs and job records (least squares).", console)
    {
        foreach (var o in new Option[] { _table, _runs, _results, _output }) Options.Add(o);
    }

    /// <summary>One invocation's options.</summary>
    internal sealed record Settings(string? Table, IReadOnlyList<string> Runs, IReadOnlyList<string> Results, string Output);

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_table), parse.GetValue(_runs) ?? [], parse.GetValue(_results) ?? [], parse.GetValue(_output)!);

    protected override void Validate(Settings settings)
    {
        if (settings.Runs.Count == 0 && settings.Results.Count == 0)
            throw new InvalidInputException("fit-costs: give --runs <measurements.json> and/or --results <folder>", ExitCodes.Usage);
    }

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var table = settings.Table is { } t ? CostTable.Load(t) : CostTable.Shipped;
        string? measured = null;
        foreach (var file in settings.Runs)
        {
            var (note, models, engines) = CostRuns.FromMeasurements(file);
            table = table.WithRuns(models, engines, note, replace: true, out var skipped);
            measured = note;
            foreach (var family in skipped)
                await Console.Error.WriteLineAsync($"{file}: no formula for model family '{family}' in the table; its runs are left out (add the family's terms to the table first)");
        }
        foreach (var folder in settings.Results)
        {
            table = table.WithRuns(CostRuns.FromResults(folder, table), new Dictionary<string, List<double>>(), measured, replace: false, out var skipped);
            foreach (var family in skipped)
                await Console.Error.WriteLineAsync($"{folder}: no formula for model family '{family}' in the table; its records are left out");
        }
        var output = Path.GetFullPath(settings.Output);
        OutputFolder.Ensure(Path.GetDirectoryName(output)!, "--output");
        AtomicFile.WriteAllText(output, table.ToJson());
        foreach (var (family, cost) in table.Models)
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{family}: {cost.Runs.Count} runs; time = {Show(cost.Time)} s; memory = {Show(cost.Memory)} B"));
        await Console.Out.WriteLineAsync($"wrote {settings.Output}");
        return ExitCodes.Success;
    }

    static string Show(CostFormula f) => f.IsEmpty ? "not estimated" : string.Join(" + ",
        f.Fitted.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Value:G4}·{t.Key}"))
         .Concat(f.Fixed.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Value:G4}·{t.Key} (fixed)"))));
}
