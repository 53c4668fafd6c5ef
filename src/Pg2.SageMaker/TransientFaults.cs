using System.Net;
using Amazon.Runtime;
using Pg2.SageMaker.Api;
using Polly;
using Polly.Retry;

namespace Pg2.SageMaker;

/// <summary>
/// The retry policy for every AWS call pg2 makes: throttling and server errors (5xx) are retried
/// with exponential backoff and jitter; anything else (validation, access denied) fails at once.
/// </summary>
public static class TransientFaults
{
    static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
        "SlowDown", "BandwidthLimitExceeded", "RequestThrottled", "PriorRequestNotComplete",
    };

    /// <summary>True for an error worth retrying: throttling, 5xx, 429, or a dropped connection.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        SageMakerApiException api => IsTransient(api.StatusCode, api.ErrorCode),
        AmazonServiceException svc => IsTransient(svc.StatusCode, svc.ErrorCode),
        HttpRequestException => true,
        IOException => true,
        _ => false,
    };

    static bool IsTransient(HttpStatusCode status, string? code) =>
        (int)status >= 500 || status == HttpStatusCode.TooManyRequests || (code is not null && ThrottlingCodes.Contains(code));

    /// <summary>
    /// Builds the retry pipeline. <paramref name="onRetry"/> is told about each retry (for logs
    /// and tests); <paramref name="baseDelay"/> is the first backoff step.
    /// </summary>
    public static ResiliencePipeline Pipeline(int maxRetries = 6, TimeSpan? baseDelay = null, Action<Exception>? onRetry = null) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = maxRetries,
                Delay = baseDelay ?? TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromSeconds(30),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is { } e) onRetry?.Invoke(e);
                    return default;
                },
            })
            .Build();
}
