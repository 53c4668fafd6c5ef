using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime.Signing;
using Pg2.SageMaker.Api;
using Polly;
using Pg2.Contracts;

namespace Pg2.SageMaker.Registry;

/// <summary>
/// The two Amazon ECR calls needed to push a model image (JSON 1.1, SigV4): a registry login
/// (<c>GetAuthorizationToken</c>, what <c>aws ecr get-login-password</c> does) and creating the
/// repository when missing.
/// </summary>
public sealed partial class EcrRegistry : IDisposable
{
    const string Target = "AmazonEC2ContainerRegistry_V20150921";
    readonly HttpClient http;
    readonly Uri endpoint;
    readonly ResiliencePipeline retry;

    /// <summary>A client for the registry of <paramref name="connection"/>'s region (endpoint <c>AWS_ENDPOINT_URL_ECR</c> when set).</summary>
    public EcrRegistry(AwsConnection connection, HttpMessageHandler? transport = null, ResiliencePipeline? retry = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        http = new HttpClient(new SigV4SigningHandler(connection.Credentials, connection.Region, "ecr", transport ?? new SocketsHttpHandler()));
        endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_ECR") is { Length: > 0 } url
            ? new Uri(url) : new Uri($"https://api.ecr.{connection.Region.SystemName}.amazonaws.com/");
        this.retry = retry ?? TransientFaults.Pipeline();
    }

    /// <summary>The region of an ECR registry host (<c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com</c>), or null for other registries.</summary>
    public static string? RegionOf(string registry)
    {
        var m = EcrHost().Match(registry ?? "");
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>User name and password for <c>docker login</c> (valid 12 hours).</summary>
    public async Task<(string User, string Password)> GetLoginAsync(CancellationToken ct = default)
    {
        using var doc = await CallAsync("GetAuthorizationToken", "{}", ct).ConfigureAwait(false);
        var data = doc.RootElement.GetProperty("authorizationData");
        if (data.GetArrayLength() == 0) throw new InvalidInputException("ECR GetAuthorizationToken returned no authorization data");
        var token = Encoding.UTF8.GetString(Convert.FromBase64String(data[0].GetProperty("authorizationToken").GetString() ?? ""));
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) throw new InvalidInputException("ECR GetAuthorizationToken returned a token that is not 'user:password'");
        return (token[..colon], token[(colon + 1)..]);
    }

    /// <summary>Creates repository <paramref name="name"/>; returns false when it already exists.</summary>
    public async Task<bool> CreateRepositoryAsync(string name, CancellationToken ct = default)
    {
        try
        {
            using var _ = await CallAsync("CreateRepository", JsonSerializer.Serialize(new { repositoryName = name }), ct).ConfigureAwait(false);
            return true;
        }
        catch (SageMakerApiException e) when (e.ErrorCode == "RepositoryAlreadyExistsException")
        {
            return false;
        }
    }

    /// <summary>The digest (<c>sha256:…</c>) of <paramref name="repository"/>:<paramref name="tag"/>, or null when there is no such image.</summary>
    public async Task<string?> ImageDigestAsync(string repository, string tag, CancellationToken ct = default)
    {
        try
        {
            using var doc = await CallAsync("DescribeImages",
                JsonSerializer.Serialize(new { repositoryName = repository, imageIds = new[] { new { imageTag = tag } } }), ct).ConfigureAwait(false);
            var details = doc.RootElement.GetProperty("imageDetails");
            return details.GetArrayLength() > 0 && details[0].TryGetProperty("imageDigest", out var d) ? d.GetString() : null;
        }
        catch (SageMakerApiException e) when (e.ErrorCode is "ImageNotFoundException" or "RepositoryNotFoundException")
        {
            return null;
        }
    }

    /// <summary>Splits <c>&lt;registry&gt;/&lt;repository&gt;:&lt;tag&gt;</c> into repository and tag (tag <c>latest</c> when absent).</summary>
    public static (string Repository, string Tag) RepositoryAndTag(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        var path = slash < 0 ? image : image[(slash + 1)..];
        var colon = path.LastIndexOf(':');
        return colon < 0 ? (path, "latest") : (path[..colon], path[(colon + 1)..]);
    }

    async Task<JsonDocument> CallAsync(string operation, string body, CancellationToken ct) =>
        await retry.ExecuteAsync(async token =>
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8) };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(SageMakerClient.ContentType);
            message.Headers.Add("X-Amz-Target", $"{Target}.{operation}");
            using var response = await http.SendAsync(message, token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK) throw SageMakerClient.ParseError(response, text, "ECR");
            return JsonDocument.Parse(text);
        }, ct).ConfigureAwait(false);

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    [GeneratedRegex(@"^\d{12}\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$")]
    private static partial Regex EcrHost();
}
