using Pg2.Contracts;

namespace Pg2.Engines.Docker;

/// <summary>Settings of the <c>docker</c> engine.</summary>
/// <param name="Host">The daemon's endpoint: <c>unix:///var/run/docker.sock</c>, <c>tcp://host:2375</c>.</param>
public sealed record DockerEngineOptions(Uri Host)
{
    /// <summary>The daemon named by <c>DOCKER_HOST</c>, else <c>unix:///var/run/docker.sock</c>.</summary>
    public static DockerEngineOptions FromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(host)) return new(new Uri("unix:///var/run/docker.sock"));
        return Uri.TryCreate(host, UriKind.Absolute, out var uri) && uri.Scheme is "unix" or "tcp" or "http" or "https" or "npipe"
            ? new(uri)
            : throw new InvalidInputException($"DOCKER_HOST={host}: expected unix:///path/docker.sock or tcp://host:port");
    }
}
