using System.CommandLine;
using Pg2.Datasets;
using Pg2.Datasets.Archives;
using Pg2.Contracts;

namespace Pg2.Cli.Commands;

/// <summary>
/// <c>pg2 dataset create --from-proteingym &lt;csv&gt; [--msa f] [--reference DMS_substitutions.csv --dms-id id] -o out.zip</c>:
/// a seed-format archive from a ProteinGym assay (see <see cref="ProteinGymImport"/>).
/// </summary>
internal sealed class DatasetCreateCommand : Pg2Command<DatasetCreateCommand.Settings>
{
    private readonly Option<string> _from = new("--from-proteingym")
    {
        Description = "ProteinGym assay CSV (mutant,mutated_sequence,DMS_score,DMS_score_bin).",
        Required = true,
    };
    private readonly Option<string?> _msa = new("--msa") { Description = "Alignment to store in the archive (.a2m, .a3m or aligned FASTA)." };
    private readonly Option<string?> _reference = new("--reference") { Description = "ProteinGym's DMS_substitutions.csv (reference sequence, cutoff, UniProt id)." };
    private readonly Option<string?> _dmsId = new("--dms-id") { Description = "Row of --reference to use (default: the CSV's file name without extension)." };
    private readonly Option<string> _output = new("--output", "-o") { Description = "Archive to write.", Required = true };

    public DatasetCreateCommand(Pg2Console console) : base("create", "Create a dataset archive from a ProteinGym assay CSV, its alignment and reference row.", console)
    {
        Options.Add(_from);
        Options.Add(_msa);
        Options.Add(_reference);
        Options.Add(_dmsId);
        Options.Add(_output);
    }

    /// <summary>One invocation's options.</summary>
    internal sealed record Settings(string From, string? Msa, string? Reference, string? DmsId, string Output);

    protected override Settings Bind(ParseResult parse) =>
        new(parse.GetValue(_from)!, parse.GetValue(_msa), parse.GetValue(_reference), parse.GetValue(_dmsId), parse.GetValue(_output)!);

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var dataset = ProteinGymImport.Create(settings.From, settings.Msa, settings.Reference, settings.DmsId,
            warning => Console.Error.WriteLine($"pg2: warning: {warning}"));
        var problems = DatasetValidator.Validate(dataset);
        if (problems.Count > 0)
            throw new InvalidInputException($"the assay does not make a valid dataset: {string.Join("; ", problems)}");
        var output = settings.Output;
        dataset.Save(output);
        await Console.Out.WriteLineAsync($"wrote {output}: {dataset.Name}, {dataset.Assays.RowCount:N0} rows"
            + (dataset.Msa is { } m ? $", MSA {m.Depth:N0} × {m.Width}" : ""));
        return ExitCodes.Success;
    }
}
