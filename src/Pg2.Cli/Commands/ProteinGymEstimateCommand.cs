using System.CommandLine;
using System.Text.Json.Nodes;
using Pg2.Contracts;
using Pg2.Datasets.ProteinGym;
using Pg2.Runner.Costs;
using Pg2.Runner.Jobs;

namespace Pg2.Cli.Commands;

/// <summary>
/// <c>pg2 proteingym estimate</c>: what running models on the whole ProteinGym costs, from the reference file's
/// sizes alone (nothing downloaded yet): per model family and engine, the job count, time and peak memory.
/// </summary>
internal sealed class ProteinGymEstimateCommand : Pg2Command<ProteinGymEstimateCommand.Settings>
{
    readonly Option<string> _reference = new("--reference") { Description = "ProteinGym's DMS_substitutions.csv", Required = true };
    readonly Option<string[]> _models = new("--model") { Description = "Model families of the cost table (comma-separated or repeated; default: every one)", AllowMultipleArgumentsPerToken = true };
    readonly Option<string[]> _engines = new("--engine") { Description = "Engines (comma-separated or repeated)", AllowMultipleArgumentsPerToken = true };
    readonly Option<int> _jobs = new("--jobs", "-j") { Description = "Jobs run in parallel", DefaultValueFactory = _ => 1 };
    readonly Option<int> _folds = new("--folds") { Description = "Folds per scheme of a supervised model", DefaultValueFactory = _ => 5 };
    readonly Option<int> _schemes = new("--schemes") { Description = "Fold schemes of a supervised model (random, modulo, contiguous)", DefaultValueFactory = _ => 3 };
    readonly Option<string?> _costModel = new("--cost-model") { Description = "Cost table (default: the shipped one)" };
    readonly Option<bool> _json = new("--json") { Description = "Print the estimates as JSON" };

    public ProteinGymEstimateCommand(Pg2Console console) : base("estimate", "Estimate time and peak memory of models over every assay of ProteinGym's reference file.", console)
    {
        foreach (var o in new Option[] { _reference, _models, _engines, _jobs, _folds, _schemes, _costModel, _json }) Options.Add(o);
    }

    /// <summary>One invocation's options.</summary>
    internal sealed record Settings(string Reference, IReadOnlyList<string>? Models, IReadOnlyList<string> Engines, int Jobs, int Folds, int Schemes, string? CostModel, bool Json);

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_reference)!, Split(parse.GetValue(_models)),
        Split(parse.GetValue(_engines)) ?? ["local"], parse.GetValue(_jobs), parse.GetValue(_folds), parse.GetValue(_schemes), parse.GetValue(_costModel), parse.GetValue(_json));

    static List<string>? Split(string[]? values) =>
        values is null || values.Length == 0 ? null
            : [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    protected override void Validate(Settings settings)
    {
        if (settings.Jobs < 1) throw new InvalidInputException($"--jobs: expected 1 or more, got {settings.Jobs}", ExitCodes.Usage);
        if (settings.Folds < 1) throw new InvalidInputException($"--folds: expected 1 or more, got {settings.Folds}", ExitCodes.Usage);
        if (settings.Schemes is < 1 or > 3) throw new InvalidInputException($"--schemes: expected 1 to 3, got {settings.Schemes}", ExitCodes.Usage);
    }

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var table = settings.CostModel is { } t ? CostTable.Load(t) : CostTable.Shipped;
        var families = settings.Models ?? [.. table.Models.Keys];
        foreach (var f in families)
            if (!table.Models.ContainsKey(f))
                throw new InvalidInputException($"--model: '{f}' is not in the cost table (expected one of {string.Join(", ", table.Models.Keys)})", ExitCodes.Usage);
        var assays = ProteinGymReference.Read(settings.Reference).Assays.Select(a => CostFeatures.Of(a)).ToList();
        var estimates = new List<RunEstimate>();
        foreach (var engine in settings.Engines)
        {
            var jobs = new List<EstimatedJob>();
            foreach (var family in families)
            {
                var perAssay = table.Models[family].Supervised ? settings.Folds * settings.Schemes : 1;
                foreach (var a in assays)
                    for (var k = 0; k < perAssay; k++) jobs.Add(new EstimatedJob(family, family, a));
            }
            estimates.Add(RunEstimate.Of(jobs, engine, settings.Jobs, table));
        }
        if (settings.Json)
            await Console.Out.WriteLineAsync(new JsonObject { ["assays"] = assays.Count, ["estimates"] = new JsonArray([.. estimates.Select(e => (JsonNode)e.ToJson())]) }.ToJsonString(JobRecord.NodeJson));
        else
        {
            await Console.Out.WriteLineAsync($"{assays.Count} assays in {settings.Reference}");
            foreach (var e in estimates)
                foreach (var line in e.Lines()) await Console.Out.WriteLineAsync(line);
        }
        return ExitCodes.Success;
    }
}
