using System.Text.Json.Serialization;

namespace Pg2.SageMaker.Api;

// The SageMaker API's own JSON shapes (JSON 1.1 protocol, PascalCase keys), limited to the fields
// pg2 sends or reads. Property names are the wire names, so records serialise without a policy.

/// <summary>Body of <c>CreateTrainingJob</c>.</summary>
public sealed record CreateTrainingJobRequest
{
    /// <summary>Unique job name (1–63 characters, letters, digits and hyphens).</summary>
    public required string TrainingJobName { get; init; }
    /// <summary>Container image and input mode.</summary>
    public required AlgorithmSpecification AlgorithmSpecification { get; init; }
    /// <summary>IAM role SageMaker assumes to read inputs and write outputs.</summary>
    public required string RoleArn { get; init; }
    /// <summary>Input channels, each mounted at <c>/opt/ml/input/data/&lt;name&gt;/</c>.</summary>
    public required IReadOnlyList<Channel> InputDataConfig { get; init; }
    /// <summary>Where <c>model.tar.gz</c> goes.</summary>
    public required OutputDataConfig OutputDataConfig { get; init; }
    /// <summary>Instance type, count and volume size.</summary>
    public required ResourceConfig ResourceConfig { get; init; }
    /// <summary>Maximum run time.</summary>
    public required StoppingCondition StoppingCondition { get; init; }
    /// <summary>Hyper-parameters, written to <c>/opt/ml/input/config/hyperparameters.json</c> (all strings).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? HyperParameters { get; init; }
    /// <summary>Environment variables of the training container.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}

/// <summary>The training image and how inputs reach it.</summary>
/// <param name="TrainingImage">Image URI (ECR, or a local tag for the emulator).</param>
/// <param name="TrainingInputMode"><c>File</c>: channels are copied to local disk before start.</param>
/// <param name="ContainerArguments">Arguments replacing the default <c>train</c> (pg2 passes <c>train</c> and the fold options); null = <c>train</c>.</param>
public sealed record AlgorithmSpecification(
    string TrainingImage,
    string TrainingInputMode = "File",
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? ContainerArguments = null);

/// <summary>One input channel.</summary>
/// <param name="ChannelName">Channel name, the folder under <c>/opt/ml/input/data/</c>.</param>
/// <param name="DataSource">Where its data lives.</param>
public sealed record Channel(string ChannelName, DataSource DataSource);

/// <summary>A channel's data source.</summary>
/// <param name="S3DataSource">The S3 prefix to copy.</param>
public sealed record DataSource(S3DataSource S3DataSource);

/// <summary>An S3 prefix copied into a channel.</summary>
/// <param name="S3DataType"><c>S3Prefix</c>: every object under <see cref="S3Uri"/>.</param>
/// <param name="S3Uri">The <c>s3://bucket/prefix</c>.</param>
/// <param name="S3DataDistributionType"><c>FullyReplicated</c>: every instance gets all of it.</param>
public sealed record S3DataSource(string S3DataType, string S3Uri, string S3DataDistributionType);

/// <summary>Output location.</summary>
/// <param name="S3OutputPath">Prefix under which <c>&lt;job&gt;/output/model.tar.gz</c> is written.</param>
public sealed record OutputDataConfig(string S3OutputPath);

/// <summary>Compute for the job.</summary>
/// <param name="InstanceCount">Number of instances (pg2 uses 1).</param>
/// <param name="InstanceType">For example <c>ml.m5.xlarge</c>.</param>
/// <param name="VolumeSizeInGB">Storage volume size.</param>
public sealed record ResourceConfig(int InstanceCount, string InstanceType, int VolumeSizeInGB);

/// <summary>Run-time limit.</summary>
/// <param name="MaxRuntimeInSeconds">The job is stopped after this many seconds.</param>
public sealed record StoppingCondition(int MaxRuntimeInSeconds);

/// <summary>Response of <c>CreateTrainingJob</c>.</summary>
/// <param name="TrainingJobArn">The new job's ARN.</param>
public sealed record CreateTrainingJobResponse(string TrainingJobArn);

/// <summary>Body of <c>DescribeTrainingJob</c> and <c>StopTrainingJob</c>.</summary>
/// <param name="TrainingJobName">The job.</param>
public sealed record TrainingJobNameRequest(string TrainingJobName);

/// <summary>Where the job's model archive was written.</summary>
/// <param name="S3ModelArtifacts">The <c>s3://…/model.tar.gz</c> URI.</param>
public sealed record ModelArtifacts(string S3ModelArtifacts);

/// <summary>Response of <c>DescribeTrainingJob</c> (the fields pg2 uses).</summary>
public sealed record DescribeTrainingJobResponse
{
    /// <summary>The job name.</summary>
    public string TrainingJobName { get; init; } = "";
    /// <summary>The job ARN.</summary>
    public string? TrainingJobArn { get; init; }
    /// <summary><c>InProgress</c>, <c>Completed</c>, <c>Failed</c>, <c>Stopping</c> or <c>Stopped</c>.</summary>
    public string TrainingJobStatus { get; init; } = "";
    /// <summary>Finer-grained status (<c>Starting</c>, <c>Downloading</c>, <c>Training</c>, <c>Uploading</c>, …).</summary>
    public string? SecondaryStatus { get; init; }
    /// <summary>Why the job failed, when it did.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FailureReason { get; init; }
    /// <summary>The model archive, once the job completed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ModelArtifacts? ModelArtifacts { get; init; }
    /// <summary>Seconds the container ran.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? TrainingTimeInSeconds { get; init; }
    /// <summary>Seconds billed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? BillableTimeInSeconds { get; init; }
    /// <summary>Creation time, seconds since the Unix epoch.</summary>
    public double CreationTime { get; init; }
    /// <summary>Training start time, seconds since the Unix epoch.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TrainingStartTime { get; init; }
    /// <summary>Training end time, seconds since the Unix epoch.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TrainingEndTime { get; init; }
    /// <summary>The image and input mode the job was created with.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AlgorithmSpecification? AlgorithmSpecification { get; init; }
    /// <summary>The hyper-parameters the job was created with.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? HyperParameters { get; init; }
}

/// <summary>Values of <c>TrainingJobStatus</c>.</summary>
public static class TrainingJobStatus
{
    /// <summary>Running (or being set up).</summary>
    public const string InProgress = "InProgress";
    /// <summary>Finished; the model archive is in S3.</summary>
    public const string Completed = "Completed";
    /// <summary>Finished with an error; see <c>FailureReason</c>.</summary>
    public const string Failed = "Failed";
    /// <summary>A stop was requested and is under way.</summary>
    public const string Stopping = "Stopping";
    /// <summary>Stopped on request.</summary>
    public const string Stopped = "Stopped";

    /// <summary>True when the job will not change any more.</summary>
    public static bool IsTerminal(string status) => status is Completed or Failed or Stopped;
}
