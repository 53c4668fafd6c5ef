namespace Pg2.Runner.Engines;

/// <summary>Where a container job sees its inputs and outputs: SageMaker's training-job layout (FORMATS.md §E.1).</summary>
public static class SageMakerLayout
{
    /// <summary>The dataset archive ("training" channel).</summary>
    public const string DatasetFile = "/opt/ml/input/data/training/dataset.zip";
    /// <summary>The model manifest ("manifest" channel).</summary>
    public const string ManifestFile = "/opt/ml/input/data/manifest/manifest.toml";
    /// <summary>Folder of <c>hyperparameters.json</c>.</summary>
    public const string ConfigDir = "/opt/ml/input/config";
    /// <summary>The model's output folder.</summary>
    public const string OutputDir = "/opt/ml/model";

    /// <summary>Bind mounts <c>host:container[:ro]</c> for a job.</summary>
    public static IReadOnlyList<string> Mounts(JobRequest r) =>
    [
        $"{r.DatasetFile}:{DatasetFile}:ro",
        $"{r.ManifestFile}:{ManifestFile}:ro",
        $"{r.ConfigDir}:{ConfigDir}:ro",
        $"{r.OutputDir}:{OutputDir}",
    ];
}
