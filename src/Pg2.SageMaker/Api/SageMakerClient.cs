using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Runtime.Signing;
using Polly;

namespace Pg2.SageMaker.Api;

/// <summary>
/// The three SageMaker training-job calls over the JSON 1.1 protocol (<c>POST /</c>,
/// <c>X-Amz-Target: SageMaker.&lt;Operation&gt;</c>), each request signed with SigV4 by AWSSDK.Core's
/// <see cref="SigV4SigningHandler"/> and retried on throttling and server errors.
/// The SageMaker SDK package is not needed, and the endpoint can point at the local emulator.
/// </summary>
public sealed class SageMakerClient : IDisposable
{
    /// <summary>The SigV4 service name of SageMaker.</summary>
    public const string SigningService = "sagemaker";
    /// <summary>The JSON 1.1 content type every call uses.</summary>
    public const string ContentType = "application/x-amz-json-1.1";

    internal static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        PropertyNameCaseInsensitive = true,
    };

    readonly HttpClient http;
    readonly Uri endpoint;
    readonly ResiliencePipeline retry;

    /// <summary>Creates a client for <paramref name="connection"/>; <paramref name="transport"/> replaces the socket handler (tests).</summary>
    public SageMakerClient(AwsConnection connection, HttpMessageHandler? transport = null, ResiliencePipeline? retry = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var signing = new SigV4SigningHandler(
            new AWSSigV4Parameters { Credentials = connection.Credentials, Region = connection.Region, Service = SigningService },
            transport ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        http = new HttpClient(signing) { Timeout = TimeSpan.FromSeconds(60) };
        endpoint = connection.SageMakerUri;
        this.retry = retry ?? TransientFaults.Pipeline();
    }

    /// <summary>Creates a training job; returns its ARN.</summary>
    public async Task<string> CreateTrainingJobAsync(CreateTrainingJobRequest request, CancellationToken ct = default) =>
        (await CallAsync<CreateTrainingJobRequest, CreateTrainingJobResponse>("CreateTrainingJob", request, ct).ConfigureAwait(false)).TrainingJobArn;

    /// <summary>Describes a training job (status, failure reason, artefacts).</summary>
    public Task<DescribeTrainingJobResponse> DescribeTrainingJobAsync(string jobName, CancellationToken ct = default) =>
        CallAsync<TrainingJobNameRequest, DescribeTrainingJobResponse>("DescribeTrainingJob", new TrainingJobNameRequest(jobName), ct);

    /// <summary>Asks SageMaker to stop a training job (it moves to <c>Stopping</c>, then <c>Stopped</c>).</summary>
    public Task StopTrainingJobAsync(string jobName, CancellationToken ct = default) =>
        CallAsync<TrainingJobNameRequest, JsonElement>("StopTrainingJob", new TrainingJobNameRequest(jobName), ct);

    async Task<TResponse> CallAsync<TRequest, TResponse>(string operation, TRequest body, CancellationToken ct)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(body, Json);
        return await retry.ExecuteAsync(async token =>
        {
            // A request message can be sent once only, so each attempt builds (and signs) a new one.
            using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(payload) };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
            message.Headers.Add("X-Amz-Target", $"SageMaker.{operation}");
            using var response = await http.SendAsync(message, token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw ParseError(response, text);
            if (string.IsNullOrWhiteSpace(text)) text = "{}";
            return JsonSerializer.Deserialize<TResponse>(text, Json)
                ?? throw new SageMakerApiException(response.StatusCode, "InvalidResponse", $"{operation} returned an empty document");
        }, ct).ConfigureAwait(false);
    }

    internal static SageMakerApiException ParseError(HttpResponseMessage response, string text, string service = "SageMaker")
    {
        string? type = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        string? message = null;
        try
        {
            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.NameEquals("__type") && p.Value.ValueKind == JsonValueKind.String) type ??= p.Value.GetString();
                else if (p.Name.Equals("message", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.String) message = p.Value.GetString();
            }
        }
        catch (JsonException)
        {
            message = text.Length > 200 ? text[..200] : text;
        }
        type = type?.Split(':')[0];
        if (type is not null && type.Contains('#', StringComparison.Ordinal)) type = type[(type.LastIndexOf('#') + 1)..];
        return new SageMakerApiException(response.StatusCode, type ?? response.StatusCode.ToString(),
            string.IsNullOrWhiteSpace(message) ? $"HTTP {(int)response.StatusCode}" : message.ReplaceLineEndings(" "), service);
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();
}
