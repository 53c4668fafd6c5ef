using System.Text.Json;
using Pg2.SageMaker.Api;
using Pg2.SageMaker.Jobs;
using Pg2.SageMaker.Storage;

namespace Pg2.SageMaker.Tests;

/// <summary>Jobs run by the emulator against real s3rver, with the container CLI stood in by <see cref="FakeContainerCli"/>.</summary>
[Collection("s3rver")]
public sealed class EmulatorJobTests(S3rverFixture s3)
{
    const string Role = "arn:aws:iam::000000000000:role/pg2-test";

    async Task<(TrainingJobOptions Options, string Dir)> UploadInputs(S3ObjectStore store, string image, string job)
    {
        var dir = TestEnvironment.TempDir("job");
        var dataset = Path.Combine(dir, "dataset.zip");
        var manifest = Path.Combine(dir, "manifest.toml");
        await File.WriteAllTextAsync(dataset, "dataset bytes");
        await File.WriteAllTextAsync(manifest, "name = \"pls\"\n[hyper_params]\nn_components = 2\n");
        var options = new TrainingJobOptions
        {
            JobName = job,
            RoleArn = Role,
            ImageUri = image,
            TrainingDataPrefix = $"{S3rverFixture.Bucket}/{job}/data",
            OutputPrefix = $"{S3rverFixture.Bucket}/{job}/out",
            DatasetPrefix = "charge_ladder",
            ModelPrefix = "pls",
            HyperParameters = ModelHyperParameters.Read(manifest),
        };
        await store.UploadIfChangedAsync(dataset, options.TrainingChannel.Append("dataset.zip"));
        await store.UploadIfChangedAsync(manifest, options.ManifestChannel.Append("manifest.toml"));
        return (options, dir);
    }

    static string NewJobName(string label) => $"{label}-{Guid.NewGuid():N}"[..30];

    [S3Fact]
    public async Task CompletedJob_SeesSageMakerLayout_AndModelTarballLandsInS3()
    {
        await using var emulator = await EmulatorHost.StartAsync(s3.Endpoint, FakeContainerCli.Get());
        using var store = s3.Store();
        using var client = new SageMakerClient(TestEnvironment.Connection(emulator.Endpoint));
        var (options, dir) = await UploadInputs(store, "fake/ok", NewJobName("ok"));

        var arn = await client.CreateTrainingJobAsync(options.ToRequest());
        Assert.EndsWith("training-job/" + options.JobName, arn, StringComparison.Ordinal);
        var outcome = await new TrainingJobMonitor(client).WaitAsync(options.JobName, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(2));

        Assert.Equal("Completed", outcome.Status);
        var expectedArchive = options.OutputPath.Append(options.JobName).Append("output/model.tar.gz").ToString();
        Assert.Equal(expectedArchive, outcome.ModelArtifacts?.S3ModelArtifacts);
        Assert.NotNull(outcome.TrainingTime);
        var tarball = Path.Combine(dir, "model.tar.gz");
        await store.DownloadAsync(S3Location.Parse(expectedArchive, "test"), tarball);
        var unpacked = Path.Combine(dir, "unpacked");
        ModelArchive.Unpack(tarball, unpacked);
        Assert.Equal("dataset bytes", await File.ReadAllTextAsync(Path.Combine(unpacked, "training", "dataset.zip")));
        Assert.StartsWith("name = \"pls\"", await File.ReadAllTextAsync(Path.Combine(unpacked, "manifest", "manifest.toml")), StringComparison.Ordinal);
        var hyper = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(Path.Combine(unpacked, "hyperparameters.json")));
        Assert.Equal("2", hyper!["n_components"]);
        Assert.Equal("train", (await File.ReadAllTextAsync(Path.Combine(unpacked, "args.txt"))).Trim());

        var again = await Assert.ThrowsAsync<SageMakerApiException>(() => client.CreateTrainingJobAsync(options.ToRequest()));
        Assert.Equal("ResourceInUse", again.ErrorCode);
        Directory.Delete(dir, true);
    }

    [S3Fact]
    public async Task FailingJob_RecordsFailureReasonFromFailureFile()
    {
        await using var emulator = await EmulatorHost.StartAsync(s3.Endpoint, FakeContainerCli.Get());
        using var store = s3.Store();
        using var client = new SageMakerClient(TestEnvironment.Connection(emulator.Endpoint));
        var (options, dir) = await UploadInputs(store, "fake/fail", NewJobName("fail"));

        await client.CreateTrainingJobAsync(options.ToRequest());
        var outcome = await new TrainingJobMonitor(client).WaitAsync(options.JobName, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(2));

        Assert.Equal("Failed", outcome.Status);
        Assert.Equal("InvalidInput: dataset.zip lacks manifest.toml", outcome.FailureReason);
        Assert.Null(outcome.ModelArtifacts);
        Assert.Null(await store.HeadAsync(options.OutputPath.Append(options.JobName).Append("output/model.tar.gz")));
        Directory.Delete(dir, true);
    }

    [S3Fact]
    public async Task CrashingJob_WithoutFailureFile_ReportsExitCode()
    {
        await using var emulator = await EmulatorHost.StartAsync(s3.Endpoint, FakeContainerCli.Get());
        using var store = s3.Store();
        using var client = new SageMakerClient(TestEnvironment.Connection(emulator.Endpoint));
        var (options, dir) = await UploadInputs(store, "fake/crash", NewJobName("crash"));

        await client.CreateTrainingJobAsync(options.ToRequest());
        var outcome = await new TrainingJobMonitor(client).WaitAsync(options.JobName, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(2));

        Assert.Equal("Failed", outcome.Status);
        Assert.Equal("AlgorithmError: the training container exited with code 2", outcome.FailureReason);
        Directory.Delete(dir, true);
    }

    [S3Fact]
    public async Task JobWithEmptyChannel_FailsWithClientError()
    {
        await using var emulator = await EmulatorHost.StartAsync(s3.Endpoint, FakeContainerCli.Get());
        using var client = new SageMakerClient(TestEnvironment.Connection(emulator.Endpoint));
        var options = new TrainingJobOptions
        {
            JobName = NewJobName("empty"), RoleArn = Role, ImageUri = "fake/ok",
            TrainingDataPrefix = $"{S3rverFixture.Bucket}/nothing-here", OutputPrefix = $"{S3rverFixture.Bucket}/out",
            DatasetPrefix = "d", ModelPrefix = "m",
        };
        await client.CreateTrainingJobAsync(options.ToRequest());
        var outcome = await new TrainingJobMonitor(client).WaitAsync(options.JobName, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(2));
        Assert.Equal("Failed", outcome.Status);
        Assert.StartsWith("ClientError: No S3 objects found under S3 URL \"s3://pg2-test/nothing-here/datasets/d\"", outcome.FailureReason, StringComparison.Ordinal);
    }

    [S3Fact]
    public async Task StoppedJob_GoesThroughStoppingToStopped()
    {
        await using var emulator = await EmulatorHost.StartAsync(s3.Endpoint, FakeContainerCli.Get());
        using var store = s3.Store();
        using var client = new SageMakerClient(TestEnvironment.Connection(emulator.Endpoint));
        var (options, dir) = await UploadInputs(store, "fake/sleep", NewJobName("stop"));

        await client.CreateTrainingJobAsync(options.ToRequest());
        var deadline = DateTime.UtcNow.AddMinutes(1);
        DescribeTrainingJobResponse job;
        do
        {
            job = await client.DescribeTrainingJobAsync(options.JobName);
            if (job.SecondaryStatus == "Training") break;
            await Task.Delay(50);
        } while (DateTime.UtcNow < deadline);
        Assert.Equal(("InProgress", "Training"), (job.TrainingJobStatus, job.SecondaryStatus));

        await client.StopTrainingJobAsync(options.JobName);
        var outcome = await new TrainingJobMonitor(client).WaitAsync(options.JobName, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        Assert.Equal(new TrainingJobOutcome { Status = "Stopped", JobName = options.JobName }, outcome);
        Assert.Equal("Stopped", (await client.DescribeTrainingJobAsync(options.JobName)).SecondaryStatus);
        Directory.Delete(dir, true);
    }

    [S3Fact]
    public async Task Create_RejectsRoleThatIsNotAnArn()
    {
        await using var emulator = await EmulatorHost.StartAsync(s3.Endpoint, FakeContainerCli.Get());
        using var client = new SageMakerClient(TestEnvironment.Connection(emulator.Endpoint));
        var options = new TrainingJobOptions
        {
            JobName = NewJobName("role"), RoleArn = "pg2-role", ImageUri = "fake/ok",
            TrainingDataPrefix = $"{S3rverFixture.Bucket}/d", OutputPrefix = $"{S3rverFixture.Bucket}/out", DatasetPrefix = "d", ModelPrefix = "m",
        };
        var e = await Assert.ThrowsAsync<SageMakerApiException>(() => client.CreateTrainingJobAsync(options.ToRequest()));
        Assert.Equal("ValidationException", e.ErrorCode);
        Assert.Contains("Could not assume role 'pg2-role'", e.Message, StringComparison.Ordinal);
    }
}
