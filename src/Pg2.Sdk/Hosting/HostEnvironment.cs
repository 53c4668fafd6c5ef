using Pg2.Contracts;

namespace Pg2.Sdk.Hosting;

/// <summary>
/// What the host reads from and writes to its process: standard streams, environment variables and
/// the folder holding the model's bundled <c>manifest.toml</c>. Tests substitute their own.
/// </summary>
/// <param name="Out">Standard output (only <c>ping</c> and <c>--help</c> write here).</param>
/// <param name="Error">Standard error: log lines and error messages.</param>
/// <param name="Variable">Looks an environment variable up (null when unset).</param>
/// <param name="ProgramDirectory">Folder of the model program (its bundled manifest.toml lives here).</param>
public sealed record HostEnvironment(TextWriter Out, TextWriter Error, Func<string, string?> Variable, string ProgramDirectory)
{
    /// <summary>The real process: console streams, process environment, <see cref="AppContext.BaseDirectory"/>.</summary>
    public static HostEnvironment Process =>
        new(Console.Out, Console.Error, Environment.GetEnvironmentVariable, AppContext.BaseDirectory);

    /// <summary>Overrides <see cref="SageMakerTrainingJobPath.OutputPath"/>.</summary>
    public const string ModelDirVariable = "SM_MODEL_DIR";
    /// <summary>Folder of the <c>training</c> channel (holds the dataset archive).</summary>
    public const string TrainingChannelVariable = "SM_CHANNEL_TRAINING";
    /// <summary>Folder of the <c>manifest</c> channel (holds manifest.toml).</summary>
    public const string ManifestChannelVariable = "SM_CHANNEL_MANIFEST";
    /// <summary>Folder of the <c>model_card</c> channel (holds a model card's README.md).</summary>
    public const string ModelCardChannelVariable = "SM_CHANNEL_MODEL_CARD";
    /// <summary>Overrides <see cref="SageMakerTrainingJobPath.ModelPath"/>.</summary>
    public const string ModelPathVariable = "PG2_MODEL_PATH";
    /// <summary>When set (any value), internal errors print their stack trace.</summary>
    public const string DebugVariable = "PG2_DEBUG";
}
