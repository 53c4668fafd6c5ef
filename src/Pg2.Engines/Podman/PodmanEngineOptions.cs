namespace Pg2.Engines.Podman;

/// <summary>Settings of the <c>podman</c> engine.</summary>
/// <param name="Cli">The podman executable (default <c>podman</c> from PATH).</param>
public sealed record PodmanEngineOptions(string Cli = "podman");
