using System.Text.Json;
using System.Text.Json.Serialization;
using Pg2.Contracts;

namespace Pg2.Runner.Jobs;

/// <summary>How a job ended.</summary>
public enum JobStatus
{
    /// <summary>Predictions written and scored.</summary>
    Succeeded,
    /// <summary>The model exited non-zero, ran out of time or memory, or wrote no usable predictions.</summary>
    Failed,
}

/// <summary>Why a job failed; written to <c>job.json</c> in kebab case (<c>missing-output</c>).</summary>
public enum FailureKind
{
    /// <summary>The engine could not prepare the model (build or image lookup failed).</summary>
    [JsonStringEnumMemberName("build")] Build,
    /// <summary>The engine itself failed while starting, waiting for, reading or stopping the job (an infrastructure fault, not the model's).</summary>
    [JsonStringEnumMemberName("engine")] Engine,
    /// <summary>The job ran past the timeout and was stopped.</summary>
    [JsonStringEnumMemberName("timeout")] Timeout,
    /// <summary>The engine reports the job was killed for memory.</summary>
    [JsonStringEnumMemberName("oom")] Oom,
    /// <summary>The model program exited non-zero.</summary>
    [JsonStringEnumMemberName("exit")] Exit,
    /// <summary>The model exited 0 but wrote no predictions CSV, or several.</summary>
    [JsonStringEnumMemberName("missing-output")] MissingOutput,
    /// <summary>The predictions CSV could not be scored.</summary>
    [JsonStringEnumMemberName("bad-output")] BadOutput,
    /// <summary>The engine stopped the job before it ended, though neither the timeout nor the user asked.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
    /// <summary>A covariate the model is given failed on the dataset, or has no usable scores for it (the model did not run).</summary>
    [JsonStringEnumMemberName("covariate")] Covariate,
}

/// <summary>
/// <c>job.json</c>: what ran, on which inputs, and how it ended. Written last and atomically, so a
/// job folder with a record is complete and one without is rerun (crash resume).
/// </summary>
public sealed record JobRecord
{
    /// <summary>File name inside a job folder.</summary>
    public const string FileName = "job.json";

    /// <summary>Succeeded or failed.</summary>
    public JobStatus Status { get; init; }
    /// <summary>Why it failed; null on success.</summary>
    public FailureKind? Failure { get; init; }
    /// <summary>One line saying what went wrong.</summary>
    public string? Reason { get; init; }
    /// <summary>Last lines of the job's log when it failed.</summary>
    public string? LogTail { get; init; }
    /// <summary>Game name.</summary>
    public string Game { get; init; } = "";
    /// <summary>Dataset label.</summary>
    public string Dataset { get; init; } = "";
    /// <summary>Model label.</summary>
    public string Model { get; init; } = "";
    /// <summary>Fold scheme or null.</summary>
    public string? Split { get; init; }
    /// <summary>Test fold or null.</summary>
    public int? Fold { get; init; }
    /// <summary>
    /// Where the folds came from: <c>proteingym</c> (the archive's ProteinGym fold column, so the folds are
    /// ProteinGym's) or <c>computed</c> (pg2 drew them by the same rules); null without a fold scheme.
    /// </summary>
    public string? FoldsSource { get; init; }
    /// <summary>Target column or null (the model's default).</summary>
    public string? Target { get; init; }
    /// <summary>Engine that ran it.</summary>
    public string Engine { get; init; } = "";
    /// <summary>Exit code of the model program (null if it never started or was stopped).</summary>
    public int? ExitCode { get; init; }
    /// <summary>Wall time of the run in seconds.</summary>
    public double DurationSeconds { get; init; }
    /// <summary>When the run started (UTC).</summary>
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>The model's identity: image id (<c>sha256:...</c>) or local build hash (<c>build:...</c>).</summary>
    public string Artifact { get; init; } = "";
    /// <summary>SHA-256 of the dataset archive.</summary>
    public string DatasetHash { get; init; } = "";
    /// <summary>SHA-256 of the model manifest.</summary>
    public string ManifestHash { get; init; } = "";
    /// <summary>Digest of the weights directory the model was given (<c>sha256:...</c>, <c>WeightsStore.Digest</c>), or null.</summary>
    public string? WeightsDigest { get; init; }
    /// <summary>The cache key: hash of all inputs and options (see <see cref="JobKey"/>).</summary>
    public string Key { get; init; } = "";
    /// <summary>Limits the job ran under (a failed job reruns when they change).</summary>
    public string Limits { get; init; } = "";
    /// <summary>The model's cost table family (its manifest's name), so <c>pg2 benchmark fit-costs</c> can refit the cost model from records.</summary>
    public string? CostFamily { get; init; }
    /// <summary>The dataset's sizes the cost model uses (rows, lengths, alignment depth); null when they could not be read.</summary>
    public Costs.CostFeatures? Cost { get; init; }
    /// <summary>What the model did with its state cache (e.g. a reused fit), as it reported; null when it reported nothing.</summary>
    public ModelCacheReport? ModelCache { get; init; }

    /// <summary>For JSON trees (<c>JsonNode</c>): indented, nulls kept, quotes and <c>&lt;&gt;</c> readable.</summary>
    public static readonly JsonSerializerOptions NodeJson = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Indented JSON that keeps quotes and <c>&lt;&gt;</c> readable (these files are read by people, not embedded in HTML).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Reads the record in <paramref name="jobDir"/>; null when absent or unreadable (= not done).</summary>
    public static JobRecord? TryRead(string jobDir)
    {
        var path = Path.Combine(jobDir, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<JobRecord>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the record into <paramref name="jobDir"/> atomically.</summary>
    public void Write(string jobDir) =>
        AtomicFile.WriteAllText(Path.Combine(jobDir, FileName), JsonSerializer.Serialize(this, Json) + "\n");
}
