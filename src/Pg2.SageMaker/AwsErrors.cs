using Amazon.Runtime;
using Pg2.SageMaker.Api;
using Pg2.Contracts;

namespace Pg2.SageMaker;

/// <summary>
/// Turns AWS failures a user can act on (a refused call, an unreachable endpoint, missing
/// credentials) into one-line <see cref="InvalidInputException"/>s; anything else stays a bug.
/// </summary>
public static class AwsErrors
{
    /// <summary>Runs <paramref name="action"/>, translating AWS failures.</summary>
    public static async Task<T> Translate<T>(Func<Task<T>> action, string endpointLabel)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (SageMakerApiException e)
        {
            throw new InvalidInputException(Hint(e.ErrorCode, e.Message), e, ExitCodes.JobsFailed);
        }
        catch (AmazonServiceException e)
        {
            throw new InvalidInputException(Hint(e.ErrorCode, $"S3 {e.ErrorCode}: {e.Message.ReplaceLineEndings(" ")}"), e, ExitCodes.JobsFailed);
        }
        catch (AmazonClientException e) when (e.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputException("no usable AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (see docs/sagemaker.md)", e);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidInputException($"cannot reach {endpointLabel}: {e.Message.ReplaceLineEndings(" ")}", e, ExitCodes.JobsFailed);
        }
    }

    static string Hint(string code, string message) => code switch
    {
        "UnrecognizedClientException" or "InvalidClientTokenId" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "InvalidSignatureException" or "ExpiredTokenException"
            => $"{message} — check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE",
        "AccessDeniedException" or "AccessDenied"
            => $"{message} — the caller lacks permission (see the policy in docs/sagemaker.md)",
        "ValidationException" when message.Contains("role", StringComparison.OrdinalIgnoreCase)
            => $"{message} — pass --role-arn or --sagemaker-role-name naming a role SageMaker can assume (docs/sagemaker.md)",
        "NoSuchBucket" => $"{message} — create the bucket first (docs/sagemaker.md)",
        _ => message,
    };
}
