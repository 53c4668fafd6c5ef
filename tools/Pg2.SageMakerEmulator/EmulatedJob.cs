using Pg2.SageMaker.Api;

namespace Pg2.SageMakerEmulator;

/// <summary>One training job's state as the emulator tracks it; thread-safe.</summary>
public sealed class EmulatedJob(CreateTrainingJobRequest request, string arn, DateTimeOffset created)
{
    readonly Lock gate = new();
    string status = TrainingJobStatus.InProgress;
    string secondary = "Starting";
    string? failureReason;
    string? artifacts;
    DateTimeOffset? started, ended;

    /// <summary>The request the job was created with.</summary>
    public CreateTrainingJobRequest Request { get; } = request;
    /// <summary>The job's ARN.</summary>
    public string Arn { get; } = arn;
    /// <summary>Cancelled when a stop is requested or the run-time limit passes.</summary>
    public CancellationTokenSource Stop { get; } = new();
    /// <summary>Why <see cref="Stop"/> fired: <c>Stopped</c> or <c>MaxRuntimeExceeded</c>.</summary>
    public string StopCause { get; private set; } = "Stopped";

    /// <summary>Moves to a new secondary status while in progress.</summary>
    public void Progress(string secondaryStatus)
    {
        lock (gate) { if (status is TrainingJobStatus.InProgress) secondary = secondaryStatus; }
    }

    /// <summary>Marks the container start.</summary>
    public void MarkTrainingStarted(DateTimeOffset at) { lock (gate) started = at; }

    /// <summary>Requests a stop; returns false if the job already ended.</summary>
    public bool RequestStop(string cause = "Stopped")
    {
        lock (gate)
        {
            if (TrainingJobStatus.IsTerminal(status)) return false;
            if (status != TrainingJobStatus.Stopping) { status = TrainingJobStatus.Stopping; secondary = "Stopping"; StopCause = cause; }
        }
        Stop.Cancel();
        return true;
    }

    /// <summary>Ends the job with <paramref name="finalStatus"/>.</summary>
    public void Finish(string finalStatus, DateTimeOffset at, string? reason = null, string? modelArtifacts = null)
    {
        lock (gate)
        {
            status = finalStatus;
            secondary = finalStatus == TrainingJobStatus.Stopped ? StopCause : finalStatus;
            failureReason = reason;
            artifacts = modelArtifacts;
            ended = at;
        }
    }

    /// <summary>A <c>DescribeTrainingJob</c> answer for the job's current state.</summary>
    public DescribeTrainingJobResponse Describe()
    {
        lock (gate)
        {
            long? seconds = started is { } s && ended is { } e ? (long)Math.Ceiling((e - s).TotalSeconds) : null;
            return new DescribeTrainingJobResponse
            {
                TrainingJobName = Request.TrainingJobName,
                TrainingJobArn = Arn,
                TrainingJobStatus = status,
                SecondaryStatus = secondary,
                FailureReason = failureReason,
                ModelArtifacts = artifacts is null ? null : new ModelArtifacts(artifacts),
                TrainingTimeInSeconds = status == TrainingJobStatus.Completed ? seconds : null,
                BillableTimeInSeconds = status == TrainingJobStatus.Completed ? seconds : null,
                CreationTime = Created.ToUnixTimeMilliseconds() / 1000.0,
                TrainingStartTime = started?.ToUnixTimeMilliseconds() / 1000.0,
                TrainingEndTime = ended?.ToUnixTimeMilliseconds() / 1000.0,
                AlgorithmSpecification = Request.AlgorithmSpecification,
                HyperParameters = Request.HyperParameters,
            };
        }
    }

    /// <summary>When the job was created.</summary>
    public DateTimeOffset Created { get; } = created;
}
