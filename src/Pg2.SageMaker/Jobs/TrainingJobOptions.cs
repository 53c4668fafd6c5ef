using System.Globalization;
using System.Text.RegularExpressions;
using Pg2.SageMaker.Api;
using Pg2.SageMaker.Storage;
using Pg2.Contracts;

namespace Pg2.SageMaker.Jobs;

/// <summary>
/// What one training job needs, named as the original <c>pg2-benchmark sagemaker create-training-job</c>
/// options were; <see cref="ToRequest"/> builds the same request that command sent (channels
/// <c>training</c> and <c>manifest</c>, File input mode, 24 h stopping condition) plus hyper-parameters.
/// </summary>
public sealed partial record TrainingJobOptions
{
    /// <summary>The longest run SageMaker allows the job (the original used 24 h).</summary>
    public const int MaxRuntimeInSeconds = 86_400;

    /// <summary>Training job name.</summary>
    public required string JobName { get; init; }
    /// <summary>IAM role ARN SageMaker assumes.</summary>
    public required string RoleArn { get; init; }
    /// <summary>Training image URI.</summary>
    public required string ImageUri { get; init; }
    /// <summary>Prefix holding <c>datasets/</c> and <c>models/</c> (<c>bucket/prefix</c> or <c>s3://…</c>).</summary>
    public required string TrainingDataPrefix { get; init; }
    /// <summary>Output prefix; the archive lands at <c>&lt;prefix&gt;/&lt;job&gt;/output/model.tar.gz</c>.</summary>
    public required string OutputPrefix { get; init; }
    /// <summary>Folder under <c>datasets/</c> holding the dataset archive.</summary>
    public required string DatasetPrefix { get; init; }
    /// <summary>Folder under <c>models/</c> holding the model manifest.</summary>
    public required string ModelPrefix { get; init; }
    /// <summary>Instance type, e.g. <c>ml.m5.xlarge</c>.</summary>
    public string InstanceType { get; init; } = "ml.m5.xlarge";
    /// <summary>Volume size in GB.</summary>
    public int VolumeSizeInGB { get; init; } = 5;
    /// <summary>Seconds SageMaker lets the job run before stopping it (the model's declared time; default 24 h, at most 28 days).</summary>
    public int RuntimeLimitInSeconds { get; init; } = MaxRuntimeInSeconds;
    /// <summary>Hyper-parameters from the model manifest (all values strings).</summary>
    public IReadOnlyDictionary<string, string>? HyperParameters { get; init; }

    /// <summary>Channels besides <c>training</c> and <c>manifest</c> (the job's extra inputs), in order.</summary>
    public IReadOnlyList<Channel> ExtraChannels { get; init; } = [];

    /// <summary>The S3 location of the dataset channel.</summary>
    public S3Location TrainingChannel => S3Location.Parse(TrainingDataPrefix, "--s3-training-data-prefix").Append("datasets").Append(DatasetPrefix);
    /// <summary>The channel of the model's manifest: <c>manifest</c>, or <c>model_card</c> for a model card (<see cref="ModelManifestFile"/>).</summary>
    public string ManifestChannelName { get; init; } = SageMakerTrainingJobPath.ManifestChannel;
    /// <summary>The S3 location of the manifest channel.</summary>
    public S3Location ManifestChannel => S3Location.Parse(TrainingDataPrefix, "--s3-training-data-prefix").Append("models").Append(ModelPrefix);
    /// <summary>The S3 output path.</summary>
    public S3Location OutputPath => S3Location.Parse(OutputPrefix, "--s3-output-prefix");

    /// <summary>Builds the <c>CreateTrainingJob</c> request; throws <see cref="InvalidInputException"/> on bad values.</summary>
    public CreateTrainingJobRequest ToRequest()
    {
        ValidateJobName(JobName);
        if (VolumeSizeInGB < 1) throw new InvalidInputException($"--volume-size: expected a positive number of GB, got {VolumeSizeInGB}");
        if (string.IsNullOrWhiteSpace(ImageUri)) throw new InvalidInputException("--ecr-repository-uri: expected an image URI");
        if (string.IsNullOrWhiteSpace(InstanceType)) throw new InvalidInputException("--instance-type: expected an instance type such as ml.m5.xlarge");
        if (RuntimeLimitInSeconds is < 1 or > 2_419_200) throw new InvalidInputException($"time limit: SageMaker allows 1 s to 28 days, got {RuntimeLimitInSeconds} s");
        return new CreateTrainingJobRequest
        {
            TrainingJobName = JobName,
            ResourceConfig = new ResourceConfig(1, InstanceType, VolumeSizeInGB),
            AlgorithmSpecification = new AlgorithmSpecification(ImageUri, "File"),
            OutputDataConfig = new OutputDataConfig(OutputPath.ToString()),
            StoppingCondition = new StoppingCondition(RuntimeLimitInSeconds),
            RoleArn = RoleArn,
            InputDataConfig =
            [
                new Channel("training", new DataSource(new S3DataSource("S3Prefix", TrainingChannel.ToString(), "FullyReplicated"))),
                new Channel(ManifestChannelName, new DataSource(new S3DataSource("S3Prefix", ManifestChannel.ToString(), "FullyReplicated"))),
                .. ExtraChannels,
            ],
            HyperParameters = HyperParameters is { Count: > 0 } ? HyperParameters : null,
        };
    }

    /// <summary>The original's job name: <c>&lt;model&gt;-&lt;yyyyMMdd-HHmmss&gt;</c> (UTC).</summary>
    public static string DefaultJobName(string modelName, DateTime utcNow) =>
        Sanitize($"{modelName}-{utcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");

    /// <summary>
    /// Makes <paramref name="name"/> a valid job name: letters, digits and single hyphens, at most 63
    /// characters (the tail, which carries the unique suffix, is kept).
    /// </summary>
    public static string Sanitize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var s = NotNameChars().Replace(name, "-").Trim('-');
        s = Hyphens().Replace(s, "-");
        if (s.Length > 63) s = s[^63..].TrimStart('-');
        return s.Length == 0 ? "pg2" : s;
    }

    /// <summary>Throws unless <paramref name="name"/> is a valid SageMaker job name.</summary>
    public static void ValidateJobName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 63 || !JobNamePattern().IsMatch(name))
            throw new InvalidInputException($"--job-name: expected 1-63 letters, digits or hyphens (not at the start or end), got '{name}'");
    }

    [GeneratedRegex("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")]
    private static partial Regex JobNamePattern();
    [GeneratedRegex("[^a-zA-Z0-9-]+")]
    private static partial Regex NotNameChars();
    [GeneratedRegex("-{2,}")]
    private static partial Regex Hyphens();
}
