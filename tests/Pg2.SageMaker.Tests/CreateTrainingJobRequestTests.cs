using System.Text.Json;
using System.Text.Json.Nodes;
using Pg2.Datasets;
using Pg2.SageMaker.Api;
using Pg2.SageMaker.Jobs;
using Pg2.Contracts;

namespace Pg2.SageMaker.Tests;

public sealed class CreateTrainingJobRequestTests
{
    static TrainingJobOptions Options(IReadOnlyDictionary<string, string>? hyper = null) => new()
    {
        JobName = "pls-20250101-120000",
        RoleArn = "arn:aws:iam::123456789012:role/pg2-sagemaker",
        ImageUri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/pls:latest",
        TrainingDataPrefix = "mango-pe/pg2-benchmark-training-data",
        OutputPrefix = "mango-pe/pg2-benchmark-output",
        InstanceType = "ml.m5.xlarge",
        VolumeSizeInGB = 5,
        DatasetPrefix = "charge_ladder",
        ModelPrefix = "pls",
        HyperParameters = hyper,
    };

    [Fact]
    public void ToRequest_MatchesOriginalRequestShapePlusHyperParameters()
    {
        var request = Options(new Dictionary<string, string> { ["n_components"] = "2", ["scale"] = "true" }).ToRequest();
        var actual = JsonNode.Parse(JsonSerializer.Serialize(request, SageMakerClient.Json));
        var expected = JsonNode.Parse("""
            {
              "TrainingJobName": "pls-20250101-120000",
              "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 5},
              "AlgorithmSpecification": {"TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/pls:latest", "TrainingInputMode": "File"},
              "OutputDataConfig": {"S3OutputPath": "s3://mango-pe/pg2-benchmark-output"},
              "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
              "RoleArn": "arn:aws:iam::123456789012:role/pg2-sagemaker",
              "InputDataConfig": [
                {"ChannelName": "training", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix",
                  "S3Uri": "s3://mango-pe/pg2-benchmark-training-data/datasets/charge_ladder", "S3DataDistributionType": "FullyReplicated"}}},
                {"ChannelName": "manifest", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix",
                  "S3Uri": "s3://mango-pe/pg2-benchmark-training-data/models/pls", "S3DataDistributionType": "FullyReplicated"}}}
              ],
              "HyperParameters": {"n_components": "2", "scale": "true"}
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, actual), actual!.ToJsonString());
    }

    [Fact]
    public void ToRequest_AppendsExtraChannelsAfterTrainingAndManifest()
    {
        var extra = new Channel("covariates", new DataSource(new S3DataSource("S3Prefix", "s3://b/inputs/covariates/0123", "FullyReplicated")));
        var request = (Options() with { ExtraChannels = [extra] }).ToRequest();
        Assert.Equal(["training", "manifest", "covariates"], request.InputDataConfig.Select(c => c.ChannelName));
        Assert.Equal("s3://b/inputs/covariates/0123", request.InputDataConfig[2].DataSource.S3DataSource.S3Uri);
    }

    [Fact]
    public void ToRequest_OmitsEmptyHyperParameters()
    {
        var json = JsonSerializer.Serialize(Options().ToRequest(), SageMakerClient.Json);
        Assert.DoesNotContain("HyperParameters", json, StringComparison.Ordinal);
        Assert.DoesNotContain("ContainerArguments", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-starts-with-hyphen")]
    [InlineData("has_underscore")]
    [InlineData("")]
    public void ToRequest_RejectsInvalidJobName(string name)
    {
        var e = Assert.Throws<InvalidInputException>(() => (Options() with { JobName = name }).ToRequest());
        Assert.StartsWith("--job-name:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultJobName_IsModelAndUtcTimestamp()
    {
        Assert.Equal("pls-20250304-050607", TrainingJobOptions.DefaultJobName("pls", new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc)));
        Assert.Equal("my-model-20250304-050607", TrainingJobOptions.DefaultJobName("my_model", new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc)));
    }

    [Fact]
    public void ModelHyperParameters_ReadsBothTableNamesAsStrings()
    {
        var dir = TestEnvironment.TempDir("manifest");
        var path = Path.Combine(dir, "manifest.toml");
        File.WriteAllText(path, "name = \"esm\"\n[hyper_params]\nlocation = \"esm2\"\nnogpu = false\noffset_idx = 24\nalpha = 0.5\n");
        var hp = ModelHyperParameters.Read(path);
        Assert.Equal(new Dictionary<string, string> { ["alpha"] = "0.5", ["location"] = "esm2", ["nogpu"] = "false", ["offset_idx"] = "24" }, hp);
        File.WriteAllText(path, "name = \"pls\"\n[hyper_parameters]\nn_components = 2\naa_alphabet = [\"A\", \"C\"]\n");
        var pls = ModelHyperParameters.Read(path);
        Assert.Equal("2", pls["n_components"]);
        Assert.Equal("[\"A\",\"C\"]", pls["aa_alphabet"]);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ModelHyperParameters_UnclosedQuoteThenTrailingBackslash_IsOneLineNamingTheFile()
    {
        // Tomlyn throws ArgumentOutOfRangeException describing this input (the game-file fuzz finding).
        var dir = TestEnvironment.TempDir("manifest");
        var path = Path.Combine(dir, "manifest.toml");
        File.WriteAllText(path, "name = \"m\"\n\"\n[hyper_params]\nb = 1\n\\");
        var e = Assert.Throws<InvalidInputException>(() => ModelHyperParameters.Read(path));
        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        Assert.Contains("TOML syntax error", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void EngineBody_ForAModelDeclaringCpusMemoryAGpuAndTime_PicksAGpuInstanceAndItsStoppingCondition()
    {
        var dir = TestEnvironment.TempDir("resources-body");
        var manifest = Path.Combine(dir, "manifest.toml");
        File.WriteAllText(manifest, "name = \"esm\"\n[hyper_params]\nlayers = 6\n");
        var config = Directory.CreateDirectory(Path.Combine(dir, "config")).FullName;
        var settings = new Engine.SageMakerEngineSettings { TrainingDataPrefix = "bucket/data", OutputPrefix = "bucket/out" };
        var request = new JobRequest("g-1", new ModelArtifact(new ModelSource("esm", null, "pg2/esm:latest", manifest), "sagemaker:pg2/esm:latest", "reg/esm:latest"),
            Path.Combine(dir, "d.zip"), manifest, config, Path.Combine(dir, "out"), ["--test-fold", "0"],
            new ModelResources(Cpus: 6, MemoryBytes: 24L << 30, Gpus: 1, Time: TimeSpan.FromMinutes(90)));
        var body = Engine.SageMakerEngine.TrainingJobBody(settings, request, "arn:aws:iam::1:role/r", "ds0", "m0", "g-1-20260101");
        var actual = JsonNode.Parse(JsonSerializer.Serialize(body, SageMakerClient.Json));
        var expected = JsonNode.Parse("""
            {
              "TrainingJobName": "g-1-20260101",
              "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.g5.2xlarge", "VolumeSizeInGB": 5},
              "AlgorithmSpecification": {"TrainingImage": "reg/esm:latest", "TrainingInputMode": "File", "ContainerArguments": ["train", "--test-fold", "0"]},
              "OutputDataConfig": {"S3OutputPath": "s3://bucket/out"},
              "StoppingCondition": {"MaxRuntimeInSeconds": 5400},
              "RoleArn": "arn:aws:iam::1:role/r",
              "InputDataConfig": [
                {"ChannelName": "training", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bucket/data/datasets/ds0", "S3DataDistributionType": "FullyReplicated"}}},
                {"ChannelName": "manifest", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bucket/data/models/m0", "S3DataDistributionType": "FullyReplicated"}}}
              ],
              "HyperParameters": {"layers": "6"}
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, actual), actual!.ToJsonString());
    }

    [Fact]
    public void EngineBody_ForAnE4Job_NamesTheSplitsArchiveInTheTrainingChannel_AndSendsItsOutputToTheModelFolder()
    {
        var dir = TestEnvironment.TempDir("e4-body");
        var manifest = Path.Combine(dir, "manifest.toml");
        File.WriteAllText(manifest, "name = \"pls\"\n");
        var config = Directory.CreateDirectory(Path.Combine(dir, "config")).FullName;
        var settings = new Engine.SageMakerEngineSettings { TrainingDataPrefix = "bucket/data", OutputPrefix = "bucket/out" };
        var request = new JobRequest("g-1", new ModelArtifact(new ModelSource("pls", null, "pg2/pls:latest", manifest), "sagemaker:pg2/pls:latest", "reg/pls:latest"),
            Path.Combine(dir, "d1.splits.pgdata"), manifest, config, Path.Combine(dir, "out"), ["--split", "random", "--test-fold", "2", "--target", "y"],
            ModelResources.None) { Contract = ModelContract.E4 };
        var body = Engine.SageMakerEngine.TrainingJobBody(settings, request, "arn:aws:iam::1:role/r", "ds0", "m0", "g-1-20260101");
        Assert.Equal(["train", "--dataset-file", "/opt/ml/input/data/training/d1.splits.pgdata", "--split", "random", "--test-fold", "2", "--target", "y"],
            body.AlgorithmSpecification.ContainerArguments);
        Assert.Equal("/opt/ml/model", body.Environment!["SM_MODEL_DIR"]);
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData(null, null, null, "ml.m5.xlarge")]
    [InlineData(2.0, null, null, "ml.m5.large")]
    [InlineData(null, 20L << 30, null, "ml.m5.2xlarge")]
    [InlineData(1.0, null, 1, "ml.g5.xlarge")]
    [InlineData(null, null, 4, "ml.g5.12xlarge")]
    public void InstanceType_IsTheFirstTableRowThatFits(double? cpus, long? memory, int? gpus, string expected) =>
        Assert.Equal(expected, InstanceTypes.For(new ModelResources(cpus, memory, gpus), "ml.m5.xlarge"));
}
