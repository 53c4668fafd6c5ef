using System.Diagnostics;
using System.Text;

namespace Pg2.Cli.Tests;

/// <summary>The built CLI (pg2.dll beside the tests) as a child process: for signals and for commands run as a user runs them.</summary>
internal sealed class Pg2Process : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _out = new();
    readonly StringBuilder _err = new();

    Pg2Process(Process process) => _process = process;

    public static Pg2Process Start(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pg2.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        var p = new Pg2Process(new Process { StartInfo = info });
        p._process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (p._out) p._out.AppendLine(e.Data); };
        p._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (p._err) p._err.AppendLine(e.Data); };
        p._process.Start();
        p._process.StandardInput.Close();
        p._process.BeginOutputReadLine();
        p._process.BeginErrorReadLine();
        return p;
    }

    public int Id => _process.Id;

    public string Out { get { lock (_out) return _out.ToString(); } }

    public string Err { get { lock (_err) return _err.ToString(); } }

    /// <summary>Waits for the exit; returns the exit code, or fails the test (killing the process) after <paramref name="timeout"/>.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"pg2 {_process.StartInfo.ArgumentList.Skip(1).FirstOrDefault()} did not exit within {timeout.TotalSeconds} s\n{Out}\n{Err}");
        }
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    /// <summary>Sends a signal by name (TERM, INT), as <c>kill -TERM pid</c> does.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + name, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Runs to completion and returns what it printed.</summary>
    public static async Task<Pg2.Testing.CliResult> RunAsync(string workingDirectory, IEnumerable<string> args, TimeSpan timeout)
    {
        using var p = Start(workingDirectory, args);
        var code = await p.ExitCodeAsync(timeout);
        return new Pg2.Testing.CliResult(code, p.Out, p.Err);
    }

    /// <summary>Whether a process runs (exists and is not a zombie), from /proc.</summary>
    public static bool IsAlive(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return false; }
        // Fields after the command name, which is in parentheses and may hold spaces: "pid (comm) S ...".
        var state = stat[(stat.LastIndexOf(')') + 2)..][0];
        return state is not ('Z' or 'X');
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* never started or gone */ }
        _process.Dispose();
    }
}
