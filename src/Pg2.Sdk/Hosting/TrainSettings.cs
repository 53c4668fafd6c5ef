using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Sdk.Hosting;

/// <summary>
/// The resolved inputs and outputs of one <c>train</c> run. Precedence for each path: command-line
/// option, then environment variable, then the SageMaker default (§E.1).
/// </summary>
internal sealed record TrainSettings
{
    public required string DatasetFile { get; init; }
    public required string ManifestFile { get; init; }
    public required string OutputDirectory { get; init; }
    /// <summary>Where today's contract (a splits archive) writes: <c>--output-dir</c> or <c>SM_MODEL_DIR</c> when given, else <see cref="ContainerContract.E4OutputPath"/>.</summary>
    public string E4OutputDirectory { get; init; } = ContainerContract.E4OutputPath;
    public string? HyperParametersFile { get; init; }
    public required string ModelPath { get; init; }
    public bool ModelPathIsDefault { get; init; }
    public string? Split { get; init; }
    public int? TestFold { get; init; }
    /// <summary>Folds of <see cref="Split"/>; null = ProteinGym's 5 (4 for assays with fewer than 5 mutated positions).</summary>
    public int? Folds { get; init; }
    public string? Target { get; init; }
    public List<string> Notes { get; } = [];

    public static TrainSettings Resolve(HostEnvironment env, string? datasetFile, string? manifestFile, string? outputDir,
        string? hyperParametersFile, string? modelPath, string? split, int? testFold, string? target, int? folds = null)
    {
        var notes = new List<string>();
        string dataset = datasetFile
            ?? ChannelFile(env.Variable(HostEnvironment.TrainingChannelVariable), "dataset.zip", ["*.zip", "*.pgdata"])
            ?? SageMakerTrainingJobPath.TrainingJobPath;
        string manifest = manifestFile ?? DefaultManifest(env, notes);
        string output = outputDir ?? NonEmpty(env.Variable(HostEnvironment.ModelDirVariable)) ?? SageMakerTrainingJobPath.OutputPath;
        string? hp = hyperParametersFile ?? (File.Exists(SageMakerTrainingJobPath.ParamsPath) ? SageMakerTrainingJobPath.ParamsPath : null);
        string? envModel = NonEmpty(env.Variable(HostEnvironment.ModelPathVariable));
        // A splits archive holding a plain list of slices needs no --split; the archive is checked when loaded.
        if (testFold is not null && split is null && !dataset.EndsWith(".splits.pgdata", StringComparison.OrdinalIgnoreCase))
            throw new InvalidInputException("--test-fold needs --split <random|modulo|contiguous>", ExitCodes.Usage);
        if (testFold is < 0)
            throw new InvalidInputException($"--test-fold must be ≥ 0, got {testFold}", ExitCodes.Usage);
        if (folds is not null && split is null)
            throw new InvalidInputException("--folds needs --split <random|modulo|contiguous>", ExitCodes.Usage);
        if (folds is < 2)
            throw new InvalidInputException($"--folds must be ≥ 2, got {folds}", ExitCodes.Usage);
        if (testFold >= folds)
            throw new InvalidInputException($"--test-fold {testFold} does not exist with --folds {folds} (folds 0..{folds - 1})", ExitCodes.Usage);
        var settings = new TrainSettings
        {
            DatasetFile = dataset,
            ManifestFile = manifest,
            OutputDirectory = output,
            E4OutputDirectory = outputDir ?? NonEmpty(env.Variable(HostEnvironment.ModelDirVariable)) ?? ContainerContract.E4OutputPath,
            HyperParametersFile = hp,
            ModelPath = modelPath ?? envModel ?? SageMakerTrainingJobPath.ModelPath,
            ModelPathIsDefault = modelPath is null && envModel is null,
            Split = split,
            TestFold = testFold,
            Folds = folds,
            Target = target,
        };
        settings.Notes.AddRange(notes);
        return settings;
    }

    // The manifest channel, then the model card channel, then what the program bundles (either form).
    private static string DefaultManifest(HostEnvironment env, List<string> notes)
    {
        var found = ChannelFile(env.Variable(HostEnvironment.ManifestChannelVariable), ModelManifestFile.TomlName, ["*.toml"])
            ?? ChannelFile(env.Variable(HostEnvironment.ModelCardChannelVariable), ModelManifestFile.CardName, ["*.md"]);
        if (found is not null) return found;
        foreach (var path in new[] { SageMakerTrainingJobPath.ManifestPath, SageMakerTrainingJobPath.ModelCardPath })
            if (File.Exists(path)) return path;
        if (ModelManifestFile.InFolder(env.ProgramDirectory) is { } bundled)
        {
            notes.Add($"no manifest at {SageMakerTrainingJobPath.ManifestPath} or {SageMakerTrainingJobPath.ModelCardPath}; using the model's bundled {bundled}");
            return bundled;
        }
        return SageMakerTrainingJobPath.ManifestPath;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    // SageMaker mounts a channel as a folder; the file is the conventional name, else the only match.
    private static string? ChannelFile(string? directory, string conventional, string[] patterns)
    {
        if (NonEmpty(directory) is not { } dir) return null;
        var path = Path.Combine(dir, conventional);
        if (File.Exists(path) || !Directory.Exists(dir)) return path;
        var matches = patterns.SelectMany(p => Directory.GetFiles(dir, p)).Distinct().ToList();
        return matches.Count == 1 ? matches[0] : path;
    }
}
