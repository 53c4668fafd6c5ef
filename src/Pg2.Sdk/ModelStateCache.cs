using Pg2.Contracts;

namespace Pg2.Sdk;

/// <summary>
/// The folder the runner lends a model for expensive state kept between jobs (<see cref="ModelCache"/>):
/// where it is, whether the run asked for a refresh (<c>--force</c>), and how the model reports what it did.
/// </summary>
/// <param name="Directory">The cache folder; null when the job has none (nothing is cached).</param>
/// <param name="Refresh">Recompute instead of reusing (overwrite what is there).</param>
/// <param name="OutputDirectory">The job's output folder, where the report goes; null = no report.</param>
public sealed record ModelStateCache(string? Directory, bool Refresh, string? OutputDirectory)
{
    /// <summary>No cache: everything is computed, nothing saved.</summary>
    public static ModelStateCache None { get; } = new(null, false, null);

    /// <summary>From the job's environment (<see cref="ModelCache.DirectoryVariable"/>, <see cref="ModelCache.RefreshVariable"/>).</summary>
    public static ModelStateCache FromEnvironment(Func<string, string?> variable, string? outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return new(variable(ModelCache.DirectoryVariable) is { Length: > 0 } dir ? dir : null,
            variable(ModelCache.RefreshVariable) is "1" or "true", outputDirectory);
    }

    /// <summary>Tells the runner what happened (it lands in the job record as <c>model_cache</c>).</summary>
    public void Report(ModelCacheReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (OutputDirectory is null) return;
        System.IO.Directory.CreateDirectory(OutputDirectory);
        report.Write(OutputDirectory);
    }
}
