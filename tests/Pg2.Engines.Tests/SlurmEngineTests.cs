using Pg2.Contracts;
using Pg2.Engines.Local;
using Pg2.Engines.Slurm;

namespace Pg2.Engines.Tests;

/// <summary>
/// The slurm engine's script and its reading of job states, against a fake <c>sbatch</c> / <c>scontrol</c> /
/// <c>scancel</c> (shell scripts in a temp folder; each submitted job takes the next line of <c>plan</c>
/// as its state and exit code). CI's .ci/slurm.sh runs the engine on a real one-node Slurm.
/// </summary>
public sealed class SlurmEngineTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("pg2-slurm-engine-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { /* best effort */ }
    }

    [Fact]
    public void Script_ForAGpuModel_WithTheLocalRuntime_RequestsItsResourcesAndExecsTheProgram()
    {
        var options = new SlurmEngineOptions { SharedDir = "/shared", Partition = "gpu", Account = "lab", ExtraOptions = ["--qos=short"] };
        var request = ResourceRequestTests.Request(ResourceRequestTests.GpuModel, "/m/esm.dll");
        using var local = new LocalEngine();
        var script = SbatchScript.For(request, "/shared/jobs/g-1", "pg2-run:7", options, local.CommandFor(request));
        Assert.Equal("""
            #!/bin/bash
            #SBATCH --job-name=pg2-g-1
            #SBATCH --comment=pg2-run:7
            #SBATCH --output=/shared/jobs/g-1/log.txt
            #SBATCH --chdir=/shared/jobs/g-1
            #SBATCH --nodes=1
            #SBATCH --ntasks=1
            #SBATCH --no-requeue
            #SBATCH --cpus-per-task=2
            #SBATCH --mem=4096M
            #SBATCH --gres=gpu:1
            #SBATCH --time=0-01:30:00
            #SBATCH --partition=gpu
            #SBATCH --account=lab
            #SBATCH --qos=short
            # pg2 job g-1: model esm, 2 cpus, 4 GiB memory, 1 gpu, time 1h30m, runtime local
            export DOTNET_GCHeapHardLimit='0x100000000'
            export DOTNET_PROCESSOR_COUNT='2'
            export OMP_NUM_THREADS='2'
            export OPENBLAS_NUM_THREADS='2'
            export PG2_MODEL_PATH='/r/.run/model.pkl'
            exec 'DOTNET' '/m/esm.dll' 'train' '--dataset-file' '/data/d.zip' '--model-toml-file' '/m/esm/manifest.toml' '--output-dir' '/r/.run/output' '--test-fold' '0'

            """.Replace("\r", "", StringComparison.Ordinal).Replace("'DOTNET'", SbatchScript.Quote(LocalEngine.DotnetHost), StringComparison.Ordinal), script);
    }

    [Fact]
    public void Script_WithThePodmanRuntime_RunsTheImageWithCdiGpus_AndStopsItOnSignals()
    {
        var options = new SlurmEngineOptions { SharedDir = "/shared", Runtime = SlurmRuntime.Podman };
        var lines = SbatchScript.For(ResourceRequestTests.Request(ResourceRequestTests.GpuModel), "/shared/jobs/g-1", "t", options).Split('\n');
        Assert.Contains("trap 'podman kill pg2-g-1 >/dev/null 2>&1' TERM INT", lines);
        var run = Assert.Single(lines, l => l.StartsWith("podman ", StringComparison.Ordinal));
        Assert.Contains("'--memory' '4294967296' '--cpus' '2' '--device' 'nvidia.com/gpu=all' 'pg2/esm:latest' 'train'", run, StringComparison.Ordinal);
        Assert.EndsWith(" &", run, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0:30", "0-00:00:30")]
    [InlineData("1-02:03:04", "1-02:03:04")]
    [InlineData("1.2", "0-00:00:02")]
    public void TimeLimit_IsDaysHoursMinutesSeconds_RoundedUp(string given, string expected) =>
        Assert.Equal(expected, SbatchScript.TimeLimit(ModelResources.ParseDuration(given, "t")));

    [Theory]
    [InlineData("JobId=7 JobName=pg2-x JobState=COMPLETED Reason=None Dependency=(null) ExitCode=0:0", "COMPLETED", 0)]
    [InlineData("JobId=7 JobState=FAILED Reason=NonZeroExitCode ExitCode=3:0", "FAILED", 3)]
    [InlineData("JobId=7 JobState=TIMEOUT Reason=TimeLimit ExitCode=0:15", "TIMEOUT", 143)]
    public void State_IsReadFromScontrolsOneLineForm(string line, string state, int exit)
    {
        var s = SlurmJobState.Parse(line)!;
        Assert.Equal((state, exit), (s.State, s.ExitCode));
    }

    string FakeSlurm(params string[] plan)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        File.WriteAllLines(Path.Combine(bin, "plan"), plan);
        Tool(bin, "sbatch", """
            d="$(dirname "$0")"; n=$(( $(cat "$d/next" 2>/dev/null || echo 100) + 1 )); echo $n > "$d/next"
            cp "$2" "$d/script.$n"; echo "$n"
            """);
        Tool(bin, "scontrol", """
            d="$(dirname "$0")"; line=$(sed -n "$(( $4 - 100 ))p" "$d/plan")
            echo "JobId=$4 JobName=x JobState=${line% *} Reason=Test ExitCode=${line#* }:0"
            """);
        Tool(bin, "scancel", "echo \"$@\" >> \"$(dirname \"$0\")/cancelled\"");
        return bin;
    }

    static void Tool(string bin, string name, string body)
    {
        var path = Path.Combine(bin, name);
        File.WriteAllText(path, "#!/bin/bash\n" + body.Replace("\r", "", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    JobRequest RealRequest()
    {
        var input = Directory.CreateDirectory(Path.Combine(_dir, "in")).FullName;
        File.WriteAllText(Path.Combine(input, "d.zip"), "dataset");
        File.WriteAllText(Path.Combine(input, "manifest.toml"), "name = \"m\"\n");
        var config = Directory.CreateDirectory(Path.Combine(_dir, "run", "config")).FullName;
        File.WriteAllText(Path.Combine(config, "hyperparameters.json"), "{}\n");
        var output = Directory.CreateDirectory(Path.Combine(_dir, "run", "output")).FullName;
        return new JobRequest($"g-{Guid.NewGuid():N}", new ModelArtifact(new ModelSource("m", _dir, null, Path.Combine(input, "manifest.toml")), "build:1", "/m/m.dll"),
            Path.Combine(input, "d.zip"), Path.Combine(input, "manifest.toml"), config, output, [], new ModelResources(Time: TimeSpan.FromMinutes(1)));
    }

    SlurmEngine Engine(string bin, int retries = 2) => new(new SlurmEngineOptions
    {
        SharedDir = Path.Combine(_dir, "shared"), BinDir = bin, Retries = retries, PollInterval = TimeSpan.FromMilliseconds(100),
    });

    [Theory]
    [InlineData("COMPLETED 0", 0, false, false)]
    [InlineData("FAILED 3", 3, false, false)]
    [InlineData("TIMEOUT 0", 0, false, true)]
    [InlineData("OUT_OF_MEMORY 0", 0, true, false)]
    public async Task EndState_BecomesTheJobsExit(string plan, int code, bool oom, bool timedOut)
    {
        using var engine = Engine(FakeSlurm(plan));
        Assert.True(engine.EnforcesTimeLimit);
        await using var job = await engine.StartAsync(RealRequest(), CancellationToken.None);
        Assert.Equal(new JobExit(code, oom, timedOut), await job.WaitAsync(CancellationToken.None));
        Assert.Contains("sbatch: submitted job 101 (attempt 1) requesting time 1m", await job.LogsAsync(CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeFailureAndPreemption_AreSubmittedAgain_UpToTheRetries()
    {
        var bin = FakeSlurm("NODE_FAIL 0", "PREEMPTED 0", "COMPLETED 0");
        using var engine = Engine(bin, retries: 2);
        var request = RealRequest();
        await using var job = await engine.StartAsync(request, CancellationToken.None);
        Assert.Equal(new JobExit(0, false), await job.WaitAsync(CancellationToken.None));
        Assert.True(File.Exists(Path.Combine(bin, "script.103")));
        // The staged inputs are on the shared folder, not the runner's paths.
        Assert.Contains($"'--dataset-file' '{Path.Combine(_dir, "shared", "inputs")}", File.ReadAllText(Path.Combine(bin, "script.101")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelCache_OffTheSharedFolder_IsGivenToTheJobOnTheSharedFolder_TheSameForEveryRun()
    {
        var bin = FakeSlurm("COMPLETED 0", "COMPLETED 0");
        using var engine = Engine(bin);
        var cache = Path.Combine(_dir, "results", ".model-cache", "evmutation");
        foreach (var _ in new[] { 1, 2 })
        {
            await using var job = await engine.StartAsync(RealRequest() with { CacheDir = cache }, CancellationToken.None);
            await job.WaitAsync(CancellationToken.None);
        }
        var exports = new[] { "script.101", "script.102" }
            .Select(f => Assert.Single(File.ReadAllLines(Path.Combine(bin, f)), l => l.StartsWith("export PG2_MODEL_CACHE=", StringComparison.Ordinal)))
            .ToArray();
        Assert.Equal(exports[0], exports[1]);
        Assert.StartsWith($"export PG2_MODEL_CACHE='{Path.Combine(_dir, "shared", "model-cache")}{Path.DirectorySeparatorChar}", exports[0], StringComparison.Ordinal);
        Assert.EndsWith($"{Path.DirectorySeparatorChar}evmutation'", exports[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeFailure_PastTheRetries_FailsTheJobNamingTheState()
    {
        using var engine = Engine(FakeSlurm("NODE_FAIL 0", "BOOT_FAIL 0"), retries: 1);
        await using var job = await engine.StartAsync(RealRequest(), CancellationToken.None);
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => job.WaitAsync(CancellationToken.None));
        Assert.Equal("slurm job 102 ended BOOT_FAIL (Test) on each of 2 attempts", e.Message);
    }

    [Fact]
    public async Task Stop_AndDispose_CancelOnlyThisEnginesUnfinishedJobs()
    {
        var bin = FakeSlurm("RUNNING 0", "COMPLETED 0", "RUNNING 0");
        var engine = Engine(bin);
        var running = await engine.StartAsync(RealRequest(), CancellationToken.None);
        var done = await engine.StartAsync(RealRequest(), CancellationToken.None);
        Assert.Equal(0, (await done.WaitAsync(CancellationToken.None)).ExitCode);
        var stopped = await engine.StartAsync(RealRequest(), CancellationToken.None);
        await stopped.StopAsync();
        Assert.Equal(["103"], File.ReadAllLines(Path.Combine(bin, "cancelled")));
        engine.Dispose();
        Assert.Equal(["103", "101"], File.ReadAllLines(Path.Combine(bin, "cancelled")));
        await running.DisposeAsync();
    }

    [Fact]
    public async Task CancelledOutsidePg2_EndsTheWaitAsACancellation()
    {
        using var engine = Engine(FakeSlurm("CANCELLED 0"));
        await using var job = await engine.StartAsync(RealRequest(), CancellationToken.None);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.WaitAsync(CancellationToken.None));
        Assert.Contains("cancelled outside pg2", await job.LogsAsync(CancellationToken.None), StringComparison.Ordinal);
    }
}
