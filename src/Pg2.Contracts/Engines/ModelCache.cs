using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pg2.Contracts;

/// <summary>
/// The model-state cache a runner lends its jobs: a writable folder kept between jobs (under the results
/// folder), where a model keeps expensive fitted state (evmutation: Potts parameters) keyed by its inputs,
/// settings and code version. Every engine hands the folder to the program in <see cref="DirectoryVariable"/>
/// (containers see it at <see cref="ContainerDir"/>); <see cref="RefreshVariable"/> = <c>1</c> (the runner's
/// <c>--force</c>) means "recompute and overwrite". A model that used the cache says so in
/// <see cref="ModelCacheReport.FileName"/> in its output folder, and the runner copies that into the job record.
/// </summary>
public static class ModelCache
{
    /// <summary>Environment variable: the cache folder as the program sees it.</summary>
    public const string DirectoryVariable = "PG2_MODEL_CACHE";
    /// <summary>Environment variable: <c>1</c> = do not reuse cached state, recompute it and overwrite.</summary>
    public const string RefreshVariable = "PG2_MODEL_CACHE_REFRESH";
    /// <summary>Where container engines mount the cache folder.</summary>
    public const string ContainerDir = "/cache";

    /// <summary>The variables a job gets for <paramref name="request"/>'s cache, seen at <paramref name="folder"/>; empty when it has none.</summary>
    public static IReadOnlyDictionary<string, string> Environment(JobRequest request, string folder)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.CacheDir is null) return new Dictionary<string, string>();
        var env = new Dictionary<string, string> { [DirectoryVariable] = folder };
        if (request.RefreshCache) env[RefreshVariable] = "1";
        return env;
    }
}

/// <summary>What a job did with the model-state cache (written by the model, copied into the job record).</summary>
/// <param name="Reused">True when cached state was loaded instead of recomputed.</param>
/// <param name="Key">The cache entry's key.</param>
/// <param name="Reason">Why it was not reused, or why it was not saved; null when there is nothing to say.</param>
public sealed record ModelCacheReport(bool Reused, string Key, string? Reason = null)
{
    /// <summary>File name inside the job's output folder.</summary>
    public const string FileName = "model-cache.json";

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes the report into <paramref name="outputDir"/> atomically.</summary>
    public void Write(string outputDir) =>
        AtomicFile.WriteAllText(Path.Combine(outputDir, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>The report in <paramref name="outputDir"/>; null when absent or not a report (a model's file is not trusted further).</summary>
    public static ModelCacheReport? TryRead(string outputDir)
    {
        var path = Path.Combine(outputDir, FileName);
        try
        {
            if (!File.Exists(path) || new FileInfo(path).Length > 64 * 1024) return null;
            var report = JsonSerializer.Deserialize<ModelCacheReport>(File.ReadAllText(path), Json);
            return report is { Key: { Length: <= 200 } } ? report : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
