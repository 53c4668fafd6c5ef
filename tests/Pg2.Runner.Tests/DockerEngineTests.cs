using Pg2.Runner.Engines;
using Pg2.Runner.Games;
using Pg2.Runner.Jobs;

namespace Pg2.Runner.Tests;

/// <summary>The docker engine against the real daemon, with a shell-script model image (Fixtures/fake-model).</summary>
public class DockerEngineTests
{
    const string Image = "pg2-test/fake-model:latest";
    static readonly string FakeModel = Path.Combine(AppContext.BaseDirectory, "Fixtures", "fake-model");

    static string Game(Workspace ws, string[] modes, string extra = "")
    {
        ws.Archive("data/fake_data.zip"); // the fake model only checks it is mounted read-only
        var models = string.Concat(modes.Select(m =>
        {
            ws.File($"manifests/{m}.toml", $"name = \"fake\"\n# mode: {m}\n");
            return $"[[models]]\nname = \"{m}\"\npath = \"{FakeModel}\"\nimage = \"{Image}\"\nmanifest = \"manifests/{m}.toml\"\n";
        }));
        return ws.File("g.toml", $"name = \"docker\"\nkind = \"supervised\"\nmetrics = [\"spearman\"]\n{extra}\n[[datasets]]\npath = \"data/fake_data.zip\"\n{models}");
    }

    static RunSummary Run(Workspace ws, string game, RunOptions? options = null)
    {
        DockerDaemon.Require();
        using var engine = new DockerEngine(DockerDaemon.Socket);
        var runner = new BenchmarkRunner(engine, (options ?? new RunOptions()) with { ResultsDir = ws.Results }, new CountingObserver());
        return runner.RunAsync(GameFile.Load(game), CancellationToken.None).GetAwaiter().GetResult();
    }

    static void BuildImage()
    {
        DockerDaemon.Require();
        // Always rebuild (layers are cached) so the image matches the fixture's script.
        var model = new GameModel("fake", FakeModel, Image, Path.Combine(FakeModel, "Dockerfile"));
        ImageBuild.RunAsync("docker", model, Image, TextWriter.Null, CancellationToken.None).GetAwaiter().GetResult();
    }

    [DockerFact]
    public void Docker_RunsModelWithSageMakerLayoutAndRecordsFailures()
    {
        BuildImage();
        using var ws = new Workspace();
        var game = Game(ws, ["ok", "fail"]);
        var summary = Run(ws, game);

        var ok = summary.Outcomes.Single(o => o.Job.Model.Name == "ok").Record;
        Assert.Equal(JobStatus.Succeeded, ok.Status);
        Assert.StartsWith("sha256:", ok.Artifact);
        Assert.Equal("docker", ok.Engine);
        var dir = Path.Combine(ws.Results, "docker", "fake_data", "ok");
        Assert.Contains("AAD,3,3.5", File.ReadAllText(Path.Combine(dir, "predictions.csv")));
        Assert.Contains("args: train", File.ReadAllText(Path.Combine(dir, "log.txt")));

        var failed = summary.Outcomes.Single(o => o.Job.Model.Name == "fail").Record;
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Equal(7, failed.ExitCode);
        Assert.Contains("training failed: boom", failed.LogTail);

        // Unchanged inputs and image: nothing runs again.
        var again = Run(ws, game);
        Assert.Equal(2, again.Cached);
    }

    [DockerFact]
    public void Docker_TimeoutKillsAndRemovesTheContainer()
    {
        BuildImage();
        using var ws = new Workspace();
        var summary = Run(ws, Game(ws, ["sleep"]), new RunOptions { Timeout = TimeSpan.FromSeconds(3) });
        var record = Assert.Single(summary.Outcomes).Record;
        Assert.Equal(FailureKind.Timeout, record.Failure);
        Assert.True(record.DurationSeconds < 30, $"took {record.DurationSeconds} s");
    }

    [DockerFact]
    public void Docker_MemoryLimitIsEnforcedAndReportedAsOom()
    {
        BuildImage();
        using var ws = new Workspace();
        var summary = Run(ws, Game(ws, ["oom"]), new RunOptions { Limits = new JobLimits(32L << 20, 1) });
        var record = Assert.Single(summary.Outcomes).Record;
        Assert.Equal(JobStatus.Failed, record.Status);
        Assert.Equal(FailureKind.Oom, record.Failure);
    }

    [Fact]
    public void UsesRepositoryPaths_DecidesTheBuildContext()
    {
        Assert.True(ImageBuild.UsesRepositoryPaths(["FROM x", "COPY src/Pg2.Sdk/ /build/src/Pg2.Sdk/"]));
        Assert.True(ImageBuild.UsesRepositoryPaths(["ADD models/pls /m"]));
        Assert.False(ImageBuild.UsesRepositoryPaths(["FROM x", "COPY train.sh /train.sh", "RUN echo src/"]));
    }
}
