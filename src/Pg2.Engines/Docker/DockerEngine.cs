using System.Net;
using System.Net.Sockets;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Pg2.Contracts;
using Pg2.Engines.Images;

namespace Pg2.Engines.Docker;

/// <summary>
/// Runs jobs as Docker containers through the Engine API (Docker.DotNet): create (the SageMaker
/// mounts, limits, no network), start, wait, logs, remove. Images are built with the <c>docker build</c>
/// CLI when missing (see <see cref="ImageBuild"/>).
/// </summary>
public sealed class DockerEngine : IEngine
{
    readonly DockerClient _client;
    readonly Uri _host;
    bool _pinged;

    /// <summary>Connects to the daemon of <paramref name="options"/> (default: DOCKER_HOST or /var/run/docker.sock).</summary>
    public DockerEngine(DockerEngineOptions? options = null)
    {
        _host = (options ?? DockerEngineOptions.FromEnvironment()).Host;
        // No client timeout: a wait lasts as long as the job; cancellation ends it.
        _client = new DockerClientBuilder().WithEndpoint(_host).WithTimeout(Timeout.InfiniteTimeSpan).Build();
    }

    /// <inheritdoc />
    public string Name => "docker";

    /// <inheritdoc />
    public async Task<ModelArtifact> PrepareAsync(ModelSource model, TextWriter log, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!_pinged) { await PingAsync(cancel).ConfigureAwait(false); _pinged = true; }
        var image = model.ImageReference;
        var found = await InspectAsync(image, cancel).ConfigureAwait(false);
        if (found is null)
        {
            if (model.Folder is null)
                throw new InvalidInputException($"model '{model.Name}': image {image} is not on the Docker daemon; pull or load it first");
            await ImageBuild.RunAsync("docker", model, image, log, cancel).ConfigureAwait(false);
            found = await InspectAsync(image, cancel).ConfigureAwait(false)
                 ?? throw new InvalidInputException($"model '{model.Name}': image {image} still missing after the build");
        }
        return new ModelArtifact(model, found.ID, image) { Labels = found.Config?.Labels is { } labels ? new Dictionary<string, string>(labels) : [] };
    }

    async Task PingAsync(CancellationToken cancel)
    {
        try
        {
            await _client.System.PingAsync(cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or DockerApiException or TimeoutException)
        {
            throw new InvalidInputException($"docker engine: no Docker daemon answers on {_host} ({e.Message}); start dockerd or use --engine local");
        }
    }

    async Task<ImageInspectResponse?> InspectAsync(string image, CancellationToken cancel)
    {
        try
        {
            return await Call(() => _client.Images.InspectImageAsync(image, cancel), "inspect image " + image).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<IEngineJob> StartAsync(JobRequest request, CancellationToken cancel)
    {
        var create = CreateParameters(request);
        var id = (await Call(() => _client.Containers.CreateContainerAsync(create, cancel), "create container").ConfigureAwait(false)).ID;
        try
        {
            await Call(() => _client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancel), "start container").ConfigureAwait(false);
        }
        catch
        {
            await RemoveAsync(_client, id).ConfigureAwait(false);
            throw;
        }
        return new DockerJob(_client, id);
    }

    /// <summary>
    /// The container the job runs as: SageMaker binds (and the extra inputs' binds and variables), no
    /// network, and its resources as limits — memory (no swap), CPUs as nano-CPUs, GPUs as a device request.
    /// </summary>
    internal static CreateContainerParameters CreateParameters(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var host = new HostConfig
        {
            Binds = [.. SageMakerTrainingJobPath.Mounts(request)],
            NetworkMode = "none",
        };
        var resources = request.Resources;
        if (resources.MemoryBytes is { } mem)
        {
            host.Memory = mem;
            host.MemorySwap = mem; // no swap: over the limit means OOM, not a slow crawl
        }
        if (resources.Cpus is { } cpus) host.NanoCPUs = (long)(cpus * 1e9);
        // What `docker run --gpus N` sends.
        if (resources.NeedsGpu)
            host.DeviceRequests = [new DeviceRequest { Count = resources.Gpus!.Value, Capabilities = [["gpu"]] }];
        var create = new CreateContainerParameters
        {
            Name = "pg2-" + request.Id,
            Image = request.Artifact.Id,
            Cmd = [.. SageMakerTrainingJobPath.ContainerArguments(request)],
            Env = [.. SageMakerTrainingJobPath.ContainerVariables(request).Select(v => $"{v.Key}={v.Value}")],
            Labels = new Dictionary<string, string> { ["pg2.job"] = request.Id },
            HostConfig = host,
        };
        return create;
    }

    // The daemon's refusals (bad bind, unknown image, ...) become one line naming the call.
    static async Task<T> Call<T>(Func<Task<T>> call, string what)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e is not DockerImageNotFoundException)
        {
            throw new InvalidInputException($"docker: {what} failed ({(int)e.StatusCode}): {Message(e)}");
        }
    }

    static string Message(DockerApiException e)
    {
        var body = e.ResponseBody ?? "";
        try { return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("message").GetString()?.Trim() ?? body.Trim(); }
        catch (Exception x) when (x is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException) { return body.Trim(); }
    }

    static async Task RemoveAsync(DockerClient client, string id)
    {
        try
        {
            await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }).ConfigureAwait(false);
        }
        catch (DockerApiException) { /* already gone */ }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    sealed class DockerJob(DockerClient client, string id) : IEngineJob
    {
        public async Task<JobExit> WaitAsync(CancellationToken cancel)
        {
            var code = (int)(await Call(() => client.Containers.WaitContainerAsync(id, cancel), "wait for container").ConfigureAwait(false)).StatusCode;
            var state = await Call(() => client.Containers.InspectContainerAsync(id, cancel), "inspect container").ConfigureAwait(false);
            return new JobExit(code, state.State?.OOMKilled == true || code == 137);
        }

        public async Task<string> LogsAsync(CancellationToken cancel)
        {
            // Without a TTY the API multiplexes stdout and stderr; reading frame by frame keeps their order.
            try
            {
                using var stream = await client.Containers.GetContainerLogsAsync(id, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, cancel).ConfigureAwait(false);
                var text = new StringBuilder();
                var buffer = new byte[1 << 14];
                var decoder = Encoding.UTF8.GetDecoder();
                var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
                while (true)
                {
                    var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancel).ConfigureAwait(false);
                    if (read.EOF) break;
                    text.Append(chars, 0, decoder.GetChars(buffer, 0, read.Count, chars, 0));
                }
                return text.ToString();
            }
            catch (DockerApiException)
            {
                return "";
            }
        }

        public async Task StopAsync()
        {
            try
            {
                await client.Containers.KillContainerAsync(id, new ContainerKillParameters()).ConfigureAwait(false);
            }
            catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound) { /* not running */ }
        }

        public async ValueTask DisposeAsync() => await RemoveAsync(client, id).ConfigureAwait(false);
    }
}
