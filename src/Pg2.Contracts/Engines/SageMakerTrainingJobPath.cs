namespace Pg2.Contracts;

/// <summary>
/// The container contract: the paths a SageMaker training job gives the container (FORMATS.md §E.1),
/// defined once for the SDK (the defaults of <c>train</c>, overridable by options and <c>SM_*</c>
/// variables), every container engine (their mounts) and the SageMaker emulator. Channel
/// <c>training</c> holds the dataset, channel <c>manifest</c> the model manifest (or <c>model_card</c>
/// a model card, see <see cref="ModelManifestFile"/>); whatever the job
/// writes to <see cref="OutputPath"/> is uploaded as <c>model.tar.gz</c>.
/// </summary>
public static class SageMakerTrainingJobPath
{
    /// <summary>Root of everything SageMaker mounts.</summary>
    public const string Prefix = "/opt/ml";
    /// <summary>The input folder: channels under <c>data/</c>, the job's settings under <c>config/</c>.</summary>
    public const string InputDir = "/opt/ml/input";
    /// <summary>Folder of <c>hyperparameters.json</c> (and SageMaker's other config files).</summary>
    public const string ConfigDir = "/opt/ml/input/config";
    /// <summary>The dataset archive (channel <c>training</c>).</summary>
    public const string TrainingJobPath = "/opt/ml/input/data/training/dataset.zip";
    /// <summary>The model manifest (channel <c>manifest</c>).</summary>
    public const string ManifestPath = "/opt/ml/input/data/manifest/manifest.toml";
    /// <summary>The model card, when the model has one instead of a manifest (channel <c>model_card</c>).</summary>
    public const string ModelCardPath = "/opt/ml/input/data/model_card/README.md";
    /// <summary>The channel holding the dataset archive.</summary>
    public const string TrainingChannel = "training";
    /// <summary>The channel holding <c>manifest.toml</c>.</summary>
    public const string ManifestChannel = "manifest";
    /// <summary>The channel holding a model card's <c>README.md</c>.</summary>
    public const string ModelCardChannel = "model_card";
    /// <summary>The job's hyper-parameters (all values are strings).</summary>
    public const string ParamsPath = "/opt/ml/input/config/hyperparameters.json";
    /// <summary>Where predictions are written; uploaded after the job.</summary>
    public const string OutputPath = "/opt/ml/model";
    /// <summary>The job's output folder (the failure reason, extra data).</summary>
    public const string JobOutputDir = "/opt/ml/output";
    /// <summary>Where the trained model is persisted.</summary>
    public const string ModelPath = "/model.pkl";
    /// <summary>Where SageMaker reads a failure reason from.</summary>
    public const string FailurePath = "/opt/ml/output/failure";

    /// <summary>The folder of one input channel.</summary>
    public static string ChannelDir(string channel) => $"{InputDir}/data/{channel}";

    /// <summary>
    /// Bind mounts <c>host:container[:ro]</c> that give a container engine's job this layout, with
    /// each extra input (<see cref="JobRequest.Inputs"/>) read-only under its channel folder.
    /// </summary>
    public static IReadOnlyList<string> Mounts(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JobInput.CheckDistinct(request.InputList);
        List<string> mounts =
        [
            $"{request.DatasetFile}:{DatasetPathIn(request)}:ro",
            $"{request.ManifestFile}:{ModelManifestFile.ContainerPath(request.ManifestFile)}:ro",
            $"{request.ConfigDir}:{ConfigDir}:ro",
            $"{request.OutputDir}:{OutputPath}",
        ];
        foreach (var input in request.InputList)
            mounts.Add($"{input.HostPath}:{input.ContainerPath}:ro");
        if (request.CacheDir is { } cache) mounts.Add($"{cache}:{ModelCache.ContainerDir}");
        // Today's contract has no output option: its models write to /opt/program/output.
        if (request.Contract == ModelContract.E4) mounts.Add($"{request.OutputDir}:{ContainerContract.E4OutputPath}");
        return mounts;
    }

    /// <summary>
    /// Where the dataset file is inside the container: <see cref="TrainingJobPath"/>, or for an E4 job the splits
    /// archive under its own name in the training channel (an E4 model names its output after it).
    /// </summary>
    public static string DatasetPathIn(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Contract == ModelContract.E4
            ? $"{ChannelDir(TrainingChannel)}/{Path.GetFileName(request.DatasetFile)}"
            : TrainingJobPath;
    }

    /// <summary>
    /// The container's arguments: the command and <see cref="JobRequest.Arguments"/>; an E4 <c>train</c> is also
    /// given <c>--dataset-file</c> (that contract has no default path) and, for a model card, <c>--model-card-file</c>.
    /// </summary>
    public static IReadOnlyList<string> ContainerArguments(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Contract != ModelContract.E4 || request.Command != JobCommand.Train)
            return [request.CommandName, .. request.Arguments];
        List<string> args = ["train", "--dataset-file", DatasetPathIn(request)];
        if (ModelManifestFile.IsCard(request.ManifestFile))
            args.AddRange([ModelManifestFile.Option(request.ManifestFile), ModelManifestFile.ContainerPath(request.ManifestFile)]);
        args.AddRange(request.Arguments);
        return args;
    }

    /// <summary>
    /// Every variable a container engine sets for a job: <c>SM_CHANNEL_&lt;CHANNEL&gt;</c> = the channel
    /// folder for each extra input (as SageMaker sets them), the model cache's (<see cref="ModelCache"/>,
    /// at <see cref="ModelCache.ContainerDir"/>), and the <see cref="ForwardedVariables"/> set on the host.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ContainerVariables(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JobInput.CheckDistinct(request.InputList);
        return
        [
            .. request.InputList.Select(i => new KeyValuePair<string, string>(i.VariableName, i.ContainerDir)),
            .. ModelCache.Environment(request, ModelCache.ContainerDir),
            .. HostLimits(),
        ];
    }

    /// <summary>
    /// Host settings a job's program honours too: the archive memory budget (<c>PG2_MAX_ARCHIVE_BYTES</c>),
    /// so a model reads the archives the runner accepted. Local jobs inherit them; container and
    /// SageMaker jobs get them passed when set.
    /// </summary>
    public static IReadOnlyList<string> ForwardedVariables { get; } = ["PG2_MAX_ARCHIVE_BYTES"];

    /// <summary>The <see cref="ForwardedVariables"/> set (non-empty) in <paramref name="variable"/> (default: this process's environment).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> HostLimits(Func<string, string?>? variable = null) =>
        [.. ForwardedVariables
            .Select(name => new KeyValuePair<string, string>(name, (variable ?? Environment.GetEnvironmentVariable)(name) ?? ""))
            .Where(v => v.Value.Length > 0)];
}
