using System.Globalization;
using Pg2.Contracts;
using Pg2.Engines.Images;

namespace Pg2.Engines.Podman;

/// <summary>
/// Runs jobs with the <c>podman</c> CLI (<c>podman run --rm</c> with the SageMaker mounts). The CLI,
/// not podman's Docker-compatible socket: that socket reports exit code 0 for failed <c>--rm</c>
/// runs (podman #18889).
/// </summary>
public sealed class PodmanEngine : IEngine
{
    readonly string _cli;

    /// <summary>Uses the CLI of <paramref name="options"/> (default <c>podman</c> from PATH).</summary>
    public PodmanEngine(PodmanEngineOptions? options = null) => _cli = (options ?? new PodmanEngineOptions()).Cli;

    /// <inheritdoc />
    public string Name => "podman";

    /// <inheritdoc />
    public async Task<ModelArtifact> PrepareAsync(ModelSource model, TextWriter log, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(model);
        var image = model.ImageReference;
        var found = await InspectAsync(image, cancel).ConfigureAwait(false);
        if (found is null)
        {
            if (model.Folder is null)
                throw new InvalidInputException($"model '{model.Name}': image {image} is not in podman's store; pull or load it first");
            await ImageBuild.RunAsync(_cli, model, image, log, cancel).ConfigureAwait(false);
            found = await InspectAsync(image, cancel).ConfigureAwait(false)
                 ?? throw new InvalidInputException($"model '{model.Name}': image {image} still missing after the build");
        }
        return new ModelArtifact(model, found.Value.Id, image) { Labels = found.Value.Labels };
    }

    /// <summary>The image's id and labels (one <c>image inspect</c>), or null when the store lacks it.</summary>
    async Task<(string Id, IReadOnlyDictionary<string, string> Labels)?> InspectAsync(string image, CancellationToken cancel)
    {
        var (code, _, output) = await ChildProcess.RunAsync(_cli, ["image", "inspect", "--format", "{{.Id}} {{json .Config.Labels}}", image], cancel).ConfigureAwait(false);
        if (code != 0) return null;
        var line = output.Trim();
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var id = space < 0 ? line : line[..space];
        return (id.StartsWith("sha256:", StringComparison.Ordinal) ? id : "sha256:" + id, space < 0 ? new Dictionary<string, string>() : ParseLabels(line[(space + 1)..]));
    }

    /// <summary>The labels <c>{{json .Labels}}</c> prints (<c>null</c> or an object of strings); anything else is none.</summary>
    internal static Dictionary<string, string> ParseLabels(string json)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }

    /// <inheritdoc />
    public Task<IEngineJob> StartAsync(JobRequest request, CancellationToken cancel)
    {
        var args = RunArguments(request);
        return Task.FromResult<IEngineJob>(new PodmanJob(_cli, ContainerName(request), ChildProcess.Start(_cli, args)));
    }

    /// <summary>The container name of a job (what <c>podman kill</c> and <c>docker kill</c> are given).</summary>
    internal static string ContainerName(JobRequest request) => "pg2-" + request.Id;

    /// <summary>
    /// The <c>run</c> arguments of a job: SageMaker mounts (and the extra inputs' mounts and variables),
    /// no network, memory and CPU limits, and GPUs — podman through CDI (<c>--device nvidia.com/gpu=all</c>,
    /// set up by the NVIDIA Container Toolkit's <c>nvidia-ctk cdi generate</c>), docker with <c>--gpus N</c>.
    /// The same arguments run a Slurm job's container.
    /// </summary>
    internal static List<string> RunArguments(JobRequest request, ContainerCli cli = ContainerCli.Podman)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<string> args = ["run", "--rm", "--name", ContainerName(request), "--network", "none"];
        foreach (var m in SageMakerTrainingJobPath.Mounts(request)) { args.Add("-v"); args.Add(m); }
        foreach (var (k, v) in SageMakerTrainingJobPath.ContainerVariables(request)) { args.Add("-e"); args.Add($"{k}={v}"); }
        var resources = request.Resources;
        if (resources.MemoryBytes is { } mem) args.AddRange(["--memory", mem.ToString(CultureInfo.InvariantCulture)]);
        if (resources.Cpus is { } cpus) args.AddRange(["--cpus", cpus.ToString(CultureInfo.InvariantCulture)]);
        if (resources.NeedsGpu)
            args.AddRange(cli == ContainerCli.Podman
                ? ["--device", "nvidia.com/gpu=all"]
                : ["--gpus", resources.Gpus!.Value.ToString(CultureInfo.InvariantCulture)]);
        args.Add(request.Artifact.Program);
        args.AddRange(SageMakerTrainingJobPath.ContainerArguments(request));
        return args;
    }

    /// <inheritdoc />
    public void Dispose() { }

    sealed class PodmanJob(string cli, string name, ChildProcess child) : IEngineJob
    {
        public async Task<JobExit> WaitAsync(CancellationToken cancel)
        {
            var code = await child.WaitAsync(cancel).ConfigureAwait(false);
            return new JobExit(code, code == 137);
        }

        public Task<string> LogsAsync(CancellationToken cancel) => Task.FromResult(child.Log);

        public async Task StopAsync()
        {
            // Killing the CLI alone would leave the container running.
            await ChildProcess.RunAsync(cli, ["kill", name], CancellationToken.None).ConfigureAwait(false);
            child.Kill();
        }

        public ValueTask DisposeAsync()
        {
            child.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
