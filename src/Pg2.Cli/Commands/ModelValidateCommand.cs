using System.CommandLine;
using System.Text.Json;
using Pg2.Cli.Engines;
using Pg2.Contracts;
using Pg2.Runner.Validation;

namespace Pg2.Cli.Commands;

/// <summary>
/// <c>pg2 model validate [&lt;model-dir&gt;] [--image ref] [--manifest file] [--engine name] [--dataset archive]</c>: checks a
/// model folder or any image (layout, manifest, build, the container contract it speaks, ping, train on a dummy
/// archive, the predictions file) through an engine, as a benchmark runs it. One line per check; each failure says what to fix.
/// </summary>
internal sealed class ModelValidateCommand : Pg2Command<ModelValidateCommand.Settings>
{
    readonly Argument<string?> _dir = new("model-dir") { Description = "Model folder (project, manifest.toml or model card); may be left out with --image", Arity = ArgumentArity.ZeroOrOne };
    readonly Option<string?> _manifest = new("--manifest") { Description = "Train with this manifest.toml or model card README.md instead of the folder's (with --image alone: instead of a minimal one)" };
    readonly Option<string?> _image = new("--image") { Description = "Validate this image (e.g. pg2/<folder>:latest) instead of the local program: ping and train run in containers with SageMaker's mounts" };
    readonly Option<string?> _engine = new("--engine") { Description = "Engine that builds and runs the model, default local (docker with --image). " + EngineRegistry.Help };
    readonly Option<string?> _dataset = new("--dataset") { Description = "Train on this archive instead of a generated charge-ladder dummy (for models that need an alignment or a reference sequence)" };
    readonly Option<int> _timeout = new("--timeout") { Description = "Seconds 'train' may take on the dummy archive", DefaultValueFactory = _ => 600 };
    readonly Option<bool> _json = new("--json") { Description = "Print the checks as JSON" };

    public ModelValidateCommand(Pg2Console console) : base("validate", "Check that a model folder (or its image) works in the benchmark: layout, manifest, ping, train on a dummy archive.", console)
    {
        Arguments.Add(_dir);
        Options.Add(_image);
        Options.Add(_manifest);
        Options.Add(_engine);
        Options.Add(_dataset);
        Options.Add(_timeout);
        Options.Add(_json);
    }

    /// <summary>One invocation's options.</summary>
    internal sealed record Settings(string? Dir, string? Image, string? Engine, string? Dataset, int Timeout, bool Json, string? Manifest = null);

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_dir), parse.GetValue(_image), parse.GetValue(_engine),
        parse.GetValue(_dataset), parse.GetValue(_timeout), parse.GetValue(_json), parse.GetValue(_manifest));

    protected override void Validate(Settings settings)
    {
        if (settings.Timeout < 1) throw new InvalidInputException($"--timeout must be at least 1 second, got {settings.Timeout}", ExitCodes.Usage);
        if (settings.Dir is null && settings.Image is null)
            throw new InvalidInputException("model validate: give a model folder, --image <ref>, or both", ExitCodes.Usage);
    }

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var (image, timeout, json, dir) = (settings.Image, settings.Timeout, settings.Json, settings.Dir);
        var registration = EngineRegistry.Find(settings.Engine ?? (image is null ? "local" : "docker"));

        // Build and container logs go to stderr, so that stdout holds only the checks.
        var dataset = settings.Dataset;
        if (dataset is not null && !File.Exists(dataset))
            throw new InvalidInputException($"--dataset: archive not found: {dataset}", ExitCodes.FileNotFound);
        using var engine = registration.Create(new EngineContext());
        var validator = new ModelValidator(engine, dir, image, TimeSpan.FromSeconds(timeout), Console.Error, dataset, settings.Manifest);
        var checks = await validator.RunAsync(cancel);

        if (json)
        {
            var items = checks.Select(c => new Dictionary<string, string?>
            {
                ["check"] = c.Name, ["status"] = c.Status.ToString().ToLowerInvariant(), ["message"] = c.Message, ["fix"] = c.Fix,
            });
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(items, new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            foreach (var c in checks)
            {
                var mark = c.Status switch { CheckStatus.Passed => "ok  ", CheckStatus.Warning => "warn", CheckStatus.Failed => "FAIL", _ => "skip" };
                await Console.Out.WriteLineAsync($"{mark} {c.Name,-9} {c.Message}");
                if (c.Fix is not null && c.Status is CheckStatus.Failed or CheckStatus.Warning)
                    await Console.Out.WriteLineAsync($"     {"",-9} fix: {c.Fix}");
            }
        }
        var failed = checks.FirstOrDefault(c => c.Status == CheckStatus.Failed);
        var subject = dir ?? $"image {image}";
        if (!json)
            await Console.Out.WriteLineAsync(failed is null
                ? $"{subject}: valid{(image is { } img && dir is not null ? $" (image {img})" : "")}"
                : $"{subject}: {checks.Count(c => c.Status == CheckStatus.Failed)} check(s) failed");
        return failed?.ExitCode ?? ExitCodes.Success;
    }
}
