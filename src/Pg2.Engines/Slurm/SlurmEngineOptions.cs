using System.Globalization;
using Pg2.Contracts;

namespace Pg2.Engines.Slurm;

/// <summary>How a Slurm job runs the model inside its allocation.</summary>
public enum SlurmRuntime
{
    /// <summary>The model program built by the local engine, run with <c>dotnet</c> (the checkout must be on the shared file system).</summary>
    Local,
    /// <summary><c>docker run</c> of the model's image on the node.</summary>
    Docker,
    /// <summary><c>podman run</c> of the model's image on the node (GPUs through CDI).</summary>
    Podman,
}

/// <summary>
/// Settings of the <c>slurm</c> engine (docs/cluster.md). <see cref="FromEnvironment"/> reads
/// <c>PG2_SLURM_*</c> so <c>pg2 benchmark run --engine slurm</c> needs no more than <c>--shared-dir</c>.
/// </summary>
public sealed record SlurmEngineOptions
{
    /// <summary>Folder every node sees: staged inputs, each job's script, log and output.</summary>
    public required string SharedDir { get; init; }
    /// <summary>What runs the model inside the allocation.</summary>
    public SlurmRuntime Runtime { get; init; } = SlurmRuntime.Local;
    /// <summary><c>--partition</c>, or null for the cluster's default.</summary>
    public string? Partition { get; init; }
    /// <summary><c>--account</c>, or null for the user's default.</summary>
    public string? Account { get; init; }
    /// <summary>More <c>#SBATCH</c> options, each as one argument (e.g. <c>--qos=short</c>, <c>--constraint=a100</c>).</summary>
    public IReadOnlyList<string> ExtraOptions { get; init; } = [];
    /// <summary>How many times a job that ended <c>NODE_FAIL</c>, <c>PREEMPTED</c> or <c>BOOT_FAIL</c> is submitted again before it fails.</summary>
    public int Retries { get; init; } = 2;
    /// <summary>Longest wait between two state polls (they start at half a second and back off to this).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Folder holding <c>sbatch</c>, <c>scontrol</c> and <c>scancel</c>; null = PATH.</summary>
    public string? BinDir { get; init; }

    /// <summary>
    /// Reads <c>PG2_SLURM_RUNTIME</c> (local, docker, podman), <c>PG2_SLURM_PARTITION</c>,
    /// <c>PG2_SLURM_ACCOUNT</c>, <c>PG2_SLURM_SBATCH_OPTIONS</c> (space-separated), <c>PG2_SLURM_RETRIES</c>,
    /// <c>PG2_SLURM_POLL_SECONDS</c> and <c>PG2_SLURM_BIN</c>; the shared folder is <paramref name="sharedDir"/>,
    /// else <c>PG2_SLURM_SHARED_DIR</c>, else <c>&lt;results&gt;/.slurm</c>.
    /// </summary>
    public static SlurmEngineOptions FromEnvironment(string resultsDir, string? sharedDir, Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        string? Text(string name) => read(name) is { Length: > 0 } v ? v.Trim() : null;
        var runtime = Text("PG2_SLURM_RUNTIME")?.ToLowerInvariant() switch
        {
            null or "local" => SlurmRuntime.Local,
            "docker" => SlurmRuntime.Docker,
            "podman" => SlurmRuntime.Podman,
            var other => throw new InvalidInputException($"PG2_SLURM_RUNTIME: expected local, docker or podman, got \"{other}\" (Apptainer is not packaged in Debian 12; see docs/cluster.md)", ExitCodes.Usage),
        };
        return new SlurmEngineOptions
        {
            SharedDir = Path.GetFullPath(sharedDir ?? Text("PG2_SLURM_SHARED_DIR") ?? Path.Combine(resultsDir, ".slurm")),
            Runtime = runtime,
            Partition = Text("PG2_SLURM_PARTITION"),
            Account = Text("PG2_SLURM_ACCOUNT"),
            ExtraOptions = Text("PG2_SLURM_SBATCH_OPTIONS")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [],
            Retries = Int("PG2_SLURM_RETRIES", Text("PG2_SLURM_RETRIES"), 2, min: 0),
            PollInterval = TimeSpan.FromSeconds(Int("PG2_SLURM_POLL_SECONDS", Text("PG2_SLURM_POLL_SECONDS"), 5, min: 1)),
            BinDir = Text("PG2_SLURM_BIN"),
        };
    }

    static int Int(string name, string? text, int fallback, int min) =>
        text is null ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min ? v
        : throw new InvalidInputException($"{name}: expected an integer of at least {min}, got \"{text}\"", ExitCodes.Usage);
}
