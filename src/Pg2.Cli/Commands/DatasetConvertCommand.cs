using System.CommandLine;
using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Cli.Commands;

/// <summary><c>pg2 dataset convert &lt;in&gt; &lt;out.zip&gt;</c>: any readable archive (e.g. <c>.pgdata</c>) to a seed-format zip.</summary>
internal sealed class DatasetConvertCommand : Pg2Command
{
    private readonly Argument<string> _input = new("input") { Description = "Archive to read (.pgdata or .zip)." };
    private readonly Argument<string> _output = new("output") { Description = "Seed-format dataset zip to write." };

    public DatasetConvertCommand(Pg2Console console) : base("convert", "Convert a .pgdata archive to a seed-format dataset.zip (assays, MSA, structures).", console)
    {
        Arguments.Add(_input);
        Arguments.Add(_output);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancel)
    {
        var dataset = Dataset.FromPath(parse.GetValue(_input)!);
        var output = parse.GetValue(_output)!;
        dataset.Save(output);
        await Console.Out.WriteLineAsync($"wrote {output}: {dataset.Name}, {dataset.Assays.RowCount:N0} rows");
        return ExitCodes.Success;
    }
}
