using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Pg2.Contracts;

namespace Pg2.SageMaker;

/// <summary>
/// Where and as whom pg2 talks to AWS: the signing region, the credentials, and optional endpoint
/// overrides (a local emulator and an S3-compatible server in tests and CI).
/// </summary>
/// <param name="Region">Signing region (also picks the default endpoints).</param>
/// <param name="Credentials">Credentials, resolved lazily on each signed request.</param>
/// <param name="SageMakerEndpoint">SageMaker API endpoint; null means the region's public endpoint.</param>
/// <param name="S3Endpoint">S3 endpoint; null means the region's public endpoint.</param>
public sealed record AwsConnection(RegionEndpoint Region, AWSCredentials Credentials, Uri? SageMakerEndpoint = null, Uri? S3Endpoint = null)
{
    /// <summary>The SageMaker endpoint requests go to.</summary>
    public Uri SageMakerUri => SageMakerEndpoint ?? new Uri($"https://api.sagemaker.{Region.SystemName}.amazonaws.com/");

    /// <summary>
    /// Resolves region and credentials with the AWS SDK's standard chains (environment, profile,
    /// SSO, instance role). Endpoints come from the arguments, else from the standard
    /// <c>AWS_ENDPOINT_URL_SAGEMAKER</c> / <c>AWS_ENDPOINT_URL_S3</c> / <c>AWS_ENDPOINT_URL</c> variables.
    /// Missing region or credentials become one clear <see cref="InvalidInputException"/>.
    /// </summary>
    public static AwsConnection Resolve(string? regionName, string? sageMakerEndpoint = null, string? s3Endpoint = null)
    {
        var region = ResolveRegion(regionName);
        AWSCredentials credentials;
        try
        {
            credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
        }
        catch (AmazonClientException e)
        {
            throw new InvalidInputException(
                "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run where an instance role is available (see docs/sagemaker.md)", e);
        }
        return new AwsConnection(region, credentials,
            EndpointFrom(sageMakerEndpoint, "--endpoint-url") ?? EndpointFromEnvironment("AWS_ENDPOINT_URL_SAGEMAKER"),
            EndpointFrom(s3Endpoint, "--s3-endpoint-url") ?? EndpointFromEnvironment("AWS_ENDPOINT_URL_S3"));
    }

    static RegionEndpoint ResolveRegion(string? regionName)
    {
        if (!string.IsNullOrWhiteSpace(regionName)) return RegionEndpoint.GetBySystemName(regionName.Trim());
        return FallbackRegionFactory.GetRegionEndpoint()
            ?? throw new InvalidInputException("no AWS region: pass --region-name or set AWS_REGION (or a region in ~/.aws/config)");
    }

    static Uri? EndpointFromEnvironment(string specific) =>
        EndpointFrom(Environment.GetEnvironmentVariable(specific), specific)
        ?? EndpointFrom(Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL");

    static Uri? EndpointFrom(string? value, string source)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw new InvalidInputException($"{source}: expected an http(s) URL, got '{value}'");
        return uri;
    }
}
