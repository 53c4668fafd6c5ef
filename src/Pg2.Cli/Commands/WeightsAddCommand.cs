using System.CommandLine;
using Pg2.Contracts;
using Pg2.Sdk.Weights;

namespace Pg2.Cli.Commands;

/// <summary>
/// <c>pg2 weights add &lt;folder&gt; [--name N] [--weights-dir D]</c>: copies a local weights folder into the
/// weights directory and prints its digest, the value that pins it in a model's manifest. Never fetches anything.
/// </summary>
internal sealed class WeightsAddCommand : Pg2Command<WeightsAddCommand.Settings>
{
    private readonly Argument<string> _folder = new("folder") { Description = "Local weights folder (config.json + model.safetensors, or one fair-esm .pt)." };
    private readonly Option<string?> _name = new("--name") { Description = "Name to register it under (the model's 'location'); default: the folder's name." };
    private readonly Option<string?> _directory = new("--weights-dir") { Description = "Weights directory; default $PG2_WEIGHTS, else $XDG_DATA_HOME/pg2/weights (~/.local/share/pg2/weights)." };

    public WeightsAddCommand(Pg2Console console) : base("add", "Register a local copy of model weights and print the digest that pins it.", console)
    {
        Arguments.Add(_folder);
        Options.Add(_name);
        Options.Add(_directory);
    }

    /// <summary>One invocation's options.</summary>
    internal sealed record Settings(string Folder, string Name, string Directory);

    protected override Settings Bind(ParseResult parse)
    {
        var folder = Path.GetFullPath(parse.GetValue(_folder)!);
        return new(folder, parse.GetValue(_name) ?? Path.GetFileName(folder.TrimEnd('/')),
            parse.GetValue(_directory) is { Length: > 0 } d ? Path.GetFullPath(d) : WeightsStore.DefaultDirectory());
    }

    protected override void Validate(Settings settings) => SafeName.Check(settings.Name, "--name");

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var digest = WeightsStore.Add(settings.Folder, settings.Name, settings.Directory);
        await Console.Out.WriteLineAsync($"registered {settings.Name} in {settings.Directory}");
        await Console.Out.WriteLineAsync($"digest {digest}");
        await Console.Out.WriteLineAsync($"pin it in the model's manifest: location = \"{settings.Name}\", weights_sha256 = \"{digest}\"");
        return ExitCodes.Success;
    }
}
