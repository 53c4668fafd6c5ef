using System.CommandLine;
using Pg2.Contracts;
using Pg2.Engines.Images;
using Pg2.Engines.Local;

namespace Pg2.Cli.Commands;

/// <summary><c>pg2 model build &lt;model-dir&gt;</c>: builds a model folder's image <c>pg2/&lt;folder&gt;:latest</c> (or, with the local engine, its program).</summary>
internal sealed class ModelBuildCommand : Pg2Command<ModelBuildCommand.Settings>
{
    readonly Argument<string> _dir = new("model-dir") { Description = "Model folder with a project (or a Python package) and manifest.toml or a README.md model card (its image: its own Dockerfile, else models/Dockerfile)" };
    readonly Option<string> _engine = new("--engine") { Description = "docker or podman (image), or local (dotnet build into the run cache)", DefaultValueFactory = _ => "docker" };
    readonly Option<string?> _tag = new("--tag", "-t") { Description = "Image reference (default pg2/<folder>:latest)" };

    public ModelBuildCommand(Pg2Console console) : base("build", "Build a model's container image (pg2/<folder>:latest).", console)
    {
        Arguments.Add(_dir);
        Options.Add(_engine);
        Options.Add(_tag);
    }

    /// <summary>One invocation's options.</summary>
    internal sealed record Settings(string Dir, string Engine, string? Tag);

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_dir)!, parse.GetValue(_engine)!, parse.GetValue(_tag));

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var dir = Path.GetFullPath(settings.Dir).TrimEnd(Path.DirectorySeparatorChar);
        if (!Directory.Exists(dir)) throw new InvalidInputException($"{settings.Dir}: model folder not found", ExitCodes.FileNotFound);
        var model = new ModelSource(Path.GetFileName(dir), dir, settings.Tag, ModelManifestFile.InFolderOrDefault(dir));
        var engine = settings.Engine.ToLowerInvariant();
        switch (engine)
        {
            case "docker" or "podman":
                await ImageBuild.RunAsync(engine, model, model.ImageReference, Console.Out, cancel);
                await Console.Out.WriteLineAsync($"built {model.ImageReference}");
                return 0;
            case "local":
                using (var local = new LocalEngine())
                {
                    var artifact = await local.PrepareAsync(model, Console.Out, cancel);
                    await Console.Out.WriteLineAsync($"built {artifact.Program} ({artifact.Id})");
                }
                return 0;
            default:
                throw new InvalidInputException($"--engine: expected docker, podman or local, got \"{engine}\"", ExitCodes.Usage);
        }
    }
}
