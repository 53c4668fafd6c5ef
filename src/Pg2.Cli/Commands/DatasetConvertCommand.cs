using System.CommandLine;
using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Cli.Commands;

/// <summary><c>pg2 dataset convert &lt;in&gt; &lt;out.zip&gt;</c>: any readable archive (e.g. <c>.pgdata</c>) to a seed-format zip.</summary>
internal sealed class DatasetConvertCommand : Pg2Command<DatasetConvertCommand.Settings>
{
    private readonly Argument<string> _input = new("input") { Description = "Archive to read (.pgdata or .zip)." };
    private readonly Argument<string> _output = new("output") { Description = "Seed-format dataset zip to write." };

    public DatasetConvertCommand(Pg2Console console) : base("convert", "Convert a .pgdata archive to a seed-format dataset.zip (assays, MSA, structures).", console)
    {
        Arguments.Add(_input);
        Arguments.Add(_output);
    }

    /// <summary>One invocation's arguments.</summary>
    internal sealed record Settings(string Input, string Output);

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_input)!, parse.GetValue(_output)!);

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var dataset = Dataset.FromPath(settings.Input);
        var output = settings.Output;
        dataset.Save(output);
        await Console.Out.WriteLineAsync($"wrote {output}: {dataset.Name}, {dataset.Assays.RowCount:N0} rows");
        return ExitCodes.Success;
    }
}
