using System.Net.Sockets;

namespace Pg2.Engines.Tests;

/// <summary>
/// A test that needs a Docker daemon. Without one it is skipped with the reason — unless
/// <c>PG2_REQUIRE_DOCKER=1</c> (CI, where Docker is set up), where it runs and fails.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (!DockerDaemon.Available && Environment.GetEnvironmentVariable("PG2_REQUIRE_DOCKER") != "1")
            Skip = $"no Docker daemon answers on {DockerDaemon.Socket}; set PG2_REQUIRE_DOCKER=1 to make this a failure";
    }
}

internal static class DockerDaemon
{
    public static string Socket
    {
        get
        {
            var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
            return string.IsNullOrEmpty(host) ? "/var/run/docker.sock" : host.StartsWith("unix://", StringComparison.Ordinal) ? host[7..] : host;
        }
    }

    public static bool Available
    {
        get
        {
            if (!File.Exists(Socket)) return false;
            try
            {
                using var s = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                s.Connect(new UnixDomainSocketEndPoint(Socket));
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }

    /// <summary>Fails with a clear message when the daemon is required but absent.</summary>
    public static void Require()
    {
        if (!Available) Assert.Fail($"PG2_REQUIRE_DOCKER=1 but no Docker daemon answers on {Socket}");
    }
}
