using System.Text.Json.Serialization;
using Pg2.SageMaker.Api;

namespace Pg2.SageMaker.Jobs;

/// <summary>
/// The result of monitoring a job, in the original <c>monitor-training-job</c>'s shape:
/// <c>Completed</c> carries artefacts and times, <c>Failed</c> its reason, <c>Stopped</c> and
/// <c>Timeout</c> only the name.
/// </summary>
public sealed record TrainingJobOutcome
{
    /// <summary><c>Completed</c>, <c>Failed</c>, <c>Stopped</c> or <c>Timeout</c>.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }
    /// <summary>The job.</summary>
    [JsonPropertyName("job_name")] public required string JobName { get; init; }
    /// <summary>Where the model archive is (Completed only).</summary>
    [JsonPropertyName("model_artifacts"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ModelArtifacts? ModelArtifacts { get; init; }
    /// <summary>Seconds of training (Completed only).</summary>
    [JsonPropertyName("training_time"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? TrainingTime { get; init; }
    /// <summary>Seconds billed (Completed only).</summary>
    [JsonPropertyName("billable_time"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? BillableTime { get; init; }
    /// <summary>Why it failed, or <c>Unknown</c> (Failed only).</summary>
    [JsonPropertyName("failure_reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FailureReason { get; init; }

    /// <summary>The status reported when the monitor gives up waiting.</summary>
    public const string Timeout = "Timeout";

    /// <summary>The outcome for a job that reached a terminal status.</summary>
    public static TrainingJobOutcome From(DescribeTrainingJobResponse job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.TrainingJobStatus switch
        {
            TrainingJobStatus.Completed => new TrainingJobOutcome
            {
                Status = job.TrainingJobStatus, JobName = job.TrainingJobName, ModelArtifacts = job.ModelArtifacts,
                TrainingTime = job.TrainingTimeInSeconds, BillableTime = job.BillableTimeInSeconds,
            },
            TrainingJobStatus.Failed => new TrainingJobOutcome
            {
                Status = job.TrainingJobStatus, JobName = job.TrainingJobName,
                FailureReason = string.IsNullOrEmpty(job.FailureReason) ? "Unknown" : job.FailureReason,
            },
            _ => new TrainingJobOutcome { Status = job.TrainingJobStatus, JobName = job.TrainingJobName },
        };
    }
}
