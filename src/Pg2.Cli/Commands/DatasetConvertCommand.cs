using System.CommandLine;
using Pg2.Datasets;
using Pg2.Datasets.Splits;
using Pg2.Contracts;

namespace Pg2.Cli.Commands;

/// <summary>
/// <c>pg2 dataset convert &lt;in&gt; -o &lt;out&gt; [--to seed|b1|rc0|splits] [--split random|modulo|contiguous[,…] --folds N] [--target T]</c>:
/// any readable archive to any registered format. With <c>--split</c> the output is a splits archive whose
/// slices are pg2's fold assignment; a splits archive read keeps its slices when written as one.
/// </summary>
internal sealed class DatasetConvertCommand : Pg2Command<DatasetConvertCommand.Settings>
{
    private readonly Argument<string> _input = new("input") { Description = "Archive to read (seed .zip, .pgdata b1/rc0, .splits.pgdata)." };
    private readonly Argument<string?> _outputArgument = new("output") { Description = "Archive to write (or give -o).", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _output = new("--output", "-o") { Description = "Archive to write." };
    private readonly Option<string?> _to = new("--to") { Description = $"Output format: {string.Join(", ", Dataset.Formats)}. Default: from the output's name (.splits.pgdata → splits, .pgdata → rc0, else seed)." };
    private readonly Option<string?> _split = new("--split") { Description = "Fold schemes written as slices of a splits archive: random, modulo, contiguous (comma-separated for several)." };
    private readonly Option<int?> _folds = new("--folds") { Description = "Folds per scheme. Default: 5 (4 for assays with fewer than 5 mutated positions), as ProteinGym." };
    private readonly Option<string?> _target = new("--target") { Description = "Target whose rows the folds cover. Default: the first target." };

    public DatasetConvertCommand(Pg2Console console) : base("convert", "Convert a dataset archive between formats: seed zip, .pgdata (b1, rc0) and splits archives (fold schemes as slices).", console)
    {
        Arguments.Add(_input);
        Arguments.Add(_outputArgument);
        Options.Add(_output);
        Options.Add(_to);
        Options.Add(_split);
        Options.Add(_folds);
        Options.Add(_target);
    }

    /// <summary>One invocation's arguments.</summary>
    internal sealed record Settings(string Input, string? Output, string? To, string? Split, int? Folds, string? Target);

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_input)!,
        parse.GetValue(_output) ?? parse.GetValue(_outputArgument), parse.GetValue(_to), parse.GetValue(_split), parse.GetValue(_folds), parse.GetValue(_target));

    protected override void Validate(Settings settings)
    {
        if (settings.Output is null) throw new InvalidInputException("give the archive to write: -o <out>", ExitCodes.Usage);
        if (settings.To is { } to && !Dataset.Formats.Contains(to.ToLowerInvariant()))
            throw new InvalidInputException($"--to '{to}' is not one of {string.Join(", ", Dataset.Formats)}", ExitCodes.Usage);
        if (settings.Folds is < 2) throw new InvalidInputException($"--folds must be ≥ 2, got {settings.Folds}", ExitCodes.Usage);
        if (settings.Folds is not null && settings.Split is null) throw new InvalidInputException("--folds needs --split", ExitCodes.Usage);
        if (settings.Split is not null && settings.To is { } t && !t.Equals("splits", StringComparison.OrdinalIgnoreCase))
            throw new InvalidInputException($"--split writes a splits archive; it does not go with --to {t}", ExitCodes.Usage);
    }

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var dataset = Dataset.FromPath(settings.Input);
        var output = settings.Output!;
        var format = settings.To?.ToLowerInvariant() ?? (settings.Split is not null ? "splits" : Dataset.FormatFor(output));
        if (settings.Split is { } schemes)
        {
            var target = settings.Target ?? dataset.Targets.FirstOrDefault()
                ?? throw new InvalidInputException($"{settings.Input}: dataset '{dataset.Name}' declares no target");
            var view = dataset.ForTarget(target);
            var splits = schemes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().Select(s =>
            {
                var folds = FoldAssignment.For(dataset, view, FoldAssignment.ParseScheme(s), settings.Folds);
                return new KeyValuePair<string, IReadOnlyList<DatasetSlice>>(s.ToLowerInvariant(), folds.ToSlices(dataset));
            }).ToList();
            dataset = dataset.WithSplits(new DatasetSplits(splits, named: true));
        }
        dataset.Save(output, format);
        var what = dataset.Splits is { } sp && format == "splits"
            ? $", splits {string.Join(", ", sp.Names.Select(n => $"{(n.Length == 0 ? "(list)" : n)} ({sp[n].Count} slices)"))}"
            : dataset.Splits is not null ? " (slices not written: only a splits archive holds them)" : "";
        await Console.Out.WriteLineAsync($"wrote {output} ({format}): {dataset.Name}, {dataset.Assays.RowCount:N0} rows{what}");
        return ExitCodes.Success;
    }
}
