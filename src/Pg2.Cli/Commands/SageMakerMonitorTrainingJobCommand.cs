using System.CommandLine;
using System.Text.Json;
using Pg2.Datasets;
using Pg2.SageMaker;
using Pg2.SageMaker.Api;
using Pg2.SageMaker.Jobs;
using Pg2.Contracts;

namespace Pg2.Cli.Commands;

/// <summary>
/// <c>pg2 sagemaker monitor-training-job</c>: polls until the job ends or the timeout passes and prints
/// the original's result object (<c>status</c>, <c>job_name</c>, and <c>model_artifacts</c>/<c>training_time</c>/
/// <c>billable_time</c> or <c>failure_reason</c>). Exit code 0 only for <c>Completed</c>.
/// </summary>
internal sealed class SageMakerMonitorTrainingJobCommand : Pg2Command<SageMakerMonitorTrainingJobCommand.Settings>
{
    readonly Option<string?> _region = new("--region-name") { Description = "AWS region (default: AWS_REGION or the profile's region)." };
    readonly Option<string> _jobName = new("--job-name") { Description = "The training job.", Required = true };
    readonly Option<double> _poll = new("--poll-interval") { Description = "Seconds between status checks.", DefaultValueFactory = _ => 30 };
    readonly Option<double> _timeout = new("--timeout") { Description = "Give up (status Timeout) after this many seconds.", DefaultValueFactory = _ => 3600 };
    readonly Option<string?> _endpoint = new("--endpoint-url") { Description = "SageMaker endpoint (e.g. the local emulator); default AWS_ENDPOINT_URL_SAGEMAKER or AWS." };
    readonly Option<bool> _quiet = new("--quiet") { Description = "No progress lines on stderr." };

    public SageMakerMonitorTrainingJobCommand(Pg2Console console) : base("monitor-training-job", "Wait for a SageMaker training job and print its outcome as JSON.", console)
    {
        foreach (var o in new Option[] { _region, _jobName, _poll, _timeout, _endpoint, _quiet }) Options.Add(o);
    }

    /// <summary>One invocation's options.</summary>
    internal sealed record Settings(string? Region, string JobName, double PollSeconds, double TimeoutSeconds, string? Endpoint, bool Quiet);

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_region), parse.GetValue(_jobName)!, parse.GetValue(_poll),
        parse.GetValue(_timeout), parse.GetValue(_endpoint), parse.GetValue(_quiet));

    protected override void Validate(Settings settings)
    {
        if (settings.PollSeconds <= 0) throw new InvalidInputException($"--poll-interval: expected a positive number of seconds, got {settings.PollSeconds}", ExitCodes.Usage);
        if (settings.TimeoutSeconds < 0) throw new InvalidInputException($"--timeout: expected seconds >= 0, got {settings.TimeoutSeconds}", ExitCodes.Usage);
    }

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var connection = AwsConnection.Resolve(settings.Region, settings.Endpoint);
        using var client = new SageMakerClient(connection);
        var monitor = new TrainingJobMonitor(client);
        if (!settings.Quiet)
            monitor.StatusSeen += (job, status, secondary) => Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {job}: {status} ({secondary})");
        var outcome = await AwsErrors.Translate(
            () => monitor.WaitAsync(settings.JobName, TimeSpan.FromSeconds(settings.PollSeconds), TimeSpan.FromSeconds(settings.TimeoutSeconds), cancel),
            $"SageMaker at {connection.SageMakerUri}");
        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(outcome));
        return outcome.Status == TrainingJobStatus.Completed ? ExitCodes.Success : ExitCodes.JobsFailed;
    }
}
