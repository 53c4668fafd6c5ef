using System.Globalization;
using Pg2.Contracts;

namespace Pg2.SageMaker.Engine;

/// <summary>
/// What the <c>sagemaker</c> engine needs beyond a game: the role, the S3 prefixes, where images
/// live, and how hard to drive the API. <see cref="FromEnvironment"/> reads the <c>PG2_SAGEMAKER_*</c>
/// variables so <c>pg2 benchmark run --engine sagemaker</c> needs no extra options.
/// </summary>
public sealed record SageMakerEngineSettings
{
    /// <summary>Region; null = the SDK's region chain.</summary>
    public string? Region { get; init; }
    /// <summary>Role ARN SageMaker assumes; when null, <see cref="RoleName"/> is looked up in IAM.</summary>
    public string? RoleArn { get; init; }
    /// <summary>Role name to look up when <see cref="RoleArn"/> is null.</summary>
    public string? RoleName { get; init; }
    /// <summary>Prefix for <c>datasets/</c> and <c>models/</c> (<c>bucket/prefix</c>).</summary>
    public required string TrainingDataPrefix { get; init; }
    /// <summary>Prefix the jobs write <c>&lt;job&gt;/output/model.tar.gz</c> under.</summary>
    public required string OutputPrefix { get; init; }
    /// <summary>
    /// Registry holding the model images, e.g. <c>123456789012.dkr.ecr.us-east-1.amazonaws.com</c>; each
    /// model's image is <c>&lt;registry&gt;/&lt;model&gt;:latest</c>. Null = the game's image reference
    /// (<c>pg2/&lt;model&gt;:latest</c>, what the local emulator runs).
    /// </summary>
    public string? ImageRegistry { get; init; }
    /// <summary>Instance type.</summary>
    public string InstanceType { get; init; } = "ml.m5.xlarge";
    /// <summary>Volume size in GB.</summary>
    public int VolumeSizeInGB { get; init; } = 5;
    /// <summary>Jobs that may exist at once (SageMaker accounts have a quota per instance type).</summary>
    public int MaxConcurrentJobs { get; init; } = 4;
    /// <summary>Longest wait between two status polls (polls start fast and back off to this).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>SageMaker endpoint override (the emulator).</summary>
    public string? SageMakerEndpoint { get; init; }
    /// <summary>S3 endpoint override (an S3-compatible server).</summary>
    public string? S3Endpoint { get; init; }

    /// <summary>
    /// Reads <c>PG2_SAGEMAKER_S3_TRAINING_DATA_PREFIX</c>, <c>PG2_SAGEMAKER_S3_OUTPUT_PREFIX</c>,
    /// <c>PG2_SAGEMAKER_ROLE_ARN</c> or <c>PG2_SAGEMAKER_ROLE_NAME</c>, and optionally
    /// <c>PG2_SAGEMAKER_IMAGE_REGISTRY</c>, <c>PG2_SAGEMAKER_INSTANCE_TYPE</c>, <c>PG2_SAGEMAKER_VOLUME_SIZE</c>,
    /// <c>PG2_SAGEMAKER_MAX_JOBS</c>, <c>PG2_SAGEMAKER_POLL_SECONDS</c>, <c>AWS_REGION</c>,
    /// <c>AWS_ENDPOINT_URL_SAGEMAKER</c>, <c>AWS_ENDPOINT_URL_S3</c>.
    /// </summary>
    public static SageMakerEngineSettings FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        string Required(string name) => read(name) is { Length: > 0 } v ? v
            : throw new InvalidInputException($"--engine sagemaker: set {name} (see docs/sagemaker.md)");
        var settings = new SageMakerEngineSettings
        {
            TrainingDataPrefix = Required("PG2_SAGEMAKER_S3_TRAINING_DATA_PREFIX"),
            OutputPrefix = Required("PG2_SAGEMAKER_S3_OUTPUT_PREFIX"),
            RoleArn = read("PG2_SAGEMAKER_ROLE_ARN") is { Length: > 0 } arn ? arn : null,
            RoleName = read("PG2_SAGEMAKER_ROLE_NAME") is { Length: > 0 } role ? role : null,
            ImageRegistry = read("PG2_SAGEMAKER_IMAGE_REGISTRY") is { Length: > 0 } reg ? reg.TrimEnd('/') : null,
            InstanceType = read("PG2_SAGEMAKER_INSTANCE_TYPE") is { Length: > 0 } it ? it : "ml.m5.xlarge",
            VolumeSizeInGB = Int("PG2_SAGEMAKER_VOLUME_SIZE", read, 5),
            MaxConcurrentJobs = Int("PG2_SAGEMAKER_MAX_JOBS", read, 4),
            PollInterval = TimeSpan.FromSeconds(Int("PG2_SAGEMAKER_POLL_SECONDS", read, 30)),
            Region = read("AWS_REGION") ?? read("AWS_DEFAULT_REGION"),
            SageMakerEndpoint = read("AWS_ENDPOINT_URL_SAGEMAKER"),
            S3Endpoint = read("AWS_ENDPOINT_URL_S3"),
        };
        if (settings.RoleArn is null && settings.RoleName is null)
            throw new InvalidInputException("--engine sagemaker: set PG2_SAGEMAKER_ROLE_ARN or PG2_SAGEMAKER_ROLE_NAME to the role SageMaker runs jobs as (see docs/sagemaker.md)");
        return settings;
    }

    static int Int(string name, Func<string, string?> read, int fallback)
    {
        var text = read(name);
        if (string.IsNullOrEmpty(text)) return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v
            : throw new InvalidInputException($"{name}: expected a positive integer, got '{text}'");
    }
}
