using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Pg2.Contracts;

/// <summary>
/// pg2's one way to run a program: a started child process whose standard output and error are
/// captured together, in arrival order, so a failed job's log reads like the terminal would have
/// shown it (standard output is also kept alone, for answers such as <c>pong</c>). Cancelling a wait,
/// <see cref="Kill"/>, <see cref="Dispose"/> and pg2's own orderly exit (<see cref="AppDomain.ProcessExit"/>:
/// a return from Main or <see cref="Environment.Exit"/>) kill the whole process tree, so no model
/// process outlives the run that started it. A SIGTERM nobody handles ends .NET without ProcessExit,
/// so the CLI turns SIGTERM into cancellation.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    static readonly ConcurrentDictionary<ChildProcess, byte> Running = new();

    readonly Process _process;
    readonly StringBuilder _log = new();
    readonly StringBuilder _output = new();
    readonly TaskCompletionSource _stdoutDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource _stderrDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    static ChildProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var child in Running.Keys) child.Kill();
    };

    ChildProcess(Process process) => _process = process;

    /// <summary>
    /// Starts <paramref name="file"/> with <paramref name="arguments"/> (each passed verbatim, no shell);
    /// <paramref name="standardInput"/>, when given, is written to the program and its input closed.
    /// </summary>
    /// <exception cref="InvalidInputException">The program cannot be started (not found, not executable).</exception>
    public static ChildProcess Start(string file, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
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
        child._process.OutputDataReceived += (_, e) => child.Append(e.Data, child._stdoutDone, child._output);
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data, child._stderrDone, null);
        try
        {
            child._process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            child.Dispose();
            throw new InvalidInputException($"cannot start '{file}': {e.Message}");
        }
        Running[child] = 0;
        if (standardInput is not null) child._process.StandardInput.Write(standardInput);
        child._process.StandardInput.Close();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs to completion; cancelling kills the process tree.</summary>
    public static async Task<ChildProcessResult> RunAsync(string file, IEnumerable<string> arguments, CancellationToken cancel,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null)
    {
        using var child = Start(file, arguments, workingDirectory, environment, standardInput);
        var code = await child.WaitAsync(cancel).ConfigureAwait(false);
        return new ChildProcessResult(code, child.Log, child.Output);
    }

    void Append(string? line, TaskCompletionSource done, StringBuilder? alone)
    {
        if (line is null) { done.TrySetResult(); return; }
        lock (_log)
        {
            _log.Append(line).Append('\n');
            alone?.Append(line).Append('\n');
        }
    }

    /// <summary>Standard output and error so far, interleaved as they arrived.</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>Standard output alone so far.</summary>
    public string Output { get { lock (_log) return _output.ToString(); } }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Waits for exit and for both streams to drain; returns the exit code. Cancelling kills the process tree.</summary>
    public async Task<int> WaitAsync(CancellationToken cancel)
    {
        try
        {
            await _process.WaitForExitAsync(cancel).ConfigureAwait(false);
            await Task.WhenAll(_stdoutDone.Task, _stderrDone.Task).WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }
        Running.TryRemove(this, out _);
        return _process.ExitCode;
    }

    /// <summary>Kills the process and all its descendants; no-op after exit.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { /* already gone, or never started */ }
        catch (System.ComponentModel.Win32Exception) { /* exiting while we kill it */ }
        Running.TryRemove(this, out _);
    }

    /// <summary>The last <paramref name="lines"/> non-empty lines of <paramref name="text"/>, joined by <c> | </c> (for one-line errors).</summary>
    public static string Tail(string text, int lines)
    {
        ArgumentNullException.ThrowIfNull(text);
        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <summary>Kills the process tree if it still runs and releases it.</summary>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}

/// <summary>How a program run to completion ended.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Log">Standard output and error, interleaved.</param>
/// <param name="Output">Standard output alone.</param>
public sealed record ChildProcessResult(int ExitCode, string Log, string Output);
