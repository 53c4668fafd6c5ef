using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Pg2.Contracts;
using Pg2.SageMaker;
using Pg2.SageMaker.Api;
using Pg2.SageMaker.Storage;

namespace Pg2.SageMakerEmulator;

/// <summary>
/// Runs a training job the way SageMaker does: copy each channel from S3 to
/// <c>/opt/ml/input/data/&lt;channel&gt;/</c>, write <c>/opt/ml/input/config/hyperparameters.json</c>,
/// start the image with argument <c>train</c> (or the job's <c>ContainerArguments</c>), then tar <c>/opt/ml/model</c> to
/// <c>&lt;S3OutputPath&gt;/&lt;job&gt;/output/model.tar.gz</c>. A non-zero exit fails the job with the text of
/// <c>/opt/ml/output/failure</c> (or the exit code) as its reason.
/// </summary>
public sealed class TrainingJobExecutor(EmulatorOptions options, ILogger<TrainingJobExecutor> log)
{
    readonly S3ObjectStore s3 = S3ObjectStore.Create(new AwsConnection(
        RegionEndpoint.GetBySystemName(options.Region),
        new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey),
        S3Endpoint: new Uri(options.S3Endpoint)));

    /// <summary>Runs <paramref name="job"/> to its end; never throws.</summary>
    public async Task RunAsync(EmulatedJob job)
    {
        var request = job.Request;
        var name = request.TrainingJobName;
        var root = Path.Combine(Path.GetFullPath(options.WorkDirectory), name);
        var ct = job.Stop.Token;
        job.Stop.CancelAfter(TimeSpan.FromSeconds(request.StoppingCondition.MaxRuntimeInSeconds));
        using var limit = ct.Register(() => job.RequestStop("MaxRuntimeExceeded"));
        try
        {
            job.Progress("Downloading");
            var input = Path.Combine(root, "input");
            foreach (var channel in request.InputDataConfig)
            {
                var source = S3Location.Parse(channel.DataSource.S3DataSource.S3Uri, $"channel {channel.ChannelName}");
                var count = await s3.DownloadPrefixAsync(source, Path.Combine(input, "data", channel.ChannelName), ct);
                if (count == 0)
                {
                    job.Finish(TrainingJobStatus.Failed, DateTimeOffset.UtcNow,
                        $"ClientError: No S3 objects found under S3 URL \"{source}\" given in input data source for channel {channel.ChannelName}.");
                    return;
                }
            }
            WriteConfig(input, request);
            var model = Directory.CreateDirectory(Path.Combine(root, "model")).FullName;
            var output = Directory.CreateDirectory(Path.Combine(root, "output")).FullName;
            // Images may run as a non-root user; SageMaker's /opt/ml/model and /opt/ml/output are writable to it.
            if (!OperatingSystem.IsWindows())
                foreach (var d in new[] { model, output }) File.SetUnixFileMode(d, (UnixFileMode)0b111_111_111);

            job.Progress("Training");
            job.MarkTrainingStarted(DateTimeOffset.UtcNow);
            var exitCode = await RunContainerAsync(job, root, ct);
            if (ct.IsCancellationRequested)
            {
                job.Finish(TrainingJobStatus.Stopped, DateTimeOffset.UtcNow);
                return;
            }
            if (exitCode != 0)
            {
                job.Finish(TrainingJobStatus.Failed, DateTimeOffset.UtcNow, FailureReason(output, exitCode));
                return;
            }

            job.Progress("Uploading");
            var archive = Path.Combine(root, "model.tar.gz");
            await using (var file = File.Create(archive)) ModelArchive.Pack(model, file);
            var target = S3Location.Parse(request.OutputDataConfig.S3OutputPath, "S3OutputPath").Append(name).Append("output/model.tar.gz");
            await s3.UploadAsync(archive, target, CancellationToken.None);
            job.Finish(TrainingJobStatus.Completed, DateTimeOffset.UtcNow, modelArtifacts: target.ToString());
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            job.Finish(TrainingJobStatus.Stopped, DateTimeOffset.UtcNow);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "job {Job} failed in the emulator", name);
            job.Finish(TrainingJobStatus.Failed, DateTimeOffset.UtcNow, $"ClientError: {e.Message.ReplaceLineEndings(" ")}");
        }
        finally
        {
            if (!options.KeepJobDirectories) TryDelete(root);
        }
    }

    static void WriteConfig(string input, CreateTrainingJobRequest request)
    {
        var config = Directory.CreateDirectory(Path.Combine(input, "config")).FullName;
        File.WriteAllText(Path.Combine(config, "hyperparameters.json"),
            JsonSerializer.Serialize(request.HyperParameters ?? new Dictionary<string, string>()));
        var channels = request.InputDataConfig.ToDictionary(c => c.ChannelName,
            _ => new { TrainingInputMode = request.AlgorithmSpecification.TrainingInputMode, S3DistributionType = "FullyReplicated", RecordWrapperType = "None" });
        File.WriteAllText(Path.Combine(config, "inputdataconfig.json"), JsonSerializer.Serialize(channels));
        File.WriteAllText(Path.Combine(config, "resourceconfig.json"),
            JsonSerializer.Serialize(new { current_host = "algo-1", hosts = new[] { "algo-1" }, current_instance_type = request.ResourceConfig.InstanceType }));
    }

    async Task<int> RunContainerAsync(EmulatedJob job, string root, CancellationToken ct)
    {
        var request = job.Request;
        var container = $"pg2-sm-{request.TrainingJobName}";
        List<string> args = ["run", "--rm", "--name", container,
            "-v", $"{Path.Combine(root, "input")}:{SageMakerTrainingJobPath.InputDir}",
            "-v", $"{Path.Combine(root, "model")}:{SageMakerTrainingJobPath.OutputPath}",
            "-v", $"{Path.Combine(root, "output")}:{SageMakerTrainingJobPath.JobOutputDir}",
            "-e", $"TRAINING_JOB_NAME={request.TrainingJobName}",
            "-e", $"SM_MODEL_DIR={SageMakerTrainingJobPath.OutputPath}",
            "-e", $"SM_OUTPUT_DATA_DIR={SageMakerTrainingJobPath.JobOutputDir}/data",
            "-e", $"SM_INPUT_CONFIG_DIR={SageMakerTrainingJobPath.ConfigDir}",
            "-e", $"SM_CHANNELS={JsonSerializer.Serialize(request.InputDataConfig.Select(c => c.ChannelName))}",
            "-e", $"SM_HPS={JsonSerializer.Serialize(request.HyperParameters ?? new Dictionary<string, string>())}"];
        foreach (var (name, value) in request.Environment ?? new Dictionary<string, string>())
            args.AddRange(["-e", $"{name}={value}"]);
        foreach (var c in request.InputDataConfig)
            args.AddRange(["-e", $"SM_CHANNEL_{c.ChannelName.ToUpperInvariant()}={SageMakerTrainingJobPath.ChannelDir(c.ChannelName)}"]);
        args.Add(request.AlgorithmSpecification.TrainingImage);
        // SageMaker passes "train" unless the job names its own ContainerArguments.
        args.AddRange(request.AlgorithmSpecification.ContainerArguments is { Count: > 0 } given ? given : ["train"]);

        using var child = ChildProcess.Start(options.ContainerCli, args);
        int exitCode;
        try
        {
            exitCode = await child.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // The CLI may be a thin client: killing it (done by the wait) can leave the container running.
            await ChildProcess.RunAsync(options.ContainerCli, ["kill", container], CancellationToken.None);
            exitCode = 143;
        }
        var logs = child.Log;
        foreach (var line in logs.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            log.LogInformation("[{Job}] {Line}", request.TrainingJobName, line);
        await File.WriteAllTextAsync(Path.Combine(root, "output", "container.log"), logs, CancellationToken.None);
        return exitCode;
    }

    static string FailureReason(string output, int exitCode)
    {
        var failure = Path.Combine(output, "failure");
        if (File.Exists(failure))
        {
            var text = File.ReadAllText(failure).Trim();
            if (text.Length > 0) return text.Length > 1024 ? text[..1024] : text;
        }
        return $"AlgorithmError: the training container exited with code {exitCode}";
    }

    static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* a root-owned file; left for the OS */ }
    }
}
