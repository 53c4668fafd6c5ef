using Pg2.Datasets;
using Pg2.Contracts;
using Pg2.SageMaker.Engine;

namespace Pg2.SageMaker.Tests;

/// <summary>The runner's engine contract, fulfilled through the emulator and s3rver.</summary>
[Collection("s3rver")]
public sealed class SageMakerEngineTests(S3rverFixture s3)
{
    SageMakerEngine Engine(Uri emulator, int maxJobs = 4) => new(new SageMakerEngineSettings
    {
        RoleArn = "arn:aws:iam::000000000000:role/pg2-test",
        TrainingDataPrefix = $"{S3rverFixture.Bucket}/engine-data",
        OutputPrefix = $"{S3rverFixture.Bucket}/engine-out",
        MaxConcurrentJobs = maxJobs,
        PollInterval = TimeSpan.FromMilliseconds(200),
    }, TestEnvironment.Connection(emulator, s3.Endpoint));

    static Task<JobRequest> Request(SageMakerEngine engine, string dir, string image, params string[] arguments) =>
        Request(engine, dir, image, [], arguments);

    static async Task<JobRequest> Request(SageMakerEngine engine, string dir, string image, IReadOnlyList<JobInput> inputs, params string[] arguments)
    {
        var dataset = Path.Combine(dir, "in", "data.pgdata");
        var manifest = Path.Combine(dir, "in", "manifest.toml");
        Directory.CreateDirectory(Path.GetDirectoryName(dataset)!);
        if (!File.Exists(dataset)) await File.WriteAllTextAsync(dataset, "dataset for engine");
        if (!File.Exists(manifest)) await File.WriteAllTextAsync(manifest, "name = \"pls\"\n[hyper_params]\nn_components = 3\n");
        var config = Directory.CreateDirectory(Path.Combine(dir, "config")).FullName;
        await File.WriteAllTextAsync(Path.Combine(config, "hyperparameters.json"), "{\"seed\": 7}");
        var output = Path.Combine(dir, "out-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(output);
        var artifact = await engine.PrepareAsync(new ModelSource("pls", null, image, manifest), TextWriter.Null, CancellationToken.None);
        return new JobRequest($"game-{Guid.NewGuid():N}", artifact, dataset, manifest, config, output, arguments, ModelResources.None, Inputs: inputs);
    }

    [S3Fact]
    public async Task CompletedJob_UnpacksModelIntoOutputAndSkipsUnchangedUploads()
    {
        await using var emulator = await EmulatorHost.StartAsync(s3.Endpoint, FakeContainerCli.Get());
        using var engine = Engine(emulator.Endpoint);
        var dir = TestEnvironment.TempDir("engine-ok");
        var first = await Request(engine, dir, "fake/ok", "--split", "random_5", "--test-fold", "0");
        Assert.Equal("sagemaker:fake/ok", first.Artifact.Id);

        await using (var job = await engine.StartAsync(first, CancellationToken.None))
        {
            Assert.Equal(new JobExit(0, false), await job.WaitAsync(CancellationToken.None));
            Assert.Contains("Completed/Completed", await job.LogsAsync(CancellationToken.None), StringComparison.Ordinal);
        }
        Assert.Equal("dataset for engine", await File.ReadAllTextAsync(Path.Combine(first.OutputDir, "training", "dataset.zip")));
        Assert.Equal("train --split random_5 --test-fold 0", (await File.ReadAllTextAsync(Path.Combine(first.OutputDir, "args.txt"))).Trim());
        var hyper = await File.ReadAllTextAsync(Path.Combine(first.OutputDir, "hyperparameters.json"));
        Assert.Equal("{\"n_components\":\"3\",\"seed\":\"7\"}", hyper.Trim());

        var second = await Request(engine, dir, "fake/ok");
        await using var again = await engine.StartAsync(second, CancellationToken.None);
        var log = await again.LogsAsync(CancellationToken.None);
        Assert.Contains("dataset unchanged in S3", log, StringComparison.Ordinal);
        Assert.Contains("manifest unchanged in S3", log, StringComparison.Ordinal);
        Assert.Equal(0, (await again.WaitAsync(CancellationToken.None)).ExitCode);
        Directory.Delete(dir, true);
    }

    [S3Fact]
    public async Task E4Job_GetsItsSplitsArchiveUnderItsOwnName_TheE4Arguments_AndSmModelDir()
    {
        await using var emulator = await EmulatorHost.StartAsync(s3.Endpoint, FakeContainerCli.Get());
        using var engine = Engine(emulator.Endpoint);
        var dir = TestEnvironment.TempDir("engine-e4");
        var seed = await Request(engine, dir, "fake/ok", "--split", "random", "--test-fold", "1", "--target", "y");
        var splits = Path.Combine(dir, "in", "d1.splits.pgdata");
        await File.WriteAllTextAsync(splits, "splits archive");
        var request = seed with { DatasetFile = splits, Contract = ModelContract.E4 };

        await using (var job = await engine.StartAsync(request, CancellationToken.None))
            Assert.Equal(0, (await job.WaitAsync(CancellationToken.None)).ExitCode);
        Assert.Equal("splits archive", await File.ReadAllTextAsync(Path.Combine(request.OutputDir, "training", "d1.splits.pgdata")));
        Assert.Equal("train --dataset-file /opt/ml/input/data/training/d1.splits.pgdata --split random --test-fold 1 --target y",
            (await File.ReadAllTextAsync(Path.Combine(request.OutputDir, "args.txt"))).Trim());
        Assert.Contains("SM_MODEL_DIR=/opt/ml/model", await File.ReadAllLinesAsync(Path.Combine(request.OutputDir, "channels.txt")));
        Directory.Delete(dir, true);
    }

    [S3Fact]
    public async Task ExtraInputs_BecomeChannels_WithSmChannelVariables_AndUnchangedOnesAreNotSentAgain()
    {
        await using var emulator = await EmulatorHost.StartAsync(s3.Endpoint, FakeContainerCli.Get());
        using var engine = Engine(emulator.Endpoint);
        var dir = TestEnvironment.TempDir("engine-inputs");
        var scores = Path.Combine(dir, "scores.csv");
        await File.WriteAllTextAsync(scores, "mutant,score\nA1C,0.5\n");
        var weights = Directory.CreateDirectory(Path.Combine(dir, "weights", "layer")).Parent!.FullName;
        await File.WriteAllTextAsync(Path.Combine(weights, "layer", "w.bin"), "weights");
        JobInput[] inputs = [new("covariates", scores), new("weights", weights)];

        var first = await Request(engine, dir, "fake/ok", inputs);
        await using (var job = await engine.StartAsync(first, CancellationToken.None))
        {
            Assert.Equal(0, (await job.WaitAsync(CancellationToken.None)).ExitCode);
            Assert.Contains("input covariates: 1 file(s) uploaded", await job.LogsAsync(CancellationToken.None), StringComparison.Ordinal);
        }
        Assert.Equal("mutant,score\nA1C,0.5\n", await File.ReadAllTextAsync(Path.Combine(first.OutputDir, "covariates", "scores.csv")));
        Assert.Equal("weights", await File.ReadAllTextAsync(Path.Combine(first.OutputDir, "weights", "layer", "w.bin")));
        var channels = (await File.ReadAllTextAsync(Path.Combine(first.OutputDir, "channels.txt"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("SM_CHANNEL_COVARIATES=/opt/ml/input/data/covariates", channels);
        Assert.Contains("SM_CHANNEL_WEIGHTS=/opt/ml/input/data/weights", channels);
        Assert.Contains("SM_CHANNEL_TRAINING=/opt/ml/input/data/training", channels);

        await using var again = await engine.StartAsync(await Request(engine, dir, "fake/ok", inputs), CancellationToken.None);
        var log = await again.LogsAsync(CancellationToken.None);
        Assert.Contains("input covariates: 0 file(s) uploaded", log, StringComparison.Ordinal);
        Assert.Contains("input weights: 0 file(s) uploaded", log, StringComparison.Ordinal);
        Assert.Equal(0, (await again.WaitAsync(CancellationToken.None)).ExitCode);
        Directory.Delete(dir, true);
    }

    [S3Fact]
    public async Task FailedJob_ReportsFailureReasonInLogAndNonZeroExit()
    {
        await using var emulator = await EmulatorHost.StartAsync(s3.Endpoint, FakeContainerCli.Get());
        using var engine = Engine(emulator.Endpoint);
        var dir = TestEnvironment.TempDir("engine-fail");

        await using (var job = await engine.StartAsync(await Request(engine, dir, "fake/fail"), CancellationToken.None))
        {
            Assert.Equal(new JobExit(ExitCodes.ModelFailure, false), await job.WaitAsync(CancellationToken.None));
            Assert.Contains("FailureReason: InvalidInput: dataset.zip lacks manifest.toml", await job.LogsAsync(CancellationToken.None), StringComparison.Ordinal);
        }
        await using (var crash = await engine.StartAsync(await Request(engine, dir, "fake/crash"), CancellationToken.None))
            Assert.Equal(new JobExit(2, false), await crash.WaitAsync(CancellationToken.None));
        Directory.Delete(dir, true);
    }

    [S3Fact]
    public async Task ConcurrencyLimit_HoldsNextJobUntilSlotFrees_AndStopEndsJob()
    {
        await using var emulator = await EmulatorHost.StartAsync(s3.Endpoint, FakeContainerCli.Get());
        using var engine = Engine(emulator.Endpoint, maxJobs: 1);
        var dir = TestEnvironment.TempDir("engine-limit");
        var sleeper = await engine.StartAsync(await Request(engine, dir, "fake/sleep"), CancellationToken.None);
        var next = engine.StartAsync(await Request(engine, dir, "fake/ok"), CancellationToken.None);
        await Task.Delay(300);
        Assert.False(next.IsCompleted);

        await sleeper.StopAsync();
        Assert.Equal(143, (await sleeper.WaitAsync(CancellationToken.None)).ExitCode);
        Assert.Contains("Stopped/Stopped", await sleeper.LogsAsync(CancellationToken.None), StringComparison.Ordinal);
        await sleeper.DisposeAsync();
        await using var started = await next;
        Assert.Equal(0, (await started.WaitAsync(CancellationToken.None)).ExitCode);
        Directory.Delete(dir, true);
    }
}
