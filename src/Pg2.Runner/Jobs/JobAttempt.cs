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
    /// <param name="engine">The engine.</param>
    /// <param name="request">The job.</param>
    /// <param name="timeout">Wall-clock limit; null = none.</param>
    /// <param name="cancel">The user's cancellation.</param>
    /// <param name="progress">Receives the job's newest log line while it runs (polled every <paramref name="pollInterval"/>); null = none.</param>
    /// <param name="pollInterval">How often the log is looked at for <paramref name="progress"/> (default 5 s).</param>
    public static async Task<JobAttempt> RunAsync(IEngine engine, JobRequest request, TimeSpan? timeout, CancellationToken cancel,
        Action<string>? progress = null, TimeSpan? pollInterval = null)
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
            using var watching = new CancellationTokenSource();
            var watcher = progress is null ? Task.CompletedTask : WatchAsync(job, progress, pollInterval ?? TimeSpan.FromSeconds(5), watching.Token);
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
            finally
            {
                await watching.CancelAsync().ConfigureAwait(false);
                await watcher.ConfigureAwait(false);
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

    /// <summary>
    /// Passes on the newest log line of a running job whenever it changed; a failing log read only skips a
    /// beat (progress is a courtesy; the job's own outcome is judged elsewhere).
    /// </summary>
    static async Task WatchAsync(IEngineJob job, Action<string> progress, TimeSpan interval, CancellationToken stop)
    {
        string last = "";
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                string log;
#pragma warning disable CA1031 // see the summary: a log read that fails is retried at the next tick
                try { log = await job.LogsAsync(stop).ConfigureAwait(false); }
                catch (Exception e) when (e is not OperationCanceledException) { continue; }
#pragma warning restore CA1031
                var line = LastLine(log);
                if (line.Length > 0 && line != last) progress(last = line);
            }
        }
        catch (OperationCanceledException)
        {
            // The job ended.
        }
    }

    /// <summary>The last non-empty line of <paramref name="log"/>, trimmed; "" when none.</summary>
    internal static string LastLine(string log)
    {
        var span = log.AsSpan().TrimEnd();
        int cut = span.LastIndexOfAny('\n', '\r');
        return span[(cut + 1)..].Trim().ToString();
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
