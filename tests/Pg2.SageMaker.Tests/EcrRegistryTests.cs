using System.Net;
using System.Text;
using Pg2.SageMaker.Registry;

namespace Pg2.SageMaker.Tests;

public sealed class EcrRegistryTests
{
    [Theory]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com", "us-east-1")]
    [InlineData("123456789012.dkr.ecr.eu-west-2.amazonaws.com", "eu-west-2")]
    [InlineData("ghcr.io", null)]
    [InlineData("12345.dkr.ecr.us-east-1.amazonaws.com", null)]
    public void RegionOf_RecognisesEcrHosts(string host, string? region) => Assert.Equal(region, EcrRegistry.RegionOf(host));

    [Theory]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com/pls:latest", "pls", "latest")]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/esm:v2", "team/esm", "v2")]
    [InlineData("reg.example:5000/ridge", "ridge", "latest")]
    public void RepositoryAndTag_SplitsImageReference(string image, string repository, string tag) =>
        Assert.Equal((repository, tag), EcrRegistry.RepositoryAndTag(image));

    [Fact]
    public async Task ImageDigest_ReadsDigestOrNullWhenMissing()
    {
        var wire = new CapturingHandler((n, _) => n == 1
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"imageDetails":[{"imageDigest":"sha256:abc","imageTags":["latest"]}]}""", Encoding.UTF8) }
            : new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("""{"__type":"ImageNotFoundException","message":"no image"}""", Encoding.UTF8) });
        using var ecr = new EcrRegistry(TestEnvironment.Connection(), wire);
        Assert.Equal("sha256:abc", await ecr.ImageDigestAsync("pls", "latest"));
        Assert.Null(await ecr.ImageDigestAsync("pls", "missing"));
        var (_, headers, body) = wire.Requests[0];
        Assert.Equal("AmazonEC2ContainerRegistry_V20150921.DescribeImages", headers["X-Amz-Target"]);
        Assert.Equal("""{"repositoryName":"pls","imageIds":[{"imageTag":"latest"}]}""", Encoding.UTF8.GetString(body));
        Assert.Contains("/us-east-1/ecr/aws4_request", headers["Authorization"], StringComparison.Ordinal);
    }
}
