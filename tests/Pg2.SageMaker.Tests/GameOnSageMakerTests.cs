using System.Diagnostics;
using Pg2.Contracts;
using Pg2.Engines.Docker;
using Pg2.Runner.Games;
using Pg2.Runner.Jobs;
using Pg2.Runner.Reports;
using Pg2.SageMaker.Engine;

namespace Pg2.SageMaker.Tests;

/// <summary>
/// A test that needs a Docker daemon with the image <c>pg2/pls:latest</c> (built by .ci/containers.sh).
/// Skipped when either is missing — unless PG2_REQUIRE_DOCKER=1, where it runs and fails.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("PG2_REQUIRE_DOCKER") == "1") return;
        if (!TestEnvironment.S3rverInstalled && !TestEnvironment.RequireS3) Skip = "s3rver is not installed: run .ci/sagemaker.sh";
        else if (!ImagePresent("pg2/pls:latest")) Skip = "no Docker daemon with image pg2/pls:latest: run .ci/containers.sh";
    }

    internal static bool ImagePresent(string image)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("docker", ["image", "inspect", image])
                { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (p is null) return false;
            p.StandardOutput.ReadToEnd();
            p.WaitForExit(30_000);
            return p.HasExited && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>The quickstart game through the SageMaker engine (emulator + s3rver + real containers) gives the docker engine's leaderboard.</summary>
[Collection("s3rver")]
public sealed class GameOnSageMakerTests(S3rverFixture s3)
{
    sealed class Silent : IRunObserver
    {
        public void Planned(int total, int cached) { }
        public void Message(string text) { }
        public void Started(BenchmarkJob job) { }
        public void Finished(BenchmarkJob job, JobRecord record, bool cached) { }
    }

    [DockerFact]
    public async Task QuickstartGame_SameLeaderboardAsDockerEngine()
    {
        var game = GameFile.Load(Path.Combine(TestEnvironment.RepoRoot, "benchmarks", "quickstart.toml"));
        var dir = TestEnvironment.TempDir("game");
        var viaDocker = Path.Combine(dir, "docker");
        var viaSageMaker = Path.Combine(dir, "sagemaker");

        using (var docker = new DockerEngine())
            await new BenchmarkRunner(docker, new RunOptions { ResultsDir = viaDocker, Parallelism = 2 }, new Silent()).RunAsync(game, CancellationToken.None);

        await using var emulator = await EmulatorHost.StartAsync(s3.Endpoint, "docker");
        using (var engine = new SageMakerEngine(new SageMakerEngineSettings
               {
                   RoleArn = "arn:aws:iam::000000000000:role/pg2-test",
                   TrainingDataPrefix = $"{S3rverFixture.Bucket}/game-data",
                   OutputPrefix = $"{S3rverFixture.Bucket}/game-out",
                   PollInterval = TimeSpan.FromMilliseconds(500),
               }, TestEnvironment.Connection(emulator.Endpoint, s3.Endpoint)))
        {
            var summary = await new BenchmarkRunner(engine, new RunOptions { ResultsDir = viaSageMaker, Parallelism = 2 }, new Silent()).RunAsync(game, CancellationToken.None);
            Assert.Equal(0, summary.Failed);
            Assert.All(summary.Outcomes, o => Assert.Equal("sagemaker", o.Record.Engine));
        }

        var expected = Leaderboard.Build(viaDocker).Rows;
        var actual = Leaderboard.Build(viaSageMaker).Rows;
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal((e.Model, e.Dataset, e.Split, e.Target, e.Failed), (a.Model, a.Dataset, a.Split, a.Target, a.Failed));
            Assert.Equal(e.Values, a.Values);
        }
        Directory.Delete(dir, true);
    }
}
