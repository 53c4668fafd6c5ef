using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pg2.SageMaker.Api;

namespace Pg2.SageMakerEmulator;

/// <summary>
/// The emulator's web app: <c>POST /</c> with <c>X-Amz-Target: SageMaker.CreateTrainingJob</c>,
/// <c>DescribeTrainingJob</c> or <c>StopTrainingJob</c>, JSON 1.1 bodies and SigV4-signed requests.
/// </summary>
public static partial class EmulatorApp
{
    static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>
    /// Builds the app from command-line arguments (<c>--urls</c>, <c>--s3-endpoint</c>, <c>--access-key</c>,
    /// <c>--secret-key</c>, <c>--region</c>, <c>--container-cli</c>, <c>--work-dir</c>, <c>--keep-jobs</c>).
    /// </summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--s3-endpoint"] = "Emulator:S3Endpoint",
            ["--access-key"] = "Emulator:AccessKeyId",
            ["--secret-key"] = "Emulator:SecretAccessKey",
            ["--region"] = "Emulator:Region",
            ["--container-cli"] = "Emulator:ContainerCli",
            ["--work-dir"] = "Emulator:WorkDirectory",
            ["--keep-jobs"] = "Emulator:KeepJobDirectories",
        });
        var section = builder.Configuration.GetSection("Emulator");
        var defaults = new EmulatorOptions();
        var options = new EmulatorOptions
        {
            S3Endpoint = section["S3Endpoint"] ?? defaults.S3Endpoint,
            AccessKeyId = section["AccessKeyId"] ?? defaults.AccessKeyId,
            SecretAccessKey = section["SecretAccessKey"] ?? defaults.SecretAccessKey,
            Region = section["Region"] ?? defaults.Region,
            ContainerCli = section["ContainerCli"] ?? defaults.ContainerCli,
            WorkDirectory = section["WorkDirectory"] ?? defaults.WorkDirectory,
            KeepJobDirectories = bool.TryParse(section["KeepJobDirectories"], out var keep) && keep,
        };
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<TrainingJobExecutor>();
        builder.Services.AddSingleton(new ConcurrentDictionary<string, EmulatedJob>(StringComparer.Ordinal));
        var app = builder.Build();
        var verifier = new SigV4Verifier(options.AccessKeyId, options.SecretAccessKey, SageMakerClient.SigningService);
        app.MapPost("/", (HttpContext http, ConcurrentDictionary<string, EmulatedJob> jobs, TrainingJobExecutor executor) =>
            HandleAsync(http, verifier, options, jobs, executor));
        app.MapGet("/health", () => Results.Text("ok"));
        return app;
    }

    static async Task<IResult> HandleAsync(HttpContext http, SigV4Verifier verifier, EmulatorOptions options,
        ConcurrentDictionary<string, EmulatedJob> jobs, TrainingJobExecutor executor)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var problem = verifier.Verify(new SigV4Verifier.SignedRequest(http.Request.Method, http.Request.Path.ToUriComponent(),
            http.Request.QueryString.Value ?? "", headers, body), DateTimeOffset.UtcNow);
        if (problem is not null)
            return Error(HttpStatusCode.Forbidden, problem.StartsWith("unknown access key", StringComparison.Ordinal) ? "UnrecognizedClientException" : "InvalidSignatureException", problem);

        var target = headers.GetValueOrDefault("x-amz-target") ?? "";
        try
        {
            return target switch
            {
                "SageMaker.CreateTrainingJob" => Create(Parse<CreateTrainingJobRequest>(body), options, jobs, executor),
                "SageMaker.DescribeTrainingJob" => Find(jobs, Parse<TrainingJobNameRequest>(body)) is { } job
                    ? Results.Json(job.Describe()) : NotFound(Parse<TrainingJobNameRequest>(body)),
                "SageMaker.StopTrainingJob" => Stop(jobs, Parse<TrainingJobNameRequest>(body)),
                _ => Error(HttpStatusCode.BadRequest, "UnknownOperationException", $"unsupported operation '{target}'"),
            };
        }
        catch (JsonException e)
        {
            return Error(HttpStatusCode.BadRequest, "SerializationException", e.Message.ReplaceLineEndings(" "));
        }
    }

    static T Parse<T>(byte[] body) => JsonSerializer.Deserialize<T>(body, Json) ?? throw new JsonException("empty body");

    static EmulatedJob? Find(ConcurrentDictionary<string, EmulatedJob> jobs, TrainingJobNameRequest r) =>
        jobs.TryGetValue(r.TrainingJobName ?? "", out var job) ? job : null;

    static IResult NotFound(TrainingJobNameRequest r) =>
        Error(HttpStatusCode.BadRequest, "ValidationException", $"Requested resource not found: training job '{r.TrainingJobName}'");

    static IResult Stop(ConcurrentDictionary<string, EmulatedJob> jobs, TrainingJobNameRequest r)
    {
        if (Find(jobs, r) is not { } job) return NotFound(r);
        job.RequestStop();
        return Results.Json(new { });
    }

    static IResult Create(CreateTrainingJobRequest r, EmulatorOptions options, ConcurrentDictionary<string, EmulatedJob> jobs, TrainingJobExecutor executor)
    {
        if (r.TrainingJobName is null || !JobName().IsMatch(r.TrainingJobName))
            return Error(HttpStatusCode.BadRequest, "ValidationException", $"1 validation error detected: Value '{r.TrainingJobName}' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){{0,62}}");
        if (r.RoleArn is null || !RoleArn().IsMatch(r.RoleArn))
            return Error(HttpStatusCode.BadRequest, "ValidationException", $"Could not assume role '{r.RoleArn}': expected arn:aws:iam::<12-digit account>:role/<name>");
        if (string.IsNullOrWhiteSpace(r.AlgorithmSpecification?.TrainingImage))
            return Error(HttpStatusCode.BadRequest, "ValidationException", "AlgorithmSpecification.TrainingImage is required");
        if (r.InputDataConfig is null || r.InputDataConfig.Any(c => c.DataSource?.S3DataSource?.S3DataType != "S3Prefix"))
            return Error(HttpStatusCode.BadRequest, "ValidationException", "every channel needs an S3DataSource with S3DataType S3Prefix");
        if (r.OutputDataConfig?.S3OutputPath is null || r.StoppingCondition is null || r.ResourceConfig is null)
            return Error(HttpStatusCode.BadRequest, "ValidationException", "OutputDataConfig, ResourceConfig and StoppingCondition are required");
        var arn = $"arn:aws:sagemaker:{options.Region}:000000000000:training-job/{r.TrainingJobName.ToLowerInvariant()}";
        var job = new EmulatedJob(r, arn, DateTimeOffset.UtcNow);
        if (!jobs.TryAdd(r.TrainingJobName, job))
            return Error(HttpStatusCode.BadRequest, "ResourceInUse", $"Training job names must be unique within an AWS account and region, and a training job with this name already exists ({arn})");
        _ = Task.Run(() => executor.RunAsync(job));
        return Results.Json(new CreateTrainingJobResponse(arn));
    }

    static IResult Error(HttpStatusCode status, string type, string message) =>
        Results.Json(new Dictionary<string, string> { ["__type"] = type, ["message"] = message }, statusCode: (int)status,
            contentType: SageMakerClient.ContentType);

    [GeneratedRegex("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")]
    private static partial Regex JobName();
    [GeneratedRegex(@"^arn:aws[a-z\-]*:iam::\d{12}:role/.+$")]
    private static partial Regex RoleArn();
}
