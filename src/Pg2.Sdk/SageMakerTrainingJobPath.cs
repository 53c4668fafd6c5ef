namespace Pg2.Sdk;

/// <summary>
/// The paths a SageMaker training job gives the container (FORMATS.md §E.1): channel <c>training</c>
/// holds the dataset, channel <c>manifest</c> the model manifest; whatever the job writes to
/// <see cref="OutputPath"/> is uploaded as <c>model.tar.gz</c>. They are the defaults of the
/// <c>train</c> command, overridable by options and by <c>SM_*</c> environment variables.
/// </summary>
public static class SageMakerTrainingJobPath
{
    /// <summary>Root of everything SageMaker mounts.</summary>
    public const string Prefix = "/opt/ml";
    /// <summary>The dataset archive (channel <c>training</c>).</summary>
    public const string TrainingJobPath = "/opt/ml/input/data/training/dataset.zip";
    /// <summary>The model manifest (channel <c>manifest</c>).</summary>
    public const string ManifestPath = "/opt/ml/input/data/manifest/manifest.toml";
    /// <summary>The job's hyper-parameters (all values are strings).</summary>
    public const string ParamsPath = "/opt/ml/input/config/hyperparameters.json";
    /// <summary>Where predictions are written; uploaded after the job.</summary>
    public const string OutputPath = "/opt/ml/model";
    /// <summary>Where the trained model is persisted.</summary>
    public const string ModelPath = "/model.pkl";
    /// <summary>Where SageMaker reads a failure reason from.</summary>
    public const string FailurePath = "/opt/ml/output/failure";
}
