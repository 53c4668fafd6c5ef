using System.Diagnostics;
using System.Text;

namespace Pg2.Runner.Engines;

/// <summary>
/// A started child process whose standard output and error are captured together, in arrival
/// order, so a failed job's log reads like the terminal would have shown it.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _log = new();
    readonly TaskCompletionSource _stdoutDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource _stderrDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    ChildProcess(Process process) => _process = process;

    /// <summary>Starts <paramref name="file"/> with <paramref name="arguments"/> (each passed verbatim, no shell).</summary>
    public static ChildProcess Start(string file, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (k, v) in environment) info.Environment[k] = v;
        var child = new ChildProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        child._process.OutputDataReceived += (_, e) => child.Append(e.Data, child._stdoutDone);
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data, child._stderrDone);
        try
        {
            child._process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            child.Dispose();
            throw new Pg2.Contracts.InvalidInputException($"cannot start '{file}': {e.Message}");
        }
        child._process.StandardInput.Close();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    void Append(string? line, TaskCompletionSource done)
    {
        if (line is null) { done.TrySetResult(); return; }
        lock (_log) _log.Append(line).Append('\n');
    }

    /// <summary>Everything written so far.</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>Waits for exit and for both streams to drain; returns the exit code.</summary>
    public async Task<int> WaitAsync(CancellationToken cancel)
    {
        await _process.WaitForExitAsync(cancel).ConfigureAwait(false);
        await Task.WhenAll(_stdoutDone.Task, _stderrDone.Task).WaitAsync(cancel).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Kills the process and its children; no-op after exit.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { /* already gone */ }
    }

    /// <summary>Runs to completion; returns exit code and log. Cancelling kills the process.</summary>
    public static async Task<(int ExitCode, string Log)> RunAsync(string file, IEnumerable<string> arguments,
        CancellationToken cancel, string? workingDirectory = null)
    {
        using var child = Start(file, arguments, workingDirectory);
        try
        {
            var code = await child.WaitAsync(cancel).ConfigureAwait(false);
            return (code, child.Log);
        }
        catch (OperationCanceledException)
        {
            child.Kill();
            throw;
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
