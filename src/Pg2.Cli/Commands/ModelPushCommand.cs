using System.CommandLine;
using Pg2.SageMaker;
using Pg2.SageMaker.Registry;
using Pg2.Contracts;

namespace Pg2.Cli.Commands;

/// <summary>
/// <c>pg2 model push &lt;model-dir|image&gt; --registry &lt;host&gt;</c>: tags a model image as
/// <c>&lt;registry&gt;/&lt;model&gt;:&lt;tag&gt;</c> and pushes it. For Amazon ECR it logs in with the AWS
/// credentials first (and can create the repository), so SageMaker can run the image.
/// </summary>
internal sealed class ModelPushCommand : Pg2Command<ModelPushCommand.Settings>
{
    readonly Argument<string> _model = new("model") { Description = "Model folder (image pg2/<folder>:latest) or an image reference" };
    readonly Option<string> _registry = new("--registry") { Description = "Registry host, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com", Required = true };
    readonly Option<string?> _repository = new("--repository") { Description = "Repository name (default: the model name)" };
    readonly Option<string> _tag = new("--tag") { Description = "Tag to push", DefaultValueFactory = _ => "latest" };
    readonly Option<bool> _create = new("--create-repository") { Description = "ECR: create the repository if it does not exist" };
    readonly Option<bool> _noLogin = new("--no-login") { Description = "Skip the ECR login (already logged in)" };
    readonly Option<string?> _region = new("--region-name") { Description = "AWS region (default: the registry host's region)" };
    readonly Option<string> _engine = new("--engine") { Description = "Container CLI: docker or podman", DefaultValueFactory = _ => "docker" };

    public ModelPushCommand(Pg2Console console) : base("push", "Push a model image to a registry (Amazon ECR for SageMaker).", console)
    {
        Arguments.Add(_model);
        foreach (var o in new Option[] { _registry, _repository, _tag, _create, _noLogin, _region, _engine }) Options.Add(o);
    }

    /// <summary>One invocation's options.</summary>
    internal sealed record Settings(string Model, string Registry, string? Repository, string Tag, bool CreateRepository, bool NoLogin,
        string? Region, string Engine);

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_model)!, parse.GetValue(_registry)!, parse.GetValue(_repository),
        parse.GetValue(_tag)!, parse.GetValue(_create), parse.GetValue(_noLogin), parse.GetValue(_region), parse.GetValue(_engine)!);

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken ct)
    {
        var arg = settings.Model;
        var cli = settings.Engine;
        var registry = settings.Registry.Trim().TrimEnd('/');
        string image, name;
        if (Directory.Exists(arg))
        {
            name = Path.GetFileName(Path.GetFullPath(arg).TrimEnd(Path.DirectorySeparatorChar));
            image = $"pg2/{name}:latest";
        }
        else
        {
            image = arg;
            var last = arg[(arg.LastIndexOf('/') + 1)..];
            name = last.Split(':', '@')[0];
        }
        var target = $"{registry}/{settings.Repository ?? name}:{settings.Tag}";

        if (EcrRegistry.RegionOf(registry) is { } ecrRegion && !settings.NoLogin)
        {
            var connection = AwsConnection.Resolve(settings.Region ?? ecrRegion);
            using var ecr = new EcrRegistry(connection);
            if (settings.CreateRepository)
                await AwsErrors.Translate(() => ecr.CreateRepositoryAsync(settings.Repository ?? name, ct), "ECR");
            var (user, password) = await AwsErrors.Translate(() => ecr.GetLoginAsync(ct), "ECR");
            await RunCli(cli, ["login", "--username", user, "--password-stdin", registry], password, ct);
        }
        await RunCli(cli, ["tag", image, target], null, ct);
        await RunCli(cli, ["push", target], null, ct);
        await Console.Out.WriteLineAsync(target);
        return ExitCodes.Success;
    }

    static async Task RunCli(string cli, string[] args, string? stdin, CancellationToken ct)
    {
        ChildProcessResult result;
        try
        {
            result = await ChildProcess.RunAsync(cli, args, ct, standardInput: stdin);
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"--engine: {e.Message}", ExitCodes.Usage);
        }
        if (result.ExitCode != 0)
            throw new InvalidInputException($"{cli} {args[0]} failed (exit {result.ExitCode}): {ChildProcess.Tail(result.Log, 1)}", ExitCodes.JobsFailed);
    }
}
