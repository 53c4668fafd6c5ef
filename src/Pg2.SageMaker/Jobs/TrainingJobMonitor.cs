using Pg2.SageMaker.Api;

namespace Pg2.SageMaker.Jobs;

/// <summary>
/// Polls <c>DescribeTrainingJob</c> until the job completes, fails or stops, or the timeout passes
/// (the original's loop: poll, sleep, give up with <c>Timeout</c>). Throttling and server errors of
/// single polls are retried by the client's policy.
/// </summary>
public sealed class TrainingJobMonitor(SageMakerClient client, TimeProvider? clock = null)
{
    readonly TimeProvider time = clock ?? TimeProvider.System;

    /// <summary>Told about every status seen (job, status, secondary status) — for progress output.</summary>
    public event Action<string, string, string?>? StatusSeen;

    /// <summary>Waits for <paramref name="jobName"/>; returns its outcome, or <c>Timeout</c>.</summary>
    public async Task<TrainingJobOutcome> WaitAsync(string jobName, TimeSpan pollInterval, TimeSpan timeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var start = time.GetTimestamp();
        while (true)
        {
            var job = await client.DescribeTrainingJobAsync(jobName, ct).ConfigureAwait(false);
            StatusSeen?.Invoke(jobName, job.TrainingJobStatus, job.SecondaryStatus);
            if (TrainingJobStatus.IsTerminal(job.TrainingJobStatus)) return TrainingJobOutcome.From(job);
            if (time.GetElapsedTime(start) > timeout)
                return new TrainingJobOutcome { Status = TrainingJobOutcome.Timeout, JobName = jobName };
            await Task.Delay(pollInterval, time, ct).ConfigureAwait(false);
        }
    }
}
