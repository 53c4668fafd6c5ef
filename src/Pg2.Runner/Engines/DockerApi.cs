using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Runner.Engines;

/// <summary>
/// The few Docker Engine API calls the runner needs, over the daemon's unix socket
/// (<c>DOCKER_HOST=unix://...</c>, default <c>/var/run/docker.sock</c>), with a plain
/// <see cref="HttpClient"/> whose connections go to the socket.
/// </summary>
internal sealed class DockerApi : IDisposable
{
    readonly HttpClient _http;

    /// <summary>The socket path in use.</summary>
    public string SocketPath { get; }

    public DockerApi(string socketPath)
    {
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancel) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The socket named by DOCKER_HOST (unix only) or the default one.</summary>
    public static string ResolveSocket()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(host)) return "/var/run/docker.sock";
        if (host.StartsWith("unix://", StringComparison.Ordinal)) return host["unix://".Length..];
        throw new InvalidInputException($"DOCKER_HOST={host}: only unix:// sockets are supported by the docker engine");
    }

    /// <summary>Checks the daemon answers; a clear error otherwise.</summary>
    public async Task PingAsync(CancellationToken cancel)
    {
        try
        {
            using var r = await _http.GetAsync("_ping", cancel).ConfigureAwait(false);
            r.EnsureSuccessStatusCode();
        }
        catch (HttpRequestException e)
        {
            throw new InvalidInputException($"docker engine: no Docker daemon answers on {SocketPath} ({e.Message}); start dockerd or use --engine local");
        }
    }

    /// <summary>The image's id (<c>sha256:...</c>), or null if the daemon does not have it.</summary>
    public async Task<string?> ImageIdAsync(string image, CancellationToken cancel)
    {
        using var r = await _http.GetAsync($"images/{Uri.EscapeDataString(image)}/json", cancel).ConfigureAwait(false);
        if (r.StatusCode == HttpStatusCode.NotFound) return null;
        var json = await Read(r, "inspect image " + image, cancel).ConfigureAwait(false);
        return json["Id"]?.GetValue<string>();
    }

    /// <summary>Creates a container; returns its id.</summary>
    public async Task<string> CreateAsync(string name, JsonObject body, CancellationToken cancel)
    {
        using var r = await _http.PostAsync($"containers/create?name={Uri.EscapeDataString(name)}",
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), cancel).ConfigureAwait(false);
        var json = await Read(r, "create container", cancel).ConfigureAwait(false);
        return json["Id"]!.GetValue<string>();
    }

    public async Task StartAsync(string id, CancellationToken cancel)
    {
        using var r = await _http.PostAsync($"containers/{id}/start", null, cancel).ConfigureAwait(false);
        await Read(r, "start container", cancel).ConfigureAwait(false);
    }

    /// <summary>Blocks until the container stops; returns its exit code.</summary>
    public async Task<int> WaitAsync(string id, CancellationToken cancel)
    {
        using var r = await _http.PostAsync($"containers/{id}/wait", null, cancel).ConfigureAwait(false);
        var json = await Read(r, "wait for container", cancel).ConfigureAwait(false);
        return json["StatusCode"]!.GetValue<int>();
    }

    /// <summary>Whether the kernel killed the container for memory.</summary>
    public async Task<bool> OomKilledAsync(string id, CancellationToken cancel)
    {
        using var r = await _http.GetAsync($"containers/{id}/json", cancel).ConfigureAwait(false);
        var json = await Read(r, "inspect container", cancel).ConfigureAwait(false);
        return json["State"]?["OOMKilled"]?.GetValue<bool>() ?? false;
    }

    /// <summary>
    /// The container's stdout and stderr. Without a TTY the API multiplexes them in frames of an
    /// 8-byte header (stream, 0, 0, 0, big-endian length) and the payload.
    /// </summary>
    public async Task<string> LogsAsync(string id, CancellationToken cancel)
    {
        using var r = await _http.GetAsync($"containers/{id}/logs?stdout=1&stderr=1", cancel).ConfigureAwait(false);
        if (!r.IsSuccessStatusCode) return "";
        var bytes = await r.Content.ReadAsByteArrayAsync(cancel).ConfigureAwait(false);
        var text = new StringBuilder();
        var at = 0;
        while (at + 8 <= bytes.Length && bytes[at] <= 2 && bytes[at + 1] == 0)
        {
            var length = (bytes[at + 4] << 24) | (bytes[at + 5] << 16) | (bytes[at + 6] << 8) | bytes[at + 7];
            var take = Math.Min(length, bytes.Length - at - 8);
            text.Append(Encoding.UTF8.GetString(bytes, at + 8, take));
            at += 8 + take;
        }
        if (at < bytes.Length) text.Append(Encoding.UTF8.GetString(bytes, at, bytes.Length - at)); // TTY: raw
        return text.ToString();
    }

    /// <summary>Kills a running container (ignores "not running").</summary>
    public async Task KillAsync(string id)
    {
        using var r = await _http.PostAsync($"containers/{id}/kill", null).ConfigureAwait(false);
    }

    /// <summary>Removes a container, killing it first if needed.</summary>
    public async Task RemoveAsync(string id)
    {
        using var r = await _http.DeleteAsync($"containers/{id}?force=1").ConfigureAwait(false);
    }

    static async Task<JsonNode> Read(HttpResponseMessage r, string what, CancellationToken cancel)
    {
        var text = await r.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
        if (!r.IsSuccessStatusCode)
        {
            string message = text;
            try { message = JsonNode.Parse(text)?["message"]?.GetValue<string>() ?? text; }
            catch (JsonException) { /* not JSON */ }
            throw new InvalidInputException($"docker: {what} failed ({(int)r.StatusCode}): {message.Trim()}");
        }
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) ?? new JsonObject();
    }

    public void Dispose() => _http.Dispose();
}
