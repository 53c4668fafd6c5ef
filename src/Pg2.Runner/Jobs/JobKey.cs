using System.Text.Json;

namespace Pg2.Runner.Jobs;

/// <summary>
/// The content-addressed cache key of a job: SHA-256 over the dataset bytes, the manifest bytes,
/// the model's identity (image id or build hash) and the options that change its output (split,
/// fold, fold count, target). Unchanged key + a recorded outcome = the job is not rerun.
/// </summary>
public static class JobKey
{
    /// <summary>Format version; bump when the meaning of results changes (2: models are told the fold count).</summary>
    const int Version = 2;

    /// <summary>
    /// The key of <paramref name="job"/> run as <paramref name="artifactId"/>; <paramref name="weightsDigest"/>
    /// (the model's weights, when it has any) joins the key so that other weights rerun the job, and
    /// so does each covariate's identity (<paramref name="covariates"/>, <c>name=key</c>: the covariate
    /// job's own key, or the score file's hash), so a changed covariate reruns its dependants only.
    /// </summary>
    public static string Compute(BenchmarkJob job, string datasetHash, string manifestHash, string artifactId, string? weightsDigest = null,
        IReadOnlyList<string>? covariates = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        object?[] parts =
        [
            Version, datasetHash, manifestHash, artifactId, job.Split, job.Fold, job.Split is null ? null : job.Dataset.Folds, job.Dataset.Target,
        ];
        // Appended only when present, so the keys of models without weights or covariates stay as they were.
        if (weightsDigest is not null) parts = [.. parts, weightsDigest];
        if (covariates is { Count: > 0 }) parts = [.. parts, "covariates", .. covariates];
        return ContentHash.OfText(JsonSerializer.Serialize(parts));
    }
}
