using System.CommandLine;
using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Cli.Commands;

/// <summary><c>pg2 dataset validate &lt;archive&gt;</c>: runs every check; exit 0 when valid, else lists the problems.</summary>
internal sealed class DatasetValidateCommand : Pg2Command<DatasetValidateCommand.Settings>
{
    private readonly Argument<string> _archive = new("archive") { Description = "Dataset archive (.zip or .pgdata)." };
    private readonly Option<bool> _quiet = new("--quiet") { Description = "Print nothing when the archive is valid." };

    public DatasetValidateCommand(Pg2Console console) : base("validate", "Check a dataset archive: manifest, CSV, mutations against the reference, alignment focus.", console)
    {
        Arguments.Add(_archive);
        Options.Add(_quiet);
    }

    /// <summary>One invocation's options.</summary>
    internal sealed record Settings(string Archive, bool Quiet);

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_archive)!, parse.GetValue(_quiet));

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var path = settings.Archive;
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: file not found", ExitCodes.FileNotFound);
        var problems = DatasetValidator.Validate(path);
        if (problems.Count == 0)
        {
            if (!settings.Quiet) await Console.Out.WriteLineAsync($"{path}: valid");
            return ExitCodes.Success;
        }
        await Console.Error.WriteLineAsync($"pg2: {path}: {problems.Count} problem(s):");
        foreach (var p in problems) await Console.Error.WriteLineAsync($"  - {p}");
        return ExitCodes.InvalidInput;
    }
}
