namespace Pg2.Engines.Podman;

/// <summary>Which container CLI a <c>run</c> command line is for (they differ in how GPUs are asked for).</summary>
internal enum ContainerCli
{
    /// <summary><c>podman run</c>: GPUs through CDI.</summary>
    Podman,
    /// <summary><c>docker run</c>: GPUs with <c>--gpus</c>.</summary>
    Docker,
}
