using System.Net;
using System.Text;
using Amazon.Runtime;
using Pg2.SageMaker.Api;
using Pg2.SageMaker.Storage;

namespace Pg2.SageMaker.Tests;

public sealed class TransientFaultTests
{
    /// <summary>Hands the S3 client an HttpClient whose wire is <see cref="CapturingHandler"/>.</summary>
    sealed class ScriptedHttp(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);
        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;
        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;
    }

    [Fact]
    public async Task S3Upload_SlowDownOnce_IsRetriedAndSucceeds()
    {
        var wire = new CapturingHandler((n, request) =>
        {
            if (n == 1)
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
                {
                    Content = new StringContent("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>1</RequestId></Error>",
                        Encoding.UTF8, "application/xml"),
                };
            var ok = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
            ok.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"0123456789abcdef0123456789abcdef\"");
            return ok;
        });
        var retries = new List<Exception>();
        using var store = S3ObjectStore.Create(TestEnvironment.Connection(s3: new Uri("http://127.0.0.1:9/")), new ScriptedHttp(wire),
            TransientFaults.Pipeline(3, TimeSpan.FromMilliseconds(5), retries.Add));
        var dir = TestEnvironment.TempDir("throttle");
        var file = Path.Combine(dir, "dataset.zip");
        await File.WriteAllTextAsync(file, "payload");

        await store.UploadAsync(file, new S3Location("bucket", "datasets/x/dataset.zip"));

        Assert.Equal(2, wire.Requests.Count);
        Assert.All(wire.Requests, r => Assert.Equal(HttpMethod.Put, r.Request.Method));
        Assert.Equal("/bucket/datasets/x/dataset.zip", wire.Requests[1].Request.RequestUri!.AbsolutePath);
        Assert.Equal("payload", Encoding.UTF8.GetString(wire.Requests[1].Body));
        var retried = Assert.IsAssignableFrom<AmazonServiceException>(Assert.Single(retries));
        Assert.Equal("SlowDown", retried.ErrorCode);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task SageMakerCall_ThrottlingRetried_ValidationNot()
    {
        var wire = new CapturingHandler((n, _) => n == 1
            ? CapturingHandler.Json(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.sagemaker#ThrottlingException","message":"Rate exceeded"}""")
            : CapturingHandler.Json(HttpStatusCode.OK, """{"TrainingJobName":"j","TrainingJobStatus":"Completed","CreationTime":0}"""));
        var retries = new List<Exception>();
        using var client = new SageMakerClient(TestEnvironment.Connection(new Uri("http://127.0.0.1:9/")), wire,
            TransientFaults.Pipeline(3, TimeSpan.FromMilliseconds(5), retries.Add));
        Assert.Equal("Completed", (await client.DescribeTrainingJobAsync("j")).TrainingJobStatus);
        Assert.Equal(2, wire.Requests.Count);
        Assert.Equal("ThrottlingException", Assert.IsType<SageMakerApiException>(Assert.Single(retries)).ErrorCode);

        var invalid = new CapturingHandler((_, _) => CapturingHandler.Json(HttpStatusCode.BadRequest, """{"__type":"ValidationException","message":"Could not assume role"}"""));
        using var client2 = new SageMakerClient(TestEnvironment.Connection(new Uri("http://127.0.0.1:9/")), invalid,
            TransientFaults.Pipeline(3, TimeSpan.FromMilliseconds(5)));
        var e = await Assert.ThrowsAsync<SageMakerApiException>(() => client2.StopTrainingJobAsync("j"));
        Assert.Equal("SageMaker ValidationException: Could not assume role", e.Message);
        Assert.Single(invalid.Requests);
    }

    [Fact]
    public async Task SageMakerCall_ServerErrorsExhaustRetries()
    {
        var wire = new CapturingHandler((_, _) => CapturingHandler.Json(HttpStatusCode.InternalServerError, """{"__type":"InternalFailure","message":"boom"}"""));
        using var client = new SageMakerClient(TestEnvironment.Connection(new Uri("http://127.0.0.1:9/")), wire,
            TransientFaults.Pipeline(2, TimeSpan.FromMilliseconds(5)));
        var e = await Assert.ThrowsAsync<SageMakerApiException>(() => client.DescribeTrainingJobAsync("j"));
        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Equal(3, wire.Requests.Count);
    }
}
