using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pg2.SageMaker.Api;
using Pg2.SageMaker.Jobs;
using Pg2.SageMaker.Storage;
using Pg2.Contracts;

namespace Pg2.SageMaker.Engine;

/// <summary>
/// The runner's <c>sagemaker</c> engine: each job becomes a SageMaker training job. Inputs are
/// uploaded to S3 under content-addressed prefixes (an unchanged object is not sent again), jobs are
/// created at most <see cref="SageMakerEngineSettings.MaxConcurrentJobs"/> at a time, polled with
/// backoff, and a completed job's <c>model.tar.gz</c> is unpacked into the job's output folder, so
/// predictions flow into the same metrics, cache and leaderboard as local runs.
/// </summary>
public sealed partial class SageMakerEngine : IEngine
{
    readonly SageMakerEngineSettings settings;
    readonly AwsConnection connection;
    readonly SageMakerClient client;
    readonly S3ObjectStore store;
    readonly SemaphoreSlim slots;
    readonly SemaphoreSlim roleGate = new(1, 1);
    string? roleArn;

    /// <summary>Creates the engine; <paramref name="connection"/> defaults to the SDK's credential and region chains.</summary>
    public SageMakerEngine(SageMakerEngineSettings settings, AwsConnection? connection = null)
    {
        this.settings = settings ?? throw new ArgumentNullException(nameof(settings));
        this.connection = connection ?? AwsConnection.Resolve(settings.Region, settings.SageMakerEndpoint, settings.S3Endpoint);
        client = new SageMakerClient(this.connection);
        store = S3ObjectStore.Create(this.connection);
        slots = new SemaphoreSlim(Math.Max(1, settings.MaxConcurrentJobs));
        roleArn = settings.RoleArn;
    }

    /// <inheritdoc />
    public string Name => "sagemaker";

    /// <summary>The image a model's jobs run: <c>&lt;registry&gt;/&lt;model&gt;:latest</c>, or the game's image reference.</summary>
    public string ImageFor(ModelSource model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return settings.ImageRegistry is { } registry ? $"{registry}/{model.Name}:latest" : model.ImageReference;
    }

    /// <inheritdoc />
    public async Task<ModelArtifact> PrepareAsync(ModelSource model, TextWriter log, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(log);
        await ResolveRoleAsync(cancel).ConfigureAwait(false);
        var image = ImageFor(model);
        var id = "sagemaker:" + image;
        if (settings.ImageRegistry is { } registry && Registry.EcrRegistry.RegionOf(registry) is not null)
        {
            // The digest makes the cache key follow the pushed image, and a missing image fails here, not in every job.
            using var ecr = new Registry.EcrRegistry(connection);
            var (repository, tag) = Registry.EcrRegistry.RepositoryAndTag(image);
            var digest = await AwsErrors.Translate(() => ecr.ImageDigestAsync(repository, tag, cancel), "ECR").ConfigureAwait(false)
                ?? throw new InvalidInputException($"model '{model.Name}': image {image} is not in ECR; push it: pg2 model push {model.Folder ?? model.Name} --registry {registry} --create-repository");
            id = $"sagemaker:{image}@{digest}";
        }
        await log.WriteLineAsync($"model {model.Name}: SageMaker runs image {image}").ConfigureAwait(false);
        return new ModelArtifact(model, id, image);
    }

    async Task<string> ResolveRoleAsync(CancellationToken cancel)
    {
        await roleGate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            return roleArn ??= await IamRoles.GetRoleArnAsync(connection, settings.RoleName ?? "", cancel).ConfigureAwait(false);
        }
        finally
        {
            roleGate.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>AWS refusals (bad role, missing bucket, denied call) become one-line <see cref="InvalidInputException"/>s.</remarks>
    public Task<IEngineJob> StartAsync(JobRequest request, CancellationToken cancel) =>
        AwsErrors.Translate(() => StartCoreAsync(request, cancel), $"SageMaker at {connection.SageMakerUri}");

    async Task<IEngineJob> StartCoreAsync(JobRequest request, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(request);
        var log = new StringBuilder();
        await slots.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            var role = await ResolveRoleAsync(cancel).ConfigureAwait(false);
            var data = S3Location.Parse(settings.TrainingDataPrefix, "PG2_SAGEMAKER_S3_TRAINING_DATA_PREFIX");
            var datasetPrefix = await FileKey(request.DatasetFile, cancel).ConfigureAwait(false);
            var modelPrefix = await FileKey(request.ManifestFile, cancel).ConfigureAwait(false);
            // dataset.zip, or an E4 job's splits archive under its own name (the model names its output after it).
            var datasetName = Path.GetFileName(SageMakerTrainingJobPath.DatasetPathIn(request));
            var sentDataset = await store.UploadIfChangedAsync(request.DatasetFile, data.Append("datasets").Append(datasetPrefix).Append(datasetName), cancel).ConfigureAwait(false);
            // A model card travels in channel model_card as README.md, a manifest in channel manifest (ModelManifestFile).
            var manifestName = ModelManifestFile.ChannelFileName(request.ManifestFile);
            var sentManifest = await store.UploadIfChangedAsync(request.ManifestFile, data.Append("models").Append(modelPrefix).Append(manifestName), cancel).ConfigureAwait(false);
            log.AppendLine(CultureInfo.InvariantCulture, $"dataset {(sentDataset ? "uploaded" : "unchanged in S3")}: {data}/datasets/{datasetPrefix}/{datasetName}");
            log.AppendLine(CultureInfo.InvariantCulture, $"manifest {(sentManifest ? "uploaded" : "unchanged in S3")}: {data}/models/{modelPrefix}/{manifestName}");
            var channels = new List<Channel>();
            JobInput.CheckDistinct(request.InputList);
            foreach (var input in request.InputList)
            {
                var (location, sent) = await UploadInputAsync(data, input, cancel).ConfigureAwait(false);
                channels.Add(new Channel(input.Channel, new DataSource(new S3DataSource("S3Prefix", location.ToString(), "FullyReplicated"))));
                log.AppendLine(CultureInfo.InvariantCulture, $"input {input.Channel}: {sent} file(s) uploaded, channel {location}");
            }

            var jobName = JobName(request.Id, DateTime.UtcNow);
            var body = TrainingJobBody(settings, request, role, datasetPrefix, modelPrefix, jobName, channels);
            await client.CreateTrainingJobAsync(body, cancel).ConfigureAwait(false);
            log.AppendLine(CultureInfo.InvariantCulture, $"created training job {jobName} (image {body.AlgorithmSpecification.TrainingImage}, {body.ResourceConfig.InstanceType} for {request.Resources})");
            return new SageMakerJob(this, jobName, request.OutputDir, log);
        }
        catch
        {
            slots.Release();
            throw;
        }
    }

    /// <summary>
    /// The <c>CreateTrainingJob</c> body of a job: the instance type chosen from its resources
    /// (<see cref="InstanceTypes"/>), its time limit as the stopping condition, its hyper-parameters
    /// and extra input channels and, for fold jobs, E4 jobs or <c>ping</c>, the container arguments. An E4 job
    /// also gets <c>SM_MODEL_DIR=/opt/ml/model</c>: that contract's default output, /opt/program/output, is not
    /// uploaded by a training job, so its model (the SDK honours the variable) writes its predictions archive
    /// where SageMaker collects it.
    /// </summary>
    internal static CreateTrainingJobRequest TrainingJobBody(SageMakerEngineSettings settings, JobRequest request, string role, string datasetPrefix, string modelPrefix, string jobName,
        IReadOnlyList<Channel>? extraChannels = null)
    {
        var options = new TrainingJobOptions
        {
            JobName = jobName,
            RoleArn = role,
            ImageUri = request.Artifact.Program,
            TrainingDataPrefix = settings.TrainingDataPrefix,
            OutputPrefix = settings.OutputPrefix,
            DatasetPrefix = datasetPrefix,
            ModelPrefix = modelPrefix,
            ManifestChannelName = ModelManifestFile.Channel(request.ManifestFile),
            InstanceType = InstanceTypes.For(request.Resources, settings.InstanceType),
            VolumeSizeInGB = settings.VolumeSizeInGB,
            RuntimeLimitInSeconds = request.Resources.Time is { } t ? (int)Math.Min(2_419_200, Math.Ceiling(t.TotalSeconds)) : TrainingJobOptions.MaxRuntimeInSeconds,
            HyperParameters = HyperParameters(request),
            ExtraChannels = extraChannels ?? [],
        };
        var body = options.ToRequest();
        var environment = SageMakerTrainingJobPath.HostLimits().ToDictionary(StringComparer.Ordinal);
        if (request.Contract == ModelContract.E4) environment[ModelDirVariable] = SageMakerTrainingJobPath.OutputPath;
        if (environment.Count > 0) body = body with { Environment = environment };
        if (request.Arguments.Count > 0 || request.Command != JobCommand.Train || request.Contract == ModelContract.E4)
            body = body with { AlgorithmSpecification = body.AlgorithmSpecification with { ContainerArguments = SageMakerTrainingJobPath.ContainerArguments(request) } };
        return body;
    }

    /// <summary>The variable the SageMaker training toolkit (and pg2's SDK) read as the folder to write the model output to.</summary>
    const string ModelDirVariable = "SM_MODEL_DIR";

    /// <summary>The job's hyper-parameters: the manifest's, overlaid by the runner's <c>hyperparameters.json</c>.</summary>
    static Dictionary<string, string> HyperParameters(JobRequest request)
    {
        var result = new Dictionary<string, string>(ModelHyperParameters.Read(request.ManifestFile), StringComparer.Ordinal);
        var file = Path.Combine(request.ConfigDir, "hyperparameters.json");
        if (!File.Exists(file)) return result;
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        foreach (var p in doc.RootElement.EnumerateObject())
            result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        return result;
    }

    /// <summary>
    /// Uploads one extra input under <c>&lt;data&gt;/inputs/&lt;channel&gt;/&lt;content key&gt;/</c> (a file keeps its
    /// name; a folder its relative paths), so SageMaker copies it to <c>/opt/ml/input/data/&lt;channel&gt;/</c>
    /// exactly as the container engines mount it. Returns the channel's prefix and how many files were sent.
    /// </summary>
    async Task<(S3Location Prefix, int Sent)> UploadInputAsync(S3Location data, JobInput input, CancellationToken cancel)
    {
        List<(string Local, string Relative)> files = input.IsFolder
            ? [.. Directory.EnumerateFiles(input.HostPath, "*", SearchOption.AllDirectories)
                .Select(f => (f, Path.GetRelativePath(input.HostPath, f).Replace('\\', '/')))
                .OrderBy(f => f.Item2, StringComparer.Ordinal)]
            : [(input.HostPath, Path.GetFileName(input.HostPath))];
        if (files.Count == 0) throw new InvalidInputException($"job input '{input.Channel}': folder {input.HostPath} is empty; SageMaker refuses an empty channel");
        // The key covers names and bytes, so a changed input gets a new prefix and no stale file survives in the channel.
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var (local, relative) in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(relative + "\n"));
            hash.AppendData(Encoding.ASCII.GetBytes(await FileKey(local, cancel).ConfigureAwait(false)));
        }
        var prefix = data.Append("inputs").Append(input.Channel).Append(Convert.ToHexStringLower(hash.GetHashAndReset())[..16]);
        int sent = 0;
        foreach (var (local, relative) in files)
            if (await store.UploadIfChangedAsync(local, prefix.Append(relative), cancel).ConfigureAwait(false)) sent++;
        return (prefix, sent);
    }

    // Content-addressed prefix: the same bytes always land under the same key, so reruns upload nothing.
    static async Task<string> FileKey(string path, CancellationToken cancel)
    {
        await using var file = File.OpenRead(path);
        var hash = await System.Security.Cryptography.SHA256.HashDataAsync(file, cancel).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash)[..16];
    }

    /// <summary>A unique, valid job name from the runner's job id and the time.</summary>
    internal static string JobName(string id, DateTime utcNow)
    {
        var head = TrainingJobOptions.Sanitize(id);
        if (head.Length > 40) head = head[..40].TrimEnd('-');
        var suffix = string.Create(CultureInfo.InvariantCulture, $"{utcNow:yyyyMMddHHmmss}-{Random.Shared.Next(0x10000):x4}");
        return $"{head}-{suffix}";
    }

    /// <inheritdoc />
    public void Dispose()
    {
        client.Dispose();
        store.Dispose();
        slots.Dispose();
        roleGate.Dispose();
    }

    sealed partial class SageMakerJob(SageMakerEngine engine, string name, string outputDir, StringBuilder log) : IEngineJob
    {
        string status = TrainingJobStatus.InProgress;
        int released;

        public async Task<JobExit> WaitAsync(CancellationToken cancel)
        {
            var delay = TimeSpan.FromSeconds(Math.Min(2, engine.settings.PollInterval.TotalSeconds));
            string? seen = null;
            DescribeTrainingJobResponse job;
            while (true)
            {
                job = await AwsErrors.Translate(() => engine.client.DescribeTrainingJobAsync(name, cancel), $"SageMaker at {engine.connection.SageMakerUri}").ConfigureAwait(false);
                status = job.TrainingJobStatus;
                var now = $"{job.TrainingJobStatus}/{job.SecondaryStatus}";
                if (now != seen) Append($"{DateTime.UtcNow:HH:mm:ss} {name}: {now}");
                seen = now;
                if (TrainingJobStatus.IsTerminal(status)) break;
                await Task.Delay(delay, cancel).ConfigureAwait(false);
                delay = TimeSpan.FromSeconds(Math.Min(engine.settings.PollInterval.TotalSeconds, delay.TotalSeconds * 1.5));
            }
            Release();
            switch (status)
            {
                case TrainingJobStatus.Completed:
                    var archive = S3Location.Parse(job.ModelArtifacts?.S3ModelArtifacts ?? "", $"job {name}: ModelArtifacts");
                    var local = Path.Combine(Path.GetTempPath(), $"pg2-{name}-model.tar.gz");
                    try
                    {
                        await AwsErrors.Translate(async () => { await engine.store.DownloadAsync(archive, local, cancel).ConfigureAwait(false); return 0; }, "S3").ConfigureAwait(false);
                        ModelArchive.Unpack(local, outputDir);
                    }
                    finally
                    {
                        File.Delete(local);
                    }
                    Append($"unpacked {archive} into the job's output folder");
                    return new JobExit(0, false);
                case TrainingJobStatus.Failed:
                    var reason = string.IsNullOrEmpty(job.FailureReason) ? "Unknown" : job.FailureReason;
                    Append($"FailureReason: {reason}");
                    var code = ExitCodeText().Match(reason);
                    return new JobExit(code.Success ? int.Parse(code.Groups[1].Value, CultureInfo.InvariantCulture) : ExitCodes.ModelFailure, false);
                default:
                    Append($"stopped ({job.SecondaryStatus})");
                    return new JobExit(143, false);
            }
        }

        void Append(string line)
        {
            lock (log) log.AppendLine(line);
        }

        void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) engine.slots.Release();
        }

        public Task<string> LogsAsync(CancellationToken cancel)
        {
            lock (log) return Task.FromResult(log.ToString());
        }

        public async Task StopAsync()
        {
            if (TrainingJobStatus.IsTerminal(status)) return;
            try
            {
                await engine.client.StopTrainingJobAsync(name).ConfigureAwait(false);
                Append($"stop requested for {name}");
            }
            catch (SageMakerApiException e) when (e.ErrorCode == "ValidationException")
            {
                // already ended
            }
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync().ConfigureAwait(false);
            Release();
        }

        [GeneratedRegex(@"exit(?:ed with)? code:?\s*(\d+)", RegexOptions.IgnoreCase)]
        private static partial Regex ExitCodeText();
    }
}
