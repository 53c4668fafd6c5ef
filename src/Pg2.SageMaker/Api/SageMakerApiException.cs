using System.Net;

namespace Pg2.SageMaker.Api;

/// <summary>An error answer from the SageMaker API, or another JSON 1.1 AWS API pg2 calls (its <c>__type</c> and message).</summary>
public sealed class SageMakerApiException : Exception
{
    /// <summary>Creates the exception from the HTTP status and the service's error document; <paramref name="service"/> labels the message.</summary>
    public SageMakerApiException(HttpStatusCode statusCode, string errorCode, string message, string service = "SageMaker")
        : base($"{service} {errorCode}: {message}")
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The error type, e.g. <c>ValidationException</c>, <c>ResourceNotFound</c>, <c>ThrottlingException</c>.</summary>
    public string ErrorCode { get; }
}
