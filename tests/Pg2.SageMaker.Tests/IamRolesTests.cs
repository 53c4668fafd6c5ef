using System.Net;
using System.Text;
using Pg2.Datasets;
using Pg2.SageMakerEmulator;
using Pg2.Contracts;

namespace Pg2.SageMaker.Tests;

public sealed class IamRolesTests
{
    static HttpResponseMessage Xml(HttpStatusCode status, string xml) =>
        new(status) { Content = new StringContent(xml, Encoding.UTF8, "text/xml") };

    [Fact]
    public async Task GetRoleArn_SendsSignedGetRoleAndReadsArn()
    {
        var wire = new CapturingHandler((_, _) => Xml(HttpStatusCode.OK,
            "<GetRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetRoleResult><Role><RoleName>pg2-sagemaker</RoleName>" +
            "<Arn>arn:aws:iam::123456789012:role/pg2-sagemaker</Arn></Role></GetRoleResult></GetRoleResponse>"));
        var arn = await IamRoles.GetRoleArnAsync(TestEnvironment.Connection(), " pg2-sagemaker ", transport: wire);
        Assert.Equal("arn:aws:iam::123456789012:role/pg2-sagemaker", arn);
        var (request, headers, body) = Assert.Single(wire.Requests);
        Assert.Equal("Action=GetRole&RoleName=pg2-sagemaker&Version=2010-05-08", Encoding.UTF8.GetString(body));
        Assert.Contains("/us-east-1/iam/aws4_request", headers["Authorization"], StringComparison.Ordinal);
        var verifier = new SigV4Verifier(TestEnvironment.AccessKey, TestEnvironment.SecretKey, "iam");
        Assert.Null(verifier.Verify(new SigV4Verifier.SignedRequest("POST", request.RequestUri!.AbsolutePath, "", headers, body), DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task GetRoleArn_MissingRoleIsOneClearLine()
    {
        var wire = new CapturingHandler((_, _) => Xml(HttpStatusCode.NotFound,
            "<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name nope cannot be found.</Message></Error></ErrorResponse>"));
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => IamRoles.GetRoleArnAsync(TestEnvironment.Connection(), "nope", transport: wire));
        Assert.Equal("--sagemaker-role-name: IAM role 'nope' does not exist; create it (docs/sagemaker.md) or pass --role-arn", e.Message);
        await Assert.ThrowsAsync<InvalidInputException>(() => IamRoles.GetRoleArnAsync(TestEnvironment.Connection(), "  ", transport: wire));
    }
}

public sealed class SageMakerEngineSettingsTests
{
    [Fact]
    public void FromEnvironment_ReadsVariablesAndNamesWhatIsMissing()
    {
        var env = new Dictionary<string, string>
        {
            ["PG2_SAGEMAKER_S3_TRAINING_DATA_PREFIX"] = "bucket/data",
            ["PG2_SAGEMAKER_S3_OUTPUT_PREFIX"] = "bucket/out",
            ["PG2_SAGEMAKER_ROLE_NAME"] = "pg2-sagemaker",
            ["PG2_SAGEMAKER_IMAGE_REGISTRY"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/",
            ["PG2_SAGEMAKER_MAX_JOBS"] = "8",
            ["PG2_SAGEMAKER_POLL_SECONDS"] = "5",
        };
        var s = Engine.SageMakerEngineSettings.FromEnvironment(env.GetValueOrDefault);
        Assert.Equal(("bucket/data", "bucket/out", "pg2-sagemaker", null), (s.TrainingDataPrefix, s.OutputPrefix, s.RoleName, s.RoleArn));
        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com", s.ImageRegistry);
        Assert.Equal((8, TimeSpan.FromSeconds(5), "ml.m5.xlarge", 5), (s.MaxConcurrentJobs, s.PollInterval, s.InstanceType, s.VolumeSizeInGB));

        env.Remove("PG2_SAGEMAKER_ROLE_NAME");
        Assert.Contains("PG2_SAGEMAKER_ROLE_ARN or PG2_SAGEMAKER_ROLE_NAME",
            Assert.Throws<Pg2.Contracts.InvalidInputException>(() => Engine.SageMakerEngineSettings.FromEnvironment(env.GetValueOrDefault)).Message, StringComparison.Ordinal);
        env.Remove("PG2_SAGEMAKER_S3_OUTPUT_PREFIX");
        Assert.Equal("--engine sagemaker: set PG2_SAGEMAKER_S3_OUTPUT_PREFIX (see docs/sagemaker.md)",
            Assert.Throws<Pg2.Contracts.InvalidInputException>(() => Engine.SageMakerEngineSettings.FromEnvironment(env.GetValueOrDefault)).Message);
        env["PG2_SAGEMAKER_S3_OUTPUT_PREFIX"] = "b/o";
        env["PG2_SAGEMAKER_ROLE_ARN"] = "arn:aws:iam::1:role/r";
        env["PG2_SAGEMAKER_MAX_JOBS"] = "zero";
        Assert.Equal("PG2_SAGEMAKER_MAX_JOBS: expected a positive integer, got 'zero'",
            Assert.Throws<Pg2.Contracts.InvalidInputException>(() => Engine.SageMakerEngineSettings.FromEnvironment(env.GetValueOrDefault)).Message);
    }
}
