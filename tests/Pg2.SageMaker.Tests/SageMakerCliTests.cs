using System.Text.Json;
using System.Text.Json.Nodes;
using Pg2.Cli;
using Pg2.Datasets;
using Pg2.SageMaker.Jobs;
using Pg2.Contracts;
using Pg2.Testing;

namespace Pg2.SageMaker.Tests;

/// <summary><c>pg2 sagemaker …</c> end to end against the emulator and s3rver.</summary>
[Collection("s3rver")]
public sealed class SageMakerCliTests(S3rverFixture s3)
{
    // The environment is process-wide: one invocation at a time sets it.
    static readonly SemaphoreSlim EnvironmentGate = new(1, 1);

    static async Task<CliResult> Run(Dictionary<string, string?> env, params string[] args)
    {
        await EnvironmentGate.WaitAsync();
        var saved = env.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (k, v) in env) Environment.SetEnvironmentVariable(k, v);
            return await CliResult.CaptureAsync((output, error) => Pg2App.RunAsync(args, output, error));
        }
        finally
        {
            foreach (var (k, v) in saved) Environment.SetEnvironmentVariable(k, v);
            EnvironmentGate.Release();
        }
    }

    Dictionary<string, string?> Env() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = TestEnvironment.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = TestEnvironment.SecretKey,
        ["AWS_ENDPOINT_URL_S3"] = s3.Endpoint.ToString(),
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    async Task<string> UploadPair(string prefix)
    {
        var dir = TestEnvironment.TempDir("cli");
        File.WriteAllText(Path.Combine(dir, "dataset.zip"), "cli dataset");
        File.WriteAllText(Path.Combine(dir, "manifest.toml"), "name = \"pls\"\n[hyper_params]\nn_components = 4\n");
        using var store = s3.Store();
        var root = Storage.S3Location.Parse($"{S3rverFixture.Bucket}/{prefix}", "test");
        await store.UploadIfChangedAsync(Path.Combine(dir, "dataset.zip"), root.Append("datasets/charge_ladder/dataset.zip"));
        await store.UploadIfChangedAsync(Path.Combine(dir, "manifest.toml"), root.Append("models/pls/manifest.toml"));
        Directory.Delete(dir, true);
        return root.ToString();
    }

    string[] CreateArgs(Uri emulator, string data, string image, string job) =>
    [
        "sagemaker", "create-training-job", "--model-name", "pls", "--region-name", "us-east-1",
        "--role-arn", "arn:aws:iam::000000000000:role/pg2-test", "--ecr-repository-uri", image,
        "--s3-training-data-prefix", data, "--s3-output-prefix", $"{S3rverFixture.Bucket}/cli-out",
        "--instance-type", "ml.m5.large", "--volume-size", "7", "--dataset-prefix", "charge_ladder", "--model-prefix", "pls",
        "--job-name", job, "--endpoint-url", emulator.ToString(),
    ];

    [S3Fact]
    public async Task CreateThenMonitor_CompletedJobPrintsOriginalResultShape()
    {
        await using var emulator = await EmulatorHost.StartAsync(s3.Endpoint, FakeContainerCli.Get());
        var data = await UploadPair($"cli-{Guid.NewGuid():N}");
        var job = $"cli-ok-{Guid.NewGuid():N}"[..20];

        var created = await Run(Env(), CreateArgs(emulator.Endpoint, data, "fake/ok", job));
        Assert.True(created.Code == 0, created.Err);
        Assert.Equal(job, created.Out.Trim());

        var monitored = await Run(Env(), "sagemaker", "monitor-training-job", "--region-name", "us-east-1", "--job-name", job,
            "--poll-interval", "0.1", "--timeout", "120", "--endpoint-url", emulator.Endpoint.ToString(), "--quiet");
        Assert.True(monitored.Code == 0, monitored.Err);
        var result = JsonNode.Parse(monitored.Out)!.AsObject();
        Assert.Equal("Completed", (string?)result["status"]);
        Assert.Equal(job, (string?)result["job_name"]);
        Assert.Equal($"s3://{S3rverFixture.Bucket}/cli-out/{job}/output/model.tar.gz", (string?)result["model_artifacts"]!["S3ModelArtifacts"]);
        Assert.NotNull(result["training_time"]);
        Assert.NotNull(result["billable_time"]);
        Assert.False(result.ContainsKey("failure_reason"));
    }

    [S3Fact]
    public async Task CreateThenMonitor_FailedJobPrintsFailureReasonAndExits5()
    {
        await using var emulator = await EmulatorHost.StartAsync(s3.Endpoint, FakeContainerCli.Get());
        var data = await UploadPair($"cli-{Guid.NewGuid():N}");
        var job = $"cli-fail-{Guid.NewGuid():N}"[..22];
        Assert.Equal(0, (await Run(Env(), CreateArgs(emulator.Endpoint, data, "fake/fail", job))).Code);

        var monitored = await Run(Env(), "sagemaker", "monitor-training-job", "--job-name", job, "--region-name", "us-east-1",
            "--poll-interval", "0.1", "--endpoint-url", emulator.Endpoint.ToString());
        Assert.Equal(ExitCodes.JobsFailed, monitored.Code);
        Assert.Equal(
            JsonSerializer.Serialize(new TrainingJobOutcome { Status = "Failed", JobName = job, FailureReason = "InvalidInput: dataset.zip lacks manifest.toml" }),
            monitored.Out.Trim());
        Assert.Contains($"{job}: InProgress", monitored.Err, StringComparison.Ordinal);
    }

    [S3Fact]
    public async Task StopCommand_EndsJobStopped()
    {
        await using var emulator = await EmulatorHost.StartAsync(s3.Endpoint, FakeContainerCli.Get());
        var data = await UploadPair($"cli-{Guid.NewGuid():N}");
        var job = $"cli-stop-{Guid.NewGuid():N}"[..22];
        Assert.Equal(0, (await Run(Env(), CreateArgs(emulator.Endpoint, data, "fake/sleep", job))).Code);
        Assert.Equal(0, (await Run(Env(), "sagemaker", "stop-training-job", "--job-name", job, "--region-name", "us-east-1", "--endpoint-url", emulator.Endpoint.ToString())).Code);
        var monitored = await Run(Env(), "sagemaker", "monitor-training-job", "--job-name", job, "--region-name", "us-east-1",
            "--poll-interval", "0.1", "--endpoint-url", emulator.Endpoint.ToString(), "--quiet");
        Assert.Equal("{\"status\":\"Stopped\",\"job_name\":\"" + job + "\"}", monitored.Out.Trim());
    }

    [Fact]
    public async Task Create_WithoutRole_IsUsageError()
    {
        var r = await Run(Env(), "sagemaker", "create-training-job", "--model-name", "pls", "--ecr-repository-uri", "x",
            "--s3-training-data-prefix", "bucket/data", "--s3-output-prefix", "bucket/out", "--dataset-prefix", "d", "--model-prefix", "m");
        Assert.Equal(ExitCodes.Usage, r.Code);
        Assert.Equal("pg2: error: --sagemaker-role-name or --role-arn: name the IAM role SageMaker runs the job as (see docs/sagemaker.md)", r.Err.Trim());
    }

    [Fact]
    public async Task Monitor_WithoutCredentials_SaysSoInOneLine()
    {
        var env = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = null, ["AWS_SECRET_ACCESS_KEY"] = null, ["AWS_SESSION_TOKEN"] = null, ["AWS_PROFILE"] = null,
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials", ["AWS_CONFIG_FILE"] = "/nonexistent/config",
            ["AWS_WEB_IDENTITY_TOKEN_FILE"] = null, ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = null, ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = null,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        var r = await Run(env, "sagemaker", "monitor-training-job", "--region-name", "us-east-1", "--job-name", "j");
        Assert.Equal(ExitCodes.InvalidInput, r.Code);
        Assert.StartsWith("pg2: error: no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", r.Err, StringComparison.Ordinal);
        Assert.Single(r.Err.Trim().Split('\n'));
    }

    [Fact]
    public async Task ModelPush_LogsIntoEcrThenTagsAndPushes()
    {
        var dir = TestEnvironment.TempDir("push");
        var log = Path.Combine(dir, "cli.log");
        var cli = Path.Combine(dir, "fake-docker");
        File.WriteAllText(cli, $"#!/usr/bin/env bash\nstdin=$(cat)\necho \"$* | $stdin\" >> '{log}'\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(cli, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var port = TestEnvironment.FreePort();
        using var ecr = new System.Net.HttpListener();
        ecr.Prefixes.Add($"http://127.0.0.1:{port}/");
        ecr.Start();
        var targets = new List<string>();
        var serve = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var ctx = await ecr.GetContextAsync();
                var target = ctx.Request.Headers["X-Amz-Target"] ?? "";
                lock (targets) targets.Add(target);
                var (status, body) = target.EndsWith(".CreateRepository", StringComparison.Ordinal)
                    ? (400, "{\"__type\":\"RepositoryAlreadyExistsException\",\"message\":\"exists\"}")
                    : (200, "{\"authorizationData\":[{\"authorizationToken\":\"" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("AWS:s3cret-pw")) + "\",\"proxyEndpoint\":\"https://x\"}]}");
                ctx.Response.StatusCode = status;
                var bytes = System.Text.Encoding.UTF8.GetBytes(body);
                await ctx.Response.OutputStream.WriteAsync(bytes);
                ctx.Response.Close();
            }
        });
        var env = Env();
        env["AWS_ENDPOINT_URL_ECR"] = $"http://127.0.0.1:{port}/";
        var registry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
        var r = await Run(env, "model", "push", Path.Combine(TestEnvironment.RepoRoot, "models", "pls"), "--registry", registry, "--create-repository", "--engine", cli);
        await serve.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal($"{registry}/pls:latest", r.Out.Trim());
        Assert.Equal(["AmazonEC2ContainerRegistry_V20150921.CreateRepository", "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken"], targets);
        Assert.Equal(
            [$"login --username AWS --password-stdin {registry} | s3cret-pw", $"tag pg2/pls:latest {registry}/pls:latest | ", $"push {registry}/pls:latest | "],
            File.ReadAllLines(log));
        Directory.Delete(dir, true);
    }
}
