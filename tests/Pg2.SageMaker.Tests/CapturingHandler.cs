using System.Net;
using System.Text;

namespace Pg2.SageMaker.Tests;

/// <summary>A transport that records each request as sent and answers from a script.</summary>
internal sealed class CapturingHandler(Func<int, HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, Dictionary<string, string> Headers, byte[] Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in request.Headers) headers[h.Key] = string.Join(",", h.Value);
        if (request.Content is not null) foreach (var h in request.Content.Headers) headers[h.Key] = string.Join(",", h.Value);
        // What the socket handler would add on the wire.
        headers.TryAdd("Host", request.RequestUri!.Authority);
        lock (Requests) Requests.Add((request, headers, body));
        return answer(Requests.Count, request);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.1") };
}
