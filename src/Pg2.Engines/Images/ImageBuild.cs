using Pg2.Contracts;

namespace Pg2.Engines.Images;

/// <summary>
/// Builds a model folder's image with the engine's CLI (<c>docker build</c> / <c>podman build</c>):
/// the CLI honours <c>.dockerignore</c> and BuildKit, which a hand-made tar upload would not.
/// The build context is the repository root when the Dockerfile copies repository paths
/// (<c>src/...</c>, <c>models/...</c>: the models build against src/Pg2.Sdk), else the model folder.
/// A folder under <c>models/</c> without a Dockerfile of its own is built by the shared <c>models/Dockerfile</c>.
/// </summary>
public static class ImageBuild
{
    /// <summary>The CLI arguments that build <paramref name="model"/> as <paramref name="image"/>.</summary>
    public static IReadOnlyList<string> Arguments(ModelSource model, string image)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Folder is null) throw new ArgumentException("model has no folder", nameof(model));
        var dockerfile = Path.Combine(model.Folder, "Dockerfile");
        if (File.Exists(dockerfile))
        {
            var context = UsesRepositoryPaths(File.ReadAllLines(dockerfile)) ? Checkout.Find(model.Folder) ?? model.Folder : model.Folder;
            return ["build", "-t", image, "-f", dockerfile, context];
        }
        var root = Checkout.Find(model.Folder);
        var folder = SharedDockerfile.ModelArgument(model.Folder, root)
            ?? throw new InvalidInputException($"model '{model.Name}': no Dockerfile in {model.Folder}, and the folder is not under the models/ of a pg2 checkout (whose models/Dockerfile builds it)");
        return ["build", "-t", image, "-f", Path.Combine(root!, "models", "Dockerfile"), "--build-arg", $"MODEL={folder}", root!];
    }

    /// <summary>Whether a COPY/ADD line names a path under <c>src/</c> or <c>models/</c> of the repository.</summary>
    internal static bool UsesRepositoryPaths(IEnumerable<string> dockerfile) =>
        dockerfile.Select(l => l.Trim()).Where(l => l.StartsWith("COPY ", StringComparison.OrdinalIgnoreCase) || l.StartsWith("ADD ", StringComparison.OrdinalIgnoreCase))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).SkipLast(1))
            .Any(a => a.StartsWith("src/", StringComparison.Ordinal) || a.StartsWith("models/", StringComparison.Ordinal)
                      || a.StartsWith("./src/", StringComparison.Ordinal) || a.StartsWith("./models/", StringComparison.Ordinal));

    /// <summary>Runs <paramref name="cli"/> <c>build</c>; a failure is an error carrying the log tail.</summary>
    public static async Task RunAsync(string cli, ModelSource model, string image, TextWriter log, CancellationToken cancel)
    {
        await log.WriteLineAsync($"building image {image} from {model.Folder} ...").ConfigureAwait(false);
        ArgumentNullException.ThrowIfNull(log);
        var (code, output, _) = await ChildProcess.RunAsync(cli, Arguments(model, image), cancel).ConfigureAwait(false);
        if (code != 0)
            throw new InvalidInputException($"model '{model.Name}': {cli} build failed (exit {code}): {ChildProcess.Tail(output, 12)}", ExitCodes.ModelFailure);
    }
}
