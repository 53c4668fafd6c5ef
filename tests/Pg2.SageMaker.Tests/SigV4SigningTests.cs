using System.Net;
using System.Text;
using Pg2.SageMaker.Api;
using Pg2.SageMakerEmulator;

namespace Pg2.SageMaker.Tests;

public sealed class SigV4SigningTests
{
    const string DescribeAnswer = """{"TrainingJobName":"j1","TrainingJobStatus":"InProgress","CreationTime":1.5}""";

    static async Task<(Dictionary<string, string> Headers, byte[] Body, HttpRequestMessage Request)> SignedDescribe()
    {
        var capture = new CapturingHandler((_, _) => CapturingHandler.Json(HttpStatusCode.OK, DescribeAnswer));
        using var client = new SageMakerClient(TestEnvironment.Connection(new Uri("http://127.0.0.1:9/")), capture);
        var job = await client.DescribeTrainingJobAsync("j1");
        Assert.Equal("InProgress", job.TrainingJobStatus);
        var r = Assert.Single(capture.Requests);
        return (r.Headers, r.Body, r.Request);
    }

    static SigV4Verifier.SignedRequest AsSigned(HttpRequestMessage request, Dictionary<string, string> headers, byte[] body) =>
        new(request.Method.Method, request.RequestUri!.AbsolutePath, request.RequestUri.Query.TrimStart('?'), headers, body);

    static readonly SigV4Verifier Verifier = new(TestEnvironment.AccessKey, TestEnvironment.SecretKey, "sagemaker");

    [Fact]
    public async Task Verifier_AcceptsRequestSignedByAwsSdk()
    {
        var (headers, body, request) = await SignedDescribe();
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=S3RVER/", headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal("SageMaker.DescribeTrainingJob", headers["X-Amz-Target"]);
        Assert.Equal("""{"TrainingJobName":"j1"}""", Encoding.UTF8.GetString(body));
        Assert.Null(Verifier.Verify(AsSigned(request, headers, body), DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Verifier_RejectsTamperedBody()
    {
        var (headers, body, request) = await SignedDescribe();
        var tampered = Encoding.UTF8.GetBytes("""{"TrainingJobName":"j2"}""");
        Assert.NotNull(Verifier.Verify(AsSigned(request, headers, tampered), DateTimeOffset.UtcNow));
        // Even with a recomputed content hash header the signature no longer matches.
        headers["x-amz-content-sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(tampered));
        Assert.Equal("signature does not match", Verifier.Verify(AsSigned(request, headers, tampered), DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Verifier_RejectsTamperedSignedHeader()
    {
        var (headers, body, request) = await SignedDescribe();
        Assert.Contains("x-amz-target", headers["Authorization"], StringComparison.Ordinal);
        headers["X-Amz-Target"] = "SageMaker.StopTrainingJob";
        Assert.Equal("signature does not match", Verifier.Verify(AsSigned(request, headers, body), DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Verifier_RejectsOtherSecretAndStaleTime()
    {
        var (headers, body, request) = await SignedDescribe();
        var other = new SigV4Verifier(TestEnvironment.AccessKey, "another-secret", "sagemaker");
        Assert.Equal("signature does not match", other.Verify(AsSigned(request, headers, body), DateTimeOffset.UtcNow));
        Assert.Equal("request time too skewed", Verifier.Verify(AsSigned(request, headers, body), DateTimeOffset.UtcNow.AddHours(1)));
        var iam = new SigV4Verifier(TestEnvironment.AccessKey, TestEnvironment.SecretKey, "iam");
        Assert.Contains("service 'sagemaker'", iam.Verify(AsSigned(request, headers, body), DateTimeOffset.UtcNow), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emulator_AnswersSignedCallsAndRejectsWrongSecret()
    {
        await using var emulator = await EmulatorHost.StartAsync(new Uri("http://127.0.0.1:9/"), FakeContainerCli.Get());
        using var good = new SageMakerClient(TestEnvironment.Connection(emulator.Endpoint));
        var missing = await Assert.ThrowsAsync<SageMakerApiException>(() => good.DescribeTrainingJobAsync("no-such-job"));
        Assert.Equal("ValidationException", missing.ErrorCode);

        using var bad = new SageMakerClient(TestEnvironment.Connection(emulator.Endpoint, secret: "wrong"));
        var e = await Assert.ThrowsAsync<SageMakerApiException>(() => bad.DescribeTrainingJobAsync("no-such-job"));
        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.Equal("InvalidSignatureException", e.ErrorCode);
    }
}
