using System.Diagnostics;
using Pg2.Datasets;

namespace Pg2.Sdk;

/// <summary>What a model sees besides its rows: manifest, effective hyper-parameters, dataset, target, log.</summary>
public sealed class ModelContext
{
    private readonly TextWriter _log;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Func<string, string?> _variable;

    /// <summary>
    /// Creates a context; log lines go to <paramref name="log"/> (stderr in the host); input channels
    /// are looked up through <paramref name="variable"/> (default: the process environment).
    /// </summary>
    public ModelContext(ModelManifest manifest, HyperParameters hyperParameters, Dataset dataset, string target, TextWriter log,
        Func<string, string?>? variable = null)
    {
        Manifest = manifest;
        HyperParameters = hyperParameters;
        Dataset = dataset;
        Target = target;
        _log = log;
        _variable = variable ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>The job's extra input <paramref name="channel"/> (weights, covariate scores), or null when it has none.</summary>
    public InputChannel? Input(string channel) => InputChannel.Find(channel, _variable);

    /// <summary>The job's extra input <paramref name="channel"/>; an <see cref="Pg2.Contracts.InvalidInputException"/> when the job has none.</summary>
    public InputChannel RequireInput(string channel) => Input(channel)
        ?? throw new Pg2.Contracts.InvalidInputException(
            $"model '{Manifest.Name}' needs input channel '{channel}', and the job has none (no {Pg2.Contracts.JobInput.VariableFor(channel)}, no {Pg2.Contracts.SageMakerTrainingJobPath.ChannelDir(channel)})");

    /// <summary>The model manifest.</summary>
    public ModelManifest Manifest { get; }
    /// <summary>Hyper-parameters after <c>hyperparameters.json</c> overrides.</summary>
    public HyperParameters HyperParameters { get; }
    /// <summary>The dataset.</summary>
    public Dataset Dataset { get; }
    /// <summary>The target being modelled.</summary>
    public string Target { get; }
    /// <summary>The target's reference (wild-type) sequence, when the dataset has one.</summary>
    public ReferenceSequence? Reference => Dataset.ReferenceSequence(Target);

    /// <summary>Writes one log line (to stderr), prefixed with the model name and elapsed seconds.</summary>
    public void Log(string message) =>
        _log.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"[{Manifest.Name} {_clock.Elapsed.TotalSeconds,7:F3}s] {message}"));
}
