using System.Globalization;
using System.Text.Json;
using Pg2.Contracts;
using Pg2.Testing;

namespace Pg2.Cli.Tests;

/// <summary>
/// <c>kill -TERM</c> (and Ctrl-C's SIGINT) of a running <c>pg2 benchmark run</c>: the built CLI runs
/// as a child process with the local engine on a model that, on the "slow" dataset, starts a
/// grandchild and sleeps. The signal must stop the job — model and grandchild gone — leave no
/// <c>.run/</c> work folder, exit 130, and a rerun must keep the finished job and run the stopped one.
/// </summary>
public sealed class BenchmarkSignalTests : IDisposable
{
    static readonly TimeSpan Startup = TimeSpan.FromMinutes(4); // includes the model's dotnet build on a busy machine
    static readonly TimeSpan Shutdown = TimeSpan.FromSeconds(30);

    readonly TempFolder _dir = new("benchmark-signal");

    public void Dispose() => _dir.Dispose();

    // A model program: on a dataset named slow* with SLEEPER_PIDS set it starts `sleep`, records both
    // pids (the model's last, atomically) and sleeps; otherwise it writes a predictions file at once.
    const string Program = """
        using System.Diagnostics;
        string Arg(string name) => args[Array.IndexOf(args, name) + 1];
        var output = Arg("--output-dir");
        var pids = Environment.GetEnvironmentVariable("SLEEPER_PIDS");
        if (!string.IsNullOrEmpty(pids) && Path.GetFileName(Arg("--dataset-file")).StartsWith("slow"))
        {
            var child = Process.Start("sleep", "600");
            File.WriteAllText(Path.Combine(pids, "child.pid"), child.Id.ToString());
            File.WriteAllText(Path.Combine(pids, "model.tmp"), Environment.ProcessId.ToString());
            File.Move(Path.Combine(pids, "model.tmp"), Path.Combine(pids, "model.pid"));
            Thread.Sleep(Timeout.Infinite);
        }
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "predictions.csv"), "sequence,test,pred\nAAA,1,1.5\nAAC,2,1.0\nAAD,3,3.5\nAAE,4,4.0\n");
        """;

    string Game()
    {
        _dir.File("models/sleeper/sleeper.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        _dir.File("models/sleeper/Program.cs", Program);
        _dir.File("models/sleeper/manifest.toml", "name = \"sleeper\"\n");
        // Real archives (the game is checked before its first job); the model tells them apart by file name only.
        _dir.File("data/fast.zip", "");
        _dir.File("data/slow.zip", "");
        foreach (var name in new[] { "fast", "slow" })
            File.Copy(Repository.SharedData("seed", "dummy", "dataset.zip"), Path.Combine(_dir.Path, "data", name + ".zip"), overwrite: true);
        return _dir.File("game.toml", """
            name = "signals"
            kind = "supervised"
            metrics = ["spearman", "mse"]
            [[datasets]]
            path = "data/fast.zip"
            target = "charge"
            [[datasets]]
            path = "data/slow.zip"
            target = "charge"
            [[models]]
            path = "models/sleeper"
            """);
    }

    async Task StopWhileTheSlowJobRuns(string game, string results, string signal)
    {
        var pids = Directory.CreateDirectory(_dir[$"pids-{signal}"]).FullName;
        using var pg2 = Pg2Process.Start(_dir.Path, ["benchmark", "run", game, "--results", results, "--jobs", "1"],
            new Dictionary<string, string> { ["SLEEPER_PIDS"] = pids });
        var modelPid = Path.Combine(pids, "model.pid");
        using (var deadline = new CancellationTokenSource(Startup))
            while (!File.Exists(modelPid))
            {
                Assert.False(deadline.IsCancellationRequested, $"the slow job did not start within {Startup}\n{pg2.Out}\n{pg2.Err}");
                Assert.True(Pg2Process.IsAlive(pg2.Id), $"pg2 exited before the slow job started\n{pg2.Out}\n{pg2.Err}");
                await Task.Delay(100);
            }
        var model = int.Parse(File.ReadAllText(modelPid), CultureInfo.InvariantCulture);
        var child = int.Parse(File.ReadAllText(Path.Combine(pids, "child.pid")), CultureInfo.InvariantCulture);
        Assert.True(Pg2Process.IsAlive(model) && Pg2Process.IsAlive(child), "the model should be running before the signal");

        pg2.Signal(signal);
        var code = await pg2.ExitCodeAsync(Shutdown);

        Assert.True(code == ExitCodes.Interrupted, $"SIG{signal}: exit {code}\n{pg2.Out}\n{pg2.Err}");
        Assert.Contains("pg2: interrupted", pg2.Err, StringComparison.Ordinal);
        Assert.False(Pg2Process.IsAlive(model), $"SIG{signal}: the model process {model} is still running");
        Assert.False(Pg2Process.IsAlive(child), $"SIG{signal}: the model's child process {child} is still running");
        Assert.Empty(Directory.GetDirectories(results, ".run", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(results, "signals", "fast", "sleeper", "job.json")), "the finished job keeps its record");
        Assert.False(File.Exists(Path.Combine(results, "signals", "slow", "sleeper", "job.json")), "the stopped job has no record");
    }

    [Fact]
    public async Task SigtermAndSigint_StopTheRunningModel_LeaveNoWorkFolder_Exit130_AndTheRerunResumes()
    {
        var game = Game();
        var results = _dir["results"];

        await StopWhileTheSlowJobRuns(game, results, "TERM");
        await StopWhileTheSlowJobRuns(game, results, "INT");

        // Without SLEEPER_PIDS the slow job finishes: the rerun runs only it.
        var rerun = await Pg2Process.RunAsync(_dir.Path, ["benchmark", "run", game, "--results", results, "--json"], Startup);
        Assert.True(rerun.Code == ExitCodes.Success, rerun.ToString());
        using var summary = JsonDocument.Parse(rerun.Out);
        Assert.Equal(1, summary.RootElement.GetProperty("cached").GetInt32());
        Assert.Equal(1, summary.RootElement.GetProperty("executed").GetInt32());
        Assert.Equal(0, summary.RootElement.GetProperty("failed").GetInt32());
    }
}
