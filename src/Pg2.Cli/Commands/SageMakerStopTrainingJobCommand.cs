using System.CommandLine;
using Pg2.Datasets;
using Pg2.SageMaker;
using Pg2.SageMaker.Api;
using Pg2.Contracts;

namespace Pg2.Cli.Commands;

/// <summary><c>pg2 sagemaker stop-training-job</c>: asks SageMaker to stop a job (it ends <c>Stopped</c>).</summary>
internal sealed class SageMakerStopTrainingJobCommand : Pg2Command<SageMakerStopTrainingJobCommand.Settings>
{
    readonly Option<string?> _region = new("--region-name") { Description = "AWS region (default: AWS_REGION or the profile's region)." };
    readonly Option<string> _jobName = new("--job-name") { Description = "The training job.", Required = true };
    readonly Option<string?> _endpoint = new("--endpoint-url") { Description = "SageMaker endpoint (e.g. the local emulator)." };

    public SageMakerStopTrainingJobCommand(Pg2Console console) : base("stop-training-job", "Stop a running SageMaker training job.", console)
    {
        foreach (var o in new Option[] { _region, _jobName, _endpoint }) Options.Add(o);
    }

    /// <summary>One invocation's options.</summary>
    internal sealed record Settings(string? Region, string JobName, string? Endpoint);

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_region), parse.GetValue(_jobName)!, parse.GetValue(_endpoint));

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var connection = AwsConnection.Resolve(settings.Region, settings.Endpoint);
        using var client = new SageMakerClient(connection);
        await AwsErrors.Translate(async () => { await client.StopTrainingJobAsync(settings.JobName, cancel); return 0; },
            $"SageMaker at {connection.SageMakerUri}");
        return ExitCodes.Success;
    }
}
