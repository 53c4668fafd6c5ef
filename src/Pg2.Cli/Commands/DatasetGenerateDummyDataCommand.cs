using System.CommandLine;
using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Cli.Commands;

/// <summary><c>pg2 dataset generate-dummy-data -o out.zip [--n-rows 500 --sequence-length 100 --seed 42]</c>: the charge-ladder dataset.</summary>
internal sealed class DatasetGenerateDummyDataCommand : Pg2Command<DatasetGenerateDummyDataCommand.Settings>
{
    private readonly Option<string> _output = new("--output", "-o") { Description = "Archive to write.", Required = true };
    private readonly Option<int> _rows = new("--n-rows") { Description = "Rows to generate (duplicates are dropped).", DefaultValueFactory = _ => 500 };
    private readonly Option<int> _length = new("--sequence-length") { Description = "Sequence length.", DefaultValueFactory = _ => 100 };
    private readonly Option<int> _seed = new("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };

    public DatasetGenerateDummyDataCommand(Pg2Console console) : base("generate-dummy-data", "Generate the synthetic charge-ladder dataset (target 'charge', features foo, bar).", console)
    {
        Options.Add(_output);
        Options.Add(_rows);
        Options.Add(_length);
        Options.Add(_seed);
    }

    /// <summary>One invocation's options.</summary>
    internal sealed record Settings(string Output, int Rows, int Length, int Seed);

    protected override Settings Bind(ParseResult parse) =>
        new(parse.GetValue(_output)!, parse.GetValue(_rows), parse.GetValue(_length), parse.GetValue(_seed));

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var dataset = ChargeLadder.Generate(settings.Rows, settings.Length, settings.Seed);
        var output = settings.Output;
        dataset.Save(output);
        await Console.Out.WriteLineAsync($"wrote {output}: {dataset.Assays.RowCount:N0} rows");
        return ExitCodes.Success;
    }
}
