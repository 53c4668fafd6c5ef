using Pg2.Contracts;
using Pg2.Engines.Docker;
using Pg2.Engines.Local;
using Pg2.Engines.Podman;

namespace Pg2.Engines.Tests;

/// <summary>The extra job inputs: channel names, and the exact mount, variable and argument each engine produces.</summary>
public sealed class JobInputTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("pg2-job-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string File(string name)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, "mutant,score\nA1C,0.5\n");
        return path;
    }

    JobRequest Request(params JobInput[] inputs)
    {
        var model = new ModelSource("m", null, "pg2/m:latest", Path.Combine(_dir, "manifest.toml"));
        var artifact = new ModelArtifact(model, "sha256:abc", "pg2/m:latest");
        var output = Directory.CreateDirectory(Path.Combine(_dir, "job", ".run", "output")).FullName;
        return new JobRequest("job-1", artifact, Path.Combine(_dir, "d.zip"), Path.Combine(_dir, "manifest.toml"),
            Path.Combine(_dir, "config"), output, ["--split", "random"], ModelResources.None, JobCommand.Train, inputs);
    }

    [Theory]
    [InlineData("covariates")]
    [InlineData("esm_weights2")]
    [InlineData("a")]
    public void ValidChannelNames_AreKept(string name) => Assert.Equal(name, new JobInput(name, _dir).Channel);

    [Theory]
    [InlineData("")]
    [InlineData("Covariates")]
    [InlineData("1scores")]
    [InlineData("../etc")]
    [InlineData("a-b")]
    [InlineData("a.b")]
    [InlineData("training")]
    [InlineData("manifest")]
    public void BadChannelNames_AreOneLineErrors(string name)
    {
        var e = Assert.Throws<InvalidInputException>(() => new JobInput(name, _dir));
        Assert.Contains("is not valid: use a lower-case letter", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void TooLongChannelName_IsRefused() =>
        Assert.Throws<InvalidInputException>(() => new JobInput(new string('a', 65), _dir));

    [Fact]
    public void Variable_IsSmChannelAndTheUpperCasedName() =>
        Assert.Equal("SM_CHANNEL_ESM_WEIGHTS", new JobInput("esm_weights", _dir).VariableName);

    [Fact]
    public void Local_SetsSmChannelToTheHostPath()
    {
        var file = File("scores.csv");
        var env = LocalEngine.Variables(Request(new JobInput("covariates", file), new JobInput("weights", _dir)));
        Assert.Equal(file, env["SM_CHANNEL_COVARIATES"]);
        Assert.Equal(_dir, env["SM_CHANNEL_WEIGHTS"]);
    }

    [Fact]
    public void Local_MissingInput_IsAnErrorNamingTheChannel()
    {
        var e = Assert.Throws<InvalidInputException>(() => LocalEngine.Variables(Request(new JobInput("covariates", Path.Combine(_dir, "absent.csv")))));
        Assert.Equal(ExitCodes.FileNotFound, e.ExitCode);
        Assert.Contains("job input 'covariates'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Docker_MountsAFileInsideItsChannelFolder_AFolderAsTheChannel_ReadOnly_AndSetsTheVariables()
    {
        var file = File("scores.csv");
        var weights = Directory.CreateDirectory(Path.Combine(_dir, "weights")).FullName;
        var create = DockerEngine.CreateParameters(Request(new JobInput("covariates", file), new JobInput("weights", weights)));
        Assert.Contains($"{file}:/opt/ml/input/data/covariates/scores.csv:ro", create.HostConfig!.Binds);
        Assert.Contains($"{weights}:/opt/ml/input/data/weights:ro", create.HostConfig!.Binds);
        Assert.Equal(6, create.HostConfig!.Binds.Count);
        Assert.Equal(["SM_CHANNEL_COVARIATES=/opt/ml/input/data/covariates", "SM_CHANNEL_WEIGHTS=/opt/ml/input/data/weights"], create.Env);
    }

    [Fact]
    public void Docker_WithoutInputs_HasTheFourSageMakerBindsAndNoVariables()
    {
        var create = DockerEngine.CreateParameters(Request());
        Assert.Equal(4, create.HostConfig!.Binds.Count);
        Assert.Empty(create.Env);
    }

    [Fact]
    public void Podman_PassesTheSameMountsAndVariables_BeforeTheImage()
    {
        var file = File("scores.csv");
        var args = PodmanEngine.RunArguments(Request(new JobInput("covariates", file)));
        var image = args.IndexOf("pg2/m:latest");
        var mount = args.IndexOf($"{file}:/opt/ml/input/data/covariates/scores.csv:ro");
        var variable = args.IndexOf("SM_CHANNEL_COVARIATES=/opt/ml/input/data/covariates");
        Assert.True(mount > 0 && args[mount - 1] == "-v" && mount < image, string.Join(' ', args));
        Assert.True(variable > 0 && args[variable - 1] == "-e" && variable < image, string.Join(' ', args));
        Assert.Equal(["train", "--split", "random"], args[(image + 1)..]);
    }

    [Fact]
    public void TheArchiveBudget_SetOnTheHost_IsPassedToContainerJobs_AndNothingWhenUnset()
    {
        Assert.Contains("PG2_MAX_ARCHIVE_BYTES", SageMakerTrainingJobPath.ForwardedVariables);
        Assert.Equal([new("PG2_MAX_ARCHIVE_BYTES", "8g")], SageMakerTrainingJobPath.HostLimits(n => n == "PG2_MAX_ARCHIVE_BYTES" ? "8g" : null));
        Assert.Empty(SageMakerTrainingJobPath.HostLimits(n => n == "PG2_MAX_ARCHIVE_BYTES" ? "" : null));
    }

    [Fact]
    public void TwoInputsOnOneChannel_AreRefused()
    {
        var file = File("scores.csv");
        var e = Assert.Throws<InvalidInputException>(() => DockerEngine.CreateParameters(Request(new JobInput("covariates", file), new JobInput("covariates", _dir))));
        Assert.Contains("'covariates' is given twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileWithAnUnsafeName_IsRefusedBeforeItBecomesABindSpec()
    {
        var file = File("a:b.csv");
        var e = Assert.Throws<InvalidInputException>(() => DockerEngine.CreateParameters(Request(new JobInput("covariates", file))));
        Assert.Contains("job input 'covariates': file name", e.Message, StringComparison.Ordinal);
    }
}
