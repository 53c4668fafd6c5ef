using System.Text.Json.Nodes;
using Pg2.Datasets;
using Pg2.Runner.Games;
using Pg2.Contracts;

namespace Pg2.Runner.Engines;

/// <summary>
/// Runs jobs as Docker containers through the Engine API on the daemon's unix socket: create (binds,
/// limits, no network), start, wait, logs, remove. Images are built with the <c>docker build</c> CLI
/// when missing (see <see cref="ImageBuild"/>).
/// </summary>
public sealed class DockerEngine : IEngine
{
    readonly DockerApi _api;
    bool _pinged;

    /// <summary>Connects to <paramref name="socketPath"/> (default: DOCKER_HOST or /var/run/docker.sock).</summary>
    public DockerEngine(string? socketPath = null) => _api = new DockerApi(socketPath ?? DockerApi.ResolveSocket());

    /// <inheritdoc />
    public string Name => "docker";

    /// <inheritdoc />
    public async Task<ModelArtifact> PrepareAsync(GameModel model, TextWriter log, CancellationToken cancel)
    {
        if (!_pinged) { await _api.PingAsync(cancel).ConfigureAwait(false); _pinged = true; }
        var image = model.ImageReference;
        var id = await _api.ImageIdAsync(image, cancel).ConfigureAwait(false);
        if (id is null)
        {
            if (model.Folder is null)
                throw new InvalidInputException($"model '{model.Name}': image {image} is not on the Docker daemon; pull or load it first");
            await ImageBuild.RunAsync("docker", model, image, log, cancel).ConfigureAwait(false);
            id = await _api.ImageIdAsync(image, cancel).ConfigureAwait(false)
                 ?? throw new InvalidInputException($"model '{model.Name}': image {image} still missing after the build");
        }
        return new ModelArtifact(model, id, image);
    }

    /// <inheritdoc />
    public async Task<IEngineJob> StartAsync(JobRequest request, CancellationToken cancel)
    {
        var host = new JsonObject
        {
            ["Binds"] = new JsonArray([.. SageMakerLayout.Mounts(request).Select(m => JsonValue.Create(m))]),
            ["NetworkMode"] = "none",
        };
        if (request.Limits.MemoryBytes is { } mem)
        {
            host["Memory"] = mem;
            host["MemorySwap"] = mem; // no swap: over the limit means OOM, not a slow crawl
        }
        if (request.Limits.Cpus is { } cpus) host["NanoCpus"] = (long)(cpus * 1e9);
        var body = new JsonObject
        {
            ["Image"] = request.Artifact.Id,
            ["Cmd"] = new JsonArray([JsonValue.Create("train"), .. request.Arguments.Select(a => JsonValue.Create(a))]),
            ["Labels"] = new JsonObject { ["pg2.job"] = request.Id },
            ["HostConfig"] = host,
        };
        var id = await _api.CreateAsync("pg2-" + request.Id, body, cancel).ConfigureAwait(false);
        try
        {
            await _api.StartAsync(id, cancel).ConfigureAwait(false);
        }
        catch
        {
            await _api.RemoveAsync(id).ConfigureAwait(false);
            throw;
        }
        return new DockerJob(_api, id);
    }

    /// <inheritdoc />
    public void Dispose() => _api.Dispose();

    sealed class DockerJob(DockerApi api, string id) : IEngineJob
    {
        public async Task<JobExit> WaitAsync(CancellationToken cancel)
        {
            var code = await api.WaitAsync(id, cancel).ConfigureAwait(false);
            var oom = await api.OomKilledAsync(id, cancel).ConfigureAwait(false);
            return new JobExit(code, oom || code == 137);
        }

        public Task<string> LogsAsync(CancellationToken cancel) => api.LogsAsync(id, cancel);

        public Task StopAsync() => api.KillAsync(id);

        public async ValueTask DisposeAsync() => await api.RemoveAsync(id).ConfigureAwait(false);
    }
}
