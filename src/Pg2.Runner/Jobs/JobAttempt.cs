using Pg2.Contracts;

namespace Pg2.Runner.Jobs;

/// <summary>
/// One run of a job through an engine: start, wait under the timeout, read the logs, release.
/// Whatever the engine throws becomes <see cref="EngineError"/>, so an infrastructure fault fails
/// this job only; the user's cancellation still stops the job and propagates.
/// </summary>
/// <param name="Exit">How the program ended; null when it was stopped or never ended.</param>
/// <param name="TimedOut">Stopped because it ran past the timeout.</param>
/// <param name="Log">The job's output as far as the engine could give it.</param>
/// <param name="EngineError">What the engine failed at, with its message; null when it did not fail.</param>
internal sealed record JobAttempt(JobExit? Exit, bool TimedOut, string Log, string? EngineError)
{
    /// <summary>Runs <paramref name="request"/> on <paramref name="engine"/>; throws only <see cref="OperationCanceledException"/> for <paramref name="cancel"/>.</summary>
    public static async Task<JobAttempt> RunAsync(IEngine engine, JobRequest request, TimeSpan? timeout, CancellationToken cancel)
    {
        IEngineJob? job = null;
        var stage = "start";
        JobExit? exit = null;
        var timedOut = false;
        var log = "";
        string? error = null;
        try
        {
            job = await engine.StartAsync(request, cancel).ConfigureAwait(false);
            stage = "wait for";
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            if (timeout is { } t) deadline.CancelAfter(t);
            try
            {
                exit = await job.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                // The timeout, or the engine gave up waiting by itself: either way the job must not outlive its record.
                timedOut = deadline.IsCancellationRequested;
                stage = "stop";
                await job.StopAsync().ConfigureAwait(false);
            }
            stage = "read the logs of";
            log = await job.LogsAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancel.IsCancellationRequested)
        {
            error = $"the {engine.Name} engine failed to {stage} the job: {e.Message}";
            if (job is not null)
            {
                await QuietlyAsync(job.StopAsync).ConfigureAwait(false);
                await QuietlyAsync(async () => log = await job.LogsAsync(CancellationToken.None).ConfigureAwait(false)).ConfigureAwait(false);
            }
        }
        catch
        {
            // Ctrl-C: kill the job and release it; a failing engine must not hide the cancellation.
            if (job is not null)
            {
                await QuietlyAsync(job.StopAsync).ConfigureAwait(false);
                await QuietlyAsync(() => job.DisposeAsync().AsTask()).ConfigureAwait(false);
            }
            cancel.ThrowIfCancellationRequested();
            throw;
        }

        if (job is not null)
        {
            try
            {
                await job.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
            {
                error ??= $"the {engine.Name} engine failed to release the job: {e.Message}";
            }
        }
        return new JobAttempt(exit, timedOut, log, error);
    }

    /// <summary>Best-effort clean-up: the first failure is what the record reports.</summary>
    static async Task QuietlyAsync(Func<Task> action)
    {
#pragma warning disable CA1031 // clean-up after a failure already recorded; a second error adds nothing
        try { await action().ConfigureAwait(false); }
        catch (Exception) { /* see above */ }
#pragma warning restore CA1031
    }
}
