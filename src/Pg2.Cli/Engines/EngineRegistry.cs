using System.CommandLine;
using Pg2.Contracts;
using Pg2.Engines.Docker;
using Pg2.Engines.Local;
using Pg2.Engines.Podman;
using Pg2.Engines.Slurm;
using Pg2.SageMaker.Engine;

namespace Pg2.Cli.Engines;

/// <summary>One engine as <c>--engine</c> offers it: its name, what it does, and how it is made from its options.</summary>
/// <param name="Name">The <c>--engine</c> value.</param>
/// <param name="Description">One line for help and errors.</param>
/// <param name="Create">Reads the engine's options and creates it.</param>
internal sealed record EngineRegistration(string Name, string Description, Func<EngineContext, IEngine> Create);

/// <summary>What a command tells every engine it creates.</summary>
/// <param name="ResultsDir">The run's results folder.</param>
/// <param name="SharedDir"><c>--shared-dir</c>: a folder every cluster node sees, or null for the engine's default.</param>
internal sealed record EngineContext(string ResultsDir = "results", string? SharedDir = null);

/// <summary>
/// The engines <c>--engine</c> can name. An engine is a project referencing Pg2.Contracts; adding one
/// is one <c>Register</c> line here. Help and the unknown-engine error list them all.
/// </summary>
internal static class EngineRegistry
{
    /// <summary>Every engine, the default first.</summary>
    public static IReadOnlyList<EngineRegistration> All { get; } =
    [
        Register("local", "builds the model folder with dotnet and runs it as a local process", () => new LocalEngineOptions(), o => new LocalEngine(o)),
        Register("docker", "runs the model's image in Docker, Engine API at DOCKER_HOST", DockerEngineOptions.FromEnvironment, o => new DockerEngine(o)),
        Register("podman", "runs the model's image with the podman CLI", () => new PodmanEngineOptions(), o => new PodmanEngine(o)),
        Register("sagemaker", "runs each job as a SageMaker training job, set up by PG2_SAGEMAKER_* (docs/sagemaker.md)", () => SageMakerEngineSettings.FromEnvironment(), o => new SageMakerEngine(o)),
        Register("slurm", "submits each job with sbatch, files on --shared-dir, set up by PG2_SLURM_* (docs/cluster.md)", c => SlurmEngineOptions.FromEnvironment(c.ResultsDir, c.SharedDir), o => new SlurmEngine(o)),
    ];

    static EngineRegistration Register<TOptions>(string name, string description, Func<TOptions> options, Func<TOptions, IEngine> create) =>
        new(name, description, _ => create(options()));

    static EngineRegistration Register<TOptions>(string name, string description, Func<EngineContext, TOptions> options, Func<TOptions, IEngine> create) =>
        new(name, description, c => create(options(c)));

    /// <summary>The engine called <paramref name="name"/> (any case); a usage error listing every engine otherwise.</summary>
    public static EngineRegistration Find(string name) =>
        All.FirstOrDefault(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidInputException($"--engine: unknown engine \"{name}\"; expected one of {string.Join(", ", All.Select(e => e.Name))}", ExitCodes.Usage);

    /// <summary>Creates the engine called <paramref name="name"/> for a command run with <paramref name="context"/>.</summary>
    public static IEngine Create(string name, EngineContext? context = null) => Find(name).Create(context ?? new EngineContext());

    /// <summary>Every engine with its description, for option help.</summary>
    public static string Help => string.Join("; ", All.Select(e => $"{e.Name}: {e.Description}"));

    /// <summary>An <c>--engine</c> option whose help lists every engine; <paramref name="purpose"/> says what the command uses it for.</summary>
    public static Option<string> Option(string purpose, string defaultName) => new("--engine")
    {
        Description = $"{purpose}. {Help}",
        DefaultValueFactory = _ => defaultName,
    };
}
