using System.CommandLine;
using System.Text.RegularExpressions;
using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Cli.Commands;

/// <summary>
/// <c>pg2 model new &lt;name&gt; --kind supervised|zero-shot [-o dir]</c>: creates a model folder from the
/// checkout's <c>templates/pg2-model</c> (installing that template into <c>dotnet new</c> first), with
/// the SDK reference and the folder's path set for this checkout. With <c>--card</c> the manifest is a model card
/// (README.md front matter, FORMATS.md §C.6) instead of <c>manifest.toml</c>.
/// </summary>
internal sealed partial class ModelNewCommand : Pg2Command<ModelNewCommand.Settings>
{
    readonly Argument<string> _name = new("name") { Description = "Model name: project, program and manifest name (letters, digits, '-' or '_', starting with a letter)" };
    readonly Option<string> _kind = new("--kind", "-k") { Description = "supervised (Preprocess, Train, Predict) or zero-shot (Preprocess, Predict)", DefaultValueFactory = _ => "supervised" };
    readonly Option<string?> _output = new("--output", "-o") { Description = "Folder to create (default: models/<name in lower case> in the pg2 checkout; the image is pg2/<folder>:latest)" };
    readonly Option<bool> _card = new("--card") { Description = "Write the manifest as a model card (README.md front matter: name, tags, multi_y, hyper_parameters) instead of manifest.toml" };

    public ModelNewCommand(Pg2Console console) : base("new", "Create a model folder from the pg2-model template (dotnet new pg2-model).", console)
    {
        Arguments.Add(_name);
        Options.Add(_kind);
        Options.Add(_output);
        Options.Add(_card);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex ModelName();

    /// <summary>One invocation's options; <see cref="Kind"/> is normalised (<c>zero_shot</c> → <c>zero-shot</c>).</summary>
    internal sealed record Settings(string Name, string Kind, string GivenKind, string? Output, bool Card = false);

    protected override Settings Bind(ParseResult parse)
    {
        var given = parse.GetValue(_kind)!;
        var kind = given.ToLowerInvariant();
        return new(parse.GetValue(_name)!, kind is "zero_shot" or "zeroshot" ? "zero-shot" : kind, given, parse.GetValue(_output), parse.GetValue(_card));
    }

    protected override void Validate(Settings settings)
    {
        if (!ModelName().IsMatch(settings.Name))
            throw new InvalidInputException($"model name \"{settings.Name}\": use letters, digits, '-' or '_', starting with a letter", ExitCodes.Usage);
        if (settings.Kind is not ("supervised" or "zero-shot"))
            throw new InvalidInputException($"--kind: expected supervised or zero-shot, got \"{settings.GivenKind}\"", ExitCodes.Usage);
    }

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var (name, kind) = (settings.Name, settings.Kind);

        var root = Checkout.Find()
            ?? throw new InvalidInputException("cannot find the pg2 checkout (a folder with pg2.slnx): run ./pg2 from the checkout or set PG2_HOME");
        var template = Path.Combine(root, "templates", "pg2-model");
        if (!File.Exists(Path.Combine(template, ".template.config", "template.json")))
            throw new InvalidInputException($"the model template is missing from the checkout: {template}", ExitCodes.FileNotFound);
        // Lower case: the folder names the image pg2/<folder>:latest, and image names must be lower case.
        var output = Path.GetFullPath(settings.Output ?? Path.Combine(root, "models", name.ToLowerInvariant()));
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
            throw new InvalidInputException($"{output} already exists and is not empty; choose another name or -o");

        // Images are built from the checkout's root (models/Dockerfile), which must hold the folder.
        var relative = Path.GetRelativePath(root, output).Replace('\\', '/');
        bool inside = !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
        var modelPath = inside ? relative : $"models/{Path.GetFileName(output)}";

        await Dotnet(["new", "install", template, "--force"], "installing the pg2-model template", cancel);
        // Inside the checkout the build finds the SDK by itself; an absolute path is baked in only outside it.
        string[] create = ["new", "pg2-model", "-n", name, "-o", output, "--kind", kind, "--model-path", modelPath];
        await Dotnet(inside ? create : [.. create, "--pg2-root", root], "creating the model", cancel);

        if (settings.Card) ToModelCard(output, kind);

        var shown = Path.GetRelativePath(Environment.CurrentDirectory, output);
        await Console.Out.WriteLineAsync($"created {kind} model '{name}' in {shown}{(settings.Card ? " (manifest: the model card README.md)" : "")}");
        if (!inside)
            await Console.Out.WriteLineAsync($"note: the folder is outside the pg2 checkout {root}: it builds and runs as a process (SDK from {root}), " +
                                             $"but its image builds from the checkout's root: move it to {root}/{modelPath} to build the image");
        await Console.Out.WriteLineAsync("next:");
        await Console.Out.WriteLineAsync($"  dotnet test {Path.Combine(shown, "tests")}");
        await Console.Out.WriteLineAsync($"  ./pg2 model validate {shown}");
        await Console.Out.WriteLineAsync($"  ./pg2 benchmark run {Path.Combine(shown, "game.toml")}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// Replaces the folder's <c>manifest.toml</c> with front matter at the top of its README.md: the same name and
    /// hyper-parameters, the kind as a tag, <c>multi_y: false</c>; the project then bundles README.md instead.
    /// </summary>
    internal static void ToModelCard(string folder, string kind)
    {
        var toml = Path.Combine(folder, ModelManifestFile.TomlName);
        var manifest = Pg2.Sdk.ModelManifest.FromPath(toml);
        var card = new System.Text.StringBuilder("---\n# Model identifier used for referencing this model in the benchmark system\n");
        card.Append("name: ").Append(manifest.Name).Append("\n\ntags: [\"").Append(kind).Append("\"]\n\n# Multi-target support flag\nmulti_y: false\n\n");
        card.Append("# The container contract (seed: pg2's; e4: proteingym-benchmark's splits archive in, predictions .pgdata out)\ncontract: seed\n\n");
        card.Append("hyper_parameters:");
        if (manifest.HyperParameters.Keys.Count == 0) card.Append(" {}");
        // JSON values are YAML flow values: strings quoted, lists in brackets, numbers and booleans as they are.
        foreach (var key in manifest.HyperParameters.Keys)
            card.Append("\n    ").Append(key).Append(": ").Append(System.Text.Json.JsonSerializer.Serialize(manifest.HyperParameters.Values[key]));
        card.Append("\n---\n");
        var readme = Path.Combine(folder, ModelManifestFile.CardName);
        AtomicFile.WriteAllText(readme, card + (File.Exists(readme) ? File.ReadAllText(readme) : $"# {manifest.Name}\n"));
        File.Delete(toml);
        foreach (var project in Directory.GetFiles(folder, "*.csproj", SearchOption.TopDirectoryOnly))
            AtomicFile.WriteAllText(project, File.ReadAllText(project).Replace("Include=\"manifest.toml\"", "Include=\"README.md\"", StringComparison.Ordinal));
        // The parsed card must say what the TOML said.
        var check = Pg2.Sdk.ModelManifest.FromPath(readme);
        if (check.Name != manifest.Name || check.HyperParameters.Keys.Count != manifest.HyperParameters.Keys.Count)
            throw new InvalidOperationException($"the model card written to {readme} does not read back as {toml} did");
    }

    static async Task Dotnet(string[] args, string what, CancellationToken cancel)
    {
        var env = new Dictionary<string, string> { ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
        var result = await ChildProcess.RunAsync("dotnet", args, cancel, environment: env);
        if (result.ExitCode != 0)
            throw new InvalidInputException($"{what} failed (dotnet {string.Join(' ', args.Take(2))}, exit {result.ExitCode}): {ChildProcess.Tail(result.Log, 4)}");
    }
}
