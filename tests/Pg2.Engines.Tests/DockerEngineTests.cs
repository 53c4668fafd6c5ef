using Docker.DotNet;
using Pg2.Contracts;
using Pg2.Engines.Docker;
using Pg2.Engines.Images;

namespace Pg2.Engines.Tests;

/// <summary>The docker engine against the real daemon, with a shell-script model image (Fixtures/fake-model).</summary>
public sealed class DockerEngineTests : IDisposable
{
    const string Image = "pg2-test/fake-model:latest";
    static readonly string FakeModel = Path.Combine(AppContext.BaseDirectory, "Fixtures", "fake-model");
    readonly string _dir = Directory.CreateTempSubdirectory("pg2-docker-engine-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (UnauthorizedAccessException) { /* files written by the container's root user */ }
    }

    static async Task<(DockerEngine Engine, ModelArtifact Artifact)> PrepareAsync()
    {
        DockerDaemon.Require();
        var model = new ModelSource("fake", FakeModel, Image, Path.Combine(FakeModel, "Dockerfile"));
        // Always rebuild (layers are cached) so the image matches the fixture's script.
        await ImageBuild.RunAsync("docker", model, Image, TextWriter.Null, CancellationToken.None);
        var engine = new DockerEngine(DockerEngineOptions.FromEnvironment());
        return (engine, await engine.PrepareAsync(model, TextWriter.Null, CancellationToken.None));
    }

    JobRequest Request(ModelArtifact artifact, string mode, ModelResources? limits = null, JobCommand command = JobCommand.Train, IReadOnlyList<JobInput>? inputs = null)
    {
        var job = Directory.CreateDirectory(Path.Combine(_dir, mode + "-" + command)).FullName;
        var dataset = Path.Combine(job, "dataset.zip");
        File.WriteAllText(dataset, "not really a zip; the fake model only checks it is mounted read-only");
        var manifest = Path.Combine(job, "manifest.toml");
        File.WriteAllText(manifest, $"name = \"fake\"\n# mode: {mode}\n");
        var config = Directory.CreateDirectory(Path.Combine(job, "config")).FullName;
        File.WriteAllText(Path.Combine(config, "hyperparameters.json"), "{}\n");
        var output = Directory.CreateDirectory(Path.Combine(job, "output")).FullName;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(output, (UnixFileMode)0b111_111_111);
        return new JobRequest($"test-{Guid.NewGuid():N}", artifact, dataset, manifest, config, output, [], limits ?? ModelResources.None, command, inputs);
    }

    static async Task<(JobExit Exit, string Logs)> RunAsync(DockerEngine engine, JobRequest request)
    {
        await using var job = await engine.StartAsync(request, CancellationToken.None);
        var exit = await job.WaitAsync(CancellationToken.None);
        return (exit, await job.LogsAsync(CancellationToken.None));
    }

    [DockerFact]
    public async Task Train_SeesTheSageMakerLayout_AndWritesIntoTheOutputMount()
    {
        var (engine, artifact) = await PrepareAsync();
        using var _ = engine;
        Assert.StartsWith("sha256:", artifact.Id, StringComparison.Ordinal);
        var request = Request(artifact, "ok");
        var (exit, logs) = await RunAsync(engine, request);
        Assert.Equal(new JobExit(0, false), exit);
        Assert.Contains("args: train", logs, StringComparison.Ordinal);
        Assert.Contains("AAD,3,3.5", File.ReadAllText(Path.Combine(request.OutputDir, "fake_data_fake.csv")), StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task ExtraInput_IsMountedReadOnlyUnderItsChannel_AndNamedBySmChannel()
    {
        var (engine, artifact) = await PrepareAsync();
        using var _ = engine;
        var file = Path.Combine(Directory.CreateDirectory(Path.Combine(_dir, "extra-input")).FullName, "scores.csv");
        File.WriteAllText(file, "mutant,score\nA1C,0.5\n");
        var (exit, logs) = await RunAsync(engine, Request(artifact, "ok", inputs: [new JobInput("extra", file)]));
        Assert.Equal(new JobExit(0, false), exit);
        Assert.Contains("extra channel: /opt/ml/input/data/extra", logs, StringComparison.Ordinal);
        Assert.Contains("extra: mutant,score", logs, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task FailedModel_GivesItsExitCode_AndStderrInTheLog()
    {
        var (engine, artifact) = await PrepareAsync();
        using var _ = engine;
        var (exit, logs) = await RunAsync(engine, Request(artifact, "fail"));
        Assert.Equal(7, exit.ExitCode);
        Assert.False(exit.OutOfMemory);
        Assert.Contains("training failed: boom", logs, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task Ping_RunsThePingCommandInTheContainer()
    {
        var (engine, artifact) = await PrepareAsync();
        using var _ = engine;
        var (exit, logs) = await RunAsync(engine, Request(artifact, "ok", command: JobCommand.Ping));
        Assert.Equal(0, exit.ExitCode);
        Assert.Equal("pong", logs.Trim().Split('\n')[^1]);
    }

    [DockerFact]
    public async Task Stop_KillsTheContainer_AndDisposeRemovesIt()
    {
        var (engine, artifact) = await PrepareAsync();
        using var _ = engine;
        var request = Request(artifact, "sleep");
        var job = await engine.StartAsync(request, CancellationToken.None);
        using (var soon = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.WaitAsync(soon.Token));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await job.StopAsync();
        await job.StopAsync(); // twice is fine
        await job.DisposeAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"stop took {clock.Elapsed}");
        using var client = new DockerClientBuilder().WithEndpoint(DockerEngineOptions.FromEnvironment().Host).Build();
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => client.Containers.InspectContainerAsync("pg2-" + request.Id));
    }

    [DockerFact]
    public async Task MemoryLimit_IsEnforced_AndReportedAsOutOfMemory()
    {
        var (engine, artifact) = await PrepareAsync();
        using var _ = engine;
        var (exit, _) = await RunAsync(engine, Request(artifact, "oom", new ModelResources(Cpus: 1, MemoryBytes: 32L << 20)));
        Assert.True(exit.OutOfMemory, $"exit {exit.ExitCode}, not reported as out of memory");
    }

    [DockerFact]
    public async Task MissingImage_WithoutAFolder_IsOneLineErrorNamingTheImage()
    {
        DockerDaemon.Require();
        using var engine = new DockerEngine(DockerEngineOptions.FromEnvironment());
        var model = new ModelSource("absent", null, "pg2-test/absent:none", Path.Combine(_dir, "manifest.toml"));
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => engine.PrepareAsync(model, TextWriter.Null, CancellationToken.None));
        Assert.Contains("pg2-test/absent:none is not on the Docker daemon", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoDaemon_IsOneLineErrorNamingTheSocket()
    {
        using var engine = new DockerEngine(new DockerEngineOptions(new Uri("unix:///nonexistent/docker.sock")));
        var model = new ModelSource("m", null, "x:latest", Path.Combine(_dir, "manifest.toml"));
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => engine.PrepareAsync(model, TextWriter.Null, CancellationToken.None));
        Assert.Contains("no Docker daemon answers on unix:///nonexistent/docker.sock", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UsesRepositoryPaths_DecidesTheBuildContext()
    {
        Assert.True(ImageBuild.UsesRepositoryPaths(["FROM x", "COPY src/Pg2.Sdk/ /build/src/Pg2.Sdk/"]));
        Assert.True(ImageBuild.UsesRepositoryPaths(["ADD models/pls /m"]));
        Assert.False(ImageBuild.UsesRepositoryPaths(["FROM x", "COPY train.sh /train.sh", "RUN echo src/"]));
    }
}
