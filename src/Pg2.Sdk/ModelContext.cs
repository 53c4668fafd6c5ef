using System.Diagnostics;
using Pg2.Datasets;

namespace Pg2.Sdk;

/// <summary>What a model sees besides its rows: manifest, effective hyper-parameters, dataset, target, log.</summary>
public sealed class ModelContext
{
    private readonly TextWriter _log;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Creates a context; log lines go to <paramref name="log"/> (stderr in the host).</summary>
    public ModelContext(ModelManifest manifest, HyperParameters hyperParameters, Dataset dataset, string target, TextWriter log)
    {
        Manifest = manifest;
        HyperParameters = hyperParameters;
        Dataset = dataset;
        Target = target;
        _log = log;
    }

    /// <summary>The model manifest.</summary>
    public ModelManifest Manifest { get; }
    /// <summary>Hyper-parameters after <c>hyperparameters.json</c> overrides.</summary>
    public HyperParameters HyperParameters { get; }
    /// <summary>The dataset.</summary>
    public Dataset Dataset { get; }
    /// <summary>The target being modelled.</summary>
    public string Target { get; }
    /// <summary>The runner's state cache for this job (<see cref="ModelStateCache.None"/> outside a runner).</summary>
    public ModelStateCache Cache { get; init; } = ModelStateCache.None;
    /// <summary>The target's reference (wild-type) sequence, when the dataset has one.</summary>
    public ReferenceSequence? Reference => Dataset.ReferenceSequence(Target);

    /// <summary>Writes one log line (to stderr), prefixed with the model name and elapsed seconds.</summary>
    public void Log(string message) =>
        _log.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"[{Manifest.Name} {_clock.Elapsed.TotalSeconds,7:F3}s] {message}"));
}
