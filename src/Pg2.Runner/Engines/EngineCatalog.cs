using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Runner.Engines;

/// <summary>Engines by name, as <c>--engine</c> picks them.</summary>
public static class EngineCatalog
{
    /// <summary>The known names, default first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["local", "docker", "podman"];

    /// <summary>Creates the engine called <paramref name="name"/>.</summary>
    public static IEngine Create(string name) => name.ToLowerInvariant() switch
    {
        "local" => new LocalEngine(),
        "docker" => new DockerEngine(),
        "podman" => new PodmanEngine(),
        _ => throw new InvalidInputException($"--engine: unknown engine \"{name}\"; expected one of {string.Join(", ", Names)}", ExitCodes.Usage),
    };
}
