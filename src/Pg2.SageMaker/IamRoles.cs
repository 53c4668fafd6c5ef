using System.Net;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime.Signing;
using Pg2.Contracts;

namespace Pg2.SageMaker;

/// <summary>
/// Looks up a role's ARN by name with IAM's <c>GetRole</c> (Query protocol, SigV4 via AWSSDK.Core),
/// as the original did with <c>iam.get_role(RoleName=…)</c>. IAM is global and signs in us-east-1.
/// </summary>
public static class IamRoles
{
    /// <summary>
    /// The ARN of role <paramref name="roleName"/>; a missing role or denied lookup is one clear message.
    /// The endpoint is <c>AWS_ENDPOINT_URL_IAM</c> when set; <paramref name="transport"/> replaces the wire (tests).
    /// </summary>
    public static async Task<string> GetRoleArnAsync(AwsConnection connection, string roleName, CancellationToken ct = default,
        HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var name = roleName.Trim();
        if (name.Length == 0) throw new InvalidInputException("--sagemaker-role-name: expected the name of an IAM role SageMaker can assume (or pass --role-arn)");
        using var http = new HttpClient(new SigV4SigningHandler(connection.Credentials, RegionEndpoint.USEast1, "iam", transport ?? new SocketsHttpHandler()));
        var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_IAM") is { Length: > 0 } url ? new Uri(url) : new Uri("https://iam.amazonaws.com/");
        using var body = new FormUrlEncodedContent([new("Action", "GetRole"), new("RoleName", name), new("Version", "2010-05-08")]);
        var response = await TransientFaults.Pipeline().ExecuteAsync(async token =>
        {
            var r = await http.PostAsync(endpoint, body, token).ConfigureAwait(false);
            if ((int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.TooManyRequests)
                throw new HttpRequestException($"IAM answered {(int)r.StatusCode}", null, r.StatusCode);
            return r;
        }, ct).ConfigureAwait(false);
        using (response)
        {
            var xml = XDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
            if (!response.IsSuccessStatusCode)
            {
                var code = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
                var message = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
                throw code == "NoSuchEntity"
                    ? new InvalidInputException($"--sagemaker-role-name: IAM role '{name}' does not exist; create it (docs/sagemaker.md) or pass --role-arn")
                    : new InvalidInputException($"--sagemaker-role-name: cannot read IAM role '{name}': {code} {message} (or pass --role-arn)");
            }
            return xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Arn")?.Value
                ?? throw new InvalidInputException($"--sagemaker-role-name: IAM GetRole for '{name}' returned no ARN");
        }
    }
}
