using System.CommandLine;
using System.Text.Json;
using Pg2.Datasets;
using Pg2.SageMaker;
using Pg2.SageMaker.Api;
using Pg2.SageMaker.Jobs;
using Pg2.SageMaker.Storage;
using Pg2.Contracts;

namespace Pg2.Cli.Commands;

/// <summary>
/// <c>pg2 sagemaker create-training-job</c>: the original command's options and request (channels
/// <c>training</c> and <c>manifest</c>, File mode, 24 h limit), plus the model manifest's
/// hyper-parameters. Prints the job name.
/// </summary>
internal sealed class SageMakerCreateTrainingJobCommand : Pg2Command<SageMakerCreateTrainingJobCommand.Settings>
{
    readonly Option<string> _modelName = new("--model-name") { Description = "Model name; the job is named <model>-<yyyyMMdd-HHmmss> unless --job-name is given.", Required = true };
    readonly Option<string?> _region = new("--region-name") { Description = "AWS region (default: AWS_REGION or the profile's region)." };
    readonly Option<string?> _roleName = new("--sagemaker-role-name") { Description = "IAM role SageMaker assumes (its ARN is looked up in IAM)." };
    readonly Option<string?> _roleArn = new("--role-arn") { Description = "Role ARN; skips the IAM lookup of --sagemaker-role-name." };
    readonly Option<string> _image = new("--ecr-repository-uri") { Description = "Training image, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/pls:latest.", Required = true };
    readonly Option<string> _trainingData = new("--s3-training-data-prefix") { Description = "bucket/prefix holding datasets/<dataset-prefix>/ and models/<model-prefix>/.", Required = true };
    readonly Option<string> _output = new("--s3-output-prefix") { Description = "bucket/prefix; the job writes <prefix>/<job>/output/model.tar.gz.", Required = true };
    readonly Option<string> _instanceType = new("--instance-type") { Description = "Instance type.", DefaultValueFactory = _ => "ml.m5.xlarge" };
    readonly Option<int> _volumeSize = new("--volume-size") { Description = "Volume size in GB.", DefaultValueFactory = _ => 5 };
    readonly Option<string> _datasetPrefix = new("--dataset-prefix") { Description = "Folder under datasets/ with the dataset archive (channel 'training').", Required = true };
    readonly Option<string> _modelPrefix = new("--model-prefix") { Description = "Folder under models/ with manifest.toml (channel 'manifest').", Required = true };
    readonly Option<string?> _jobName = new("--job-name") { Description = "Job name (default <model>-<yyyyMMdd-HHmmss>)." };
    readonly Option<FileInfo?> _manifest = new("--manifest-file") { Description = "Local model manifest for the hyper-parameters (default: models/<model-prefix>/manifest.toml from S3)." };
    readonly Option<string?> _endpoint = new("--endpoint-url") { Description = "SageMaker endpoint (e.g. the local emulator); default AWS_ENDPOINT_URL_SAGEMAKER or AWS." };
    readonly Option<string?> _s3Endpoint = new("--s3-endpoint-url") { Description = "S3 endpoint; default AWS_ENDPOINT_URL_S3 or AWS." };
    readonly Option<bool> _json = new("--json") { Description = "Print {\"job_name\", \"training_job_arn\"} as JSON." };

    public SageMakerCreateTrainingJobCommand(Pg2Console console) : base("create-training-job", "Create a SageMaker training job for one dataset × model pair.", console)
    {
        foreach (var o in new Option[] { _modelName, _region, _roleName, _roleArn, _image, _trainingData, _output, _instanceType, _volumeSize,
                     _datasetPrefix, _modelPrefix, _jobName, _manifest, _endpoint, _s3Endpoint, _json })
            Options.Add(o);
    }

    /// <summary>One invocation's options.</summary>
    internal sealed record Settings(string ModelName, string? Region, string? RoleName, string? RoleArn, string Image, string TrainingData,
        string Output, string InstanceType, int VolumeSize, string DatasetPrefix, string ModelPrefix, string? JobName, FileInfo? Manifest,
        string? Endpoint, string? S3Endpoint, bool Json);

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_modelName)!, parse.GetValue(_region), parse.GetValue(_roleName),
        parse.GetValue(_roleArn), parse.GetValue(_image)!, parse.GetValue(_trainingData)!, parse.GetValue(_output)!, parse.GetValue(_instanceType)!,
        parse.GetValue(_volumeSize), parse.GetValue(_datasetPrefix)!, parse.GetValue(_modelPrefix)!, parse.GetValue(_jobName),
        parse.GetValue(_manifest), parse.GetValue(_endpoint), parse.GetValue(_s3Endpoint), parse.GetValue(_json));

    protected override void Validate(Settings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.RoleArn) && string.IsNullOrWhiteSpace(settings.RoleName))
            throw new InvalidInputException("--sagemaker-role-name or --role-arn: name the IAM role SageMaker runs the job as (see docs/sagemaker.md)", ExitCodes.Usage);
    }

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var (roleArn, roleName) = (settings.RoleArn, settings.RoleName);
        var connection = AwsConnection.Resolve(settings.Region, settings.Endpoint, settings.S3Endpoint);
        var options = new TrainingJobOptions
        {
            JobName = settings.JobName ?? TrainingJobOptions.DefaultJobName(settings.ModelName, DateTime.UtcNow),
            RoleArn = roleArn ?? "",
            ImageUri = settings.Image,
            TrainingDataPrefix = settings.TrainingData,
            OutputPrefix = settings.Output,
            InstanceType = settings.InstanceType,
            VolumeSizeInGB = settings.VolumeSize,
            DatasetPrefix = settings.DatasetPrefix,
            ModelPrefix = settings.ModelPrefix,
        };
        options.ToRequest(); // validates names and sizes before any network call
        var manifest = settings.Manifest;
        var hyper = manifest is not null
            ? ModelHyperParameters.Read(manifest.FullName)
            : await AwsErrors.Translate(() => ManifestHyperParametersFromS3(connection, options.ManifestChannel.Append("manifest.toml"), cancel), "S3");
        if (string.IsNullOrWhiteSpace(roleArn))
            roleArn = await AwsErrors.Translate(() => IamRoles.GetRoleArnAsync(connection, roleName!, cancel), "IAM");
        var request = (options with { RoleArn = roleArn, HyperParameters = hyper }).ToRequest();

        using var client = new SageMakerClient(connection);
        var arn = await AwsErrors.Translate(() => client.CreateTrainingJobAsync(request, cancel), $"SageMaker at {connection.SageMakerUri}");
        await Console.Out.WriteLineAsync(settings.Json
            ? JsonSerializer.Serialize(new Dictionary<string, string> { ["job_name"] = request.TrainingJobName, ["training_job_arn"] = arn })
            : request.TrainingJobName);
        return ExitCodes.Success;
    }

    static async Task<IReadOnlyDictionary<string, string>> ManifestHyperParametersFromS3(AwsConnection connection, S3Location manifest, CancellationToken cancel)
    {
        using var store = S3ObjectStore.Create(connection);
        if (await store.HeadAsync(manifest, cancel) is null)
            throw new InvalidInputException($"--model-prefix: no manifest.toml at {manifest}; upload it first or pass --manifest-file");
        var local = Path.Combine(Path.GetTempPath(), $"pg2-manifest-{Guid.NewGuid():N}.toml");
        try
        {
            await store.DownloadAsync(manifest, local, cancel);
            return ModelHyperParameters.Read(local);
        }
        finally
        {
            File.Delete(local);
        }
    }
}
