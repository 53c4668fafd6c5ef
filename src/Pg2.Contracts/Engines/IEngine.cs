namespace Pg2.Contracts;

/// <summary>
/// Runs model jobs: a local process, a container, a cloud training job. The runner knows engines
/// only through this interface and <see cref="IEngineJob"/>; an engine is a project that references
/// Pg2.Contracts, registered at the CLI by one line.
/// </summary>
public interface IEngine : IDisposable
{
    /// <summary>The engine's name as given to <c>--engine</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Makes <paramref name="model"/> runnable (builds the program or the image when missing or
    /// stale) and returns what runs, identified by a content hash or image id for the cache.
    /// </summary>
    Task<ModelArtifact> PrepareAsync(ModelSource model, TextWriter log, CancellationToken cancel);

    /// <summary>
    /// True when the engine enforces <see cref="ModelResources.Time"/> itself, counting from when the
    /// job really starts (a scheduler's queue wait is not run time), and reports it in
    /// <see cref="JobExit.TimedOut"/>; otherwise the runner stops a job that runs past it.
    /// </summary>
    bool EnforcesTimeLimit => false;

    /// <summary>Starts one job; the model reads the inputs and writes into <see cref="JobRequest.OutputDir"/>.</summary>
    Task<IEngineJob> StartAsync(JobRequest request, CancellationToken cancel);
}

/// <summary>A started job.</summary>
public interface IEngineJob : IAsyncDisposable
{
    /// <summary>Waits until the job's program exits.</summary>
    Task<JobExit> WaitAsync(CancellationToken cancel);

    /// <summary>The job's standard output and error so far (interleaved as the engine keeps them).</summary>
    Task<string> LogsAsync(CancellationToken cancel);

    /// <summary>Stops the job now (kill); safe to call more than once or after exit.</summary>
    Task StopAsync();
}

/// <summary>What an engine knows of a model: where its sources or image are and the manifest it runs with.</summary>
/// <param name="Name">Label used in logs and errors (the folder name, or the image's repository name).</param>
/// <param name="Folder">Model folder (absolute) with a project and a Dockerfile, or null when <paramref name="Image"/> is given.</param>
/// <param name="Image">Container image reference, or null: then <c>pg2/&lt;folder&gt;:latest</c>.</param>
/// <param name="Manifest">The model manifest TOML, absolute.</param>
public sealed record ModelSource(string Name, string? Folder, string? Image, string Manifest)
{
    /// <summary>The image this model runs as in a container engine.</summary>
    public string ImageReference => Image ?? $"pg2/{Path.GetFileName(Folder!.TrimEnd('/'))}:latest";
}

/// <summary>The model program's command: what the SDK's host answers.</summary>
public enum JobCommand
{
    /// <summary><c>train</c>: read the inputs, write the predictions.</summary>
    Train,
    /// <summary><c>ping</c>: print <c>pong</c> and exit 0 (a health check; the inputs are not read).</summary>
    Ping,
}

/// <summary>What an engine needs to start a job.</summary>
/// <param name="Id">Unique id of this attempt (container names, log labels).</param>
/// <param name="Artifact">The prepared model.</param>
/// <param name="DatasetFile">Dataset archive on the host (mounted read-only in containers).</param>
/// <param name="ManifestFile">Model manifest on the host (mounted read-only in containers).</param>
/// <param name="ConfigDir">Host folder holding <c>hyperparameters.json</c> (SageMaker's <c>/opt/ml/input/config</c>).</param>
/// <param name="OutputDir">Host folder the model writes its predictions into (<c>/opt/ml/model</c>).</param>
/// <param name="Arguments">Model arguments after the command (the fold options), in order.</param>
/// <param name="Resources">What the job may use (the model's declaration with the game's and the command line's overrides); engines map it to their own request.</param>
/// <param name="Command">The program's command; <see cref="JobCommand.Train"/> for benchmark jobs.</param>
/// <param name="Inputs">Extra read-only inputs (covariate scores, weights), one channel each; null = none.</param>
public sealed record JobRequest(
    string Id,
    ModelArtifact Artifact,
    string DatasetFile,
    string ManifestFile,
    string ConfigDir,
    string OutputDir,
    IReadOnlyList<string> Arguments,
    ModelResources Resources,
    JobCommand Command = JobCommand.Train,
    IReadOnlyList<JobInput>? Inputs = null)
{
    /// <summary>The command as the program's first argument.</summary>
    public string CommandName => Command == JobCommand.Ping ? "ping" : "train";

    /// <summary>The extra inputs (empty when none); channel names are distinct.</summary>
    public IReadOnlyList<JobInput> InputList => Inputs ?? [];

    /// <summary>Writable host folder kept between jobs for the model's fitted state (see <see cref="ModelCache"/>); null = none.</summary>
    public string? CacheDir { get; init; }

    /// <summary>Recompute cached model state instead of reusing it (the runner's <c>--force</c>).</summary>
    public bool RefreshCache { get; init; }

    /// <summary>
    /// The container contract the program speaks. <see cref="ModelContract.E4"/>: <see cref="DatasetFile"/> is a splits
    /// archive that container engines mount under its own name and pass as <c>--dataset-file</c>, and
    /// <see cref="OutputDir"/> is mounted at <see cref="ContainerContract.E4OutputPath"/> as well
    /// (<see cref="SageMakerTrainingJobPath.ContainerArguments"/>).
    /// </summary>
    public ModelContract Contract { get; init; } = ModelContract.Seed;
}

/// <summary>How a job's program ended.</summary>
/// <param name="ExitCode">Process or container exit code.</param>
/// <param name="OutOfMemory">The engine reports the job was killed for memory.</param>
/// <param name="TimedOut">The engine (a scheduler) stopped the job at its time limit (<see cref="ModelResources.Time"/>).</param>
public readonly record struct JobExit(int ExitCode, bool OutOfMemory, bool TimedOut = false);

/// <summary>A prepared model.</summary>
/// <param name="Model">The model it was prepared from.</param>
/// <param name="Id">Content identity for the cache: local build hash or image id (<c>sha256:...</c>).</param>
/// <param name="Program">What runs: the built entry assembly (local) or the image reference (containers).</param>
public sealed record ModelArtifact(ModelSource Model, string Id, string Program)
{
    /// <summary>The image's labels (container engines), e.g. <see cref="ContainerContract.Label"/>; empty when none or not an image.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The contract the image's <see cref="ContainerContract.Label"/> declares; null without the label.</summary>
    /// <exception cref="InvalidInputException">The label has another value.</exception>
    public ModelContract? LabelledContract => Labels.TryGetValue(ContainerContract.Label, out var value)
        ? ContainerContract.Parse(value) ?? throw new InvalidInputException(
            $"image {Program}: label {ContainerContract.Label}=\"{MessageText.Shown(value)}\" is unknown; expected {ContainerContract.Expected}")
        : null;
}
