using Pg2.Runner.Games;

namespace Pg2.Runner.Engines;

/// <summary>
/// Runs model jobs: a local process, a Docker container or a Podman container. The runner knows
/// engines only through this interface and <see cref="IEngineJob"/>; adding one (Kubernetes,
/// SageMaker) is one new class registered in <see cref="EngineCatalog"/>.
/// </summary>
public interface IEngine : IDisposable
{
    /// <summary>The engine's name as given to <c>--engine</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Makes <paramref name="model"/> runnable (builds the program or the image when missing or
    /// stale) and returns what runs, identified by a content hash or image id for the cache.
    /// </summary>
    Task<ModelArtifact> PrepareAsync(GameModel model, TextWriter log, CancellationToken cancel);

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

/// <summary>What an engine needs to start a job.</summary>
/// <param name="Id">Unique id of this attempt (container names, log labels).</param>
/// <param name="Artifact">The prepared model.</param>
/// <param name="DatasetFile">Dataset archive on the host (mounted read-only in containers).</param>
/// <param name="ManifestFile">Model manifest on the host (mounted read-only in containers).</param>
/// <param name="ConfigDir">Host folder holding <c>hyperparameters.json</c> (SageMaker's <c>/opt/ml/input/config</c>).</param>
/// <param name="OutputDir">Host folder the model writes its predictions into (<c>/opt/ml/model</c>).</param>
/// <param name="Arguments">Model arguments after <c>train</c> (the fold options), in order.</param>
/// <param name="Limits">Per-job resource limits.</param>
public sealed record JobRequest(
    string Id,
    ModelArtifact Artifact,
    string DatasetFile,
    string ManifestFile,
    string ConfigDir,
    string OutputDir,
    IReadOnlyList<string> Arguments,
    JobLimits Limits);

/// <summary>Per-job limits; null = unlimited.</summary>
/// <param name="MemoryBytes">Memory limit in bytes.</param>
/// <param name="Cpus">CPU limit (fractional cores).</param>
public sealed record JobLimits(long? MemoryBytes, double? Cpus)
{
    /// <summary>No limits.</summary>
    public static JobLimits None { get; } = new(null, null);
}

/// <summary>How a job's program ended.</summary>
/// <param name="ExitCode">Process or container exit code.</param>
/// <param name="OutOfMemory">The engine reports the job was killed for memory.</param>
public readonly record struct JobExit(int ExitCode, bool OutOfMemory);

/// <summary>A prepared model.</summary>
/// <param name="Model">The game's model.</param>
/// <param name="Id">Content identity for the cache: local build hash or image id (<c>sha256:...</c>).</param>
/// <param name="Program">What runs: the built entry assembly (local) or the image reference (containers).</param>
public sealed record ModelArtifact(GameModel Model, string Id, string Program);
