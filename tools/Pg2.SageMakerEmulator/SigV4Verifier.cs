using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pg2.SageMakerEmulator;

/// <summary>
/// Checks an AWS Signature Version 4 <c>Authorization</c> header by recomputing it from the request
/// and the known secret key — written from the published algorithm, independently of the SDK that
/// signs, so a round trip proves the client signs correctly.
/// </summary>
public sealed class SigV4Verifier(string accessKeyId, string secretAccessKey, string service, TimeSpan? allowedSkew = null)
{
    const string Algorithm = "AWS4-HMAC-SHA256";
    readonly TimeSpan skew = allowedSkew ?? TimeSpan.FromMinutes(15);

    /// <summary>A request as the verifier sees it.</summary>
    /// <param name="Method">HTTP method.</param>
    /// <param name="Path">The raw (still percent-encoded) path.</param>
    /// <param name="Query">The raw query string without '?'.</param>
    /// <param name="Headers">Header name → values (names compared case-insensitively).</param>
    /// <param name="Body">The body bytes.</param>
    public sealed record SignedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body);

    /// <summary>Returns null when the signature is valid, else why not (one line).</summary>
    public string? Verify(SignedRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase);
        if (!headers.TryGetValue("authorization", out var auth) || !auth.StartsWith(Algorithm + " ", StringComparison.Ordinal))
            return "missing or unsupported Authorization header";
        var parts = auth[Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders) || !parts.TryGetValue("Signature", out var signature))
            return "Authorization header lacks Credential, SignedHeaders or Signature";
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request") return "malformed credential scope";
        if (scope[0] != accessKeyId) return $"unknown access key '{scope[0]}'";
        if (scope[3] != service) return $"credential scope names service '{scope[3]}', expected '{service}'";
        if (!headers.TryGetValue("x-amz-date", out var amzDate)
            || !DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
            return "missing or malformed X-Amz-Date";
        if (!amzDate.StartsWith(scope[1], StringComparison.Ordinal)) return "credential scope date differs from X-Amz-Date";
        if ((now - signedAt).Duration() > skew) return "request time too skewed";
        var names = signedHeaders.Split(';');
        if (!names.Contains("host")) return "host is not signed";
        foreach (var n in names) if (!headers.ContainsKey(n)) return $"signed header '{n}' is missing";

        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(request.Body));
        if (headers.TryGetValue("x-amz-content-sha256", out var claimed) && claimed != bodyHash && claimed != "UNSIGNED-PAYLOAD")
            return "x-amz-content-sha256 does not match the body";
        var payloadHash = claimed ?? bodyHash;

        var canonical = new StringBuilder()
            .Append(request.Method.ToUpperInvariant()).Append('\n')
            .Append(CanonicalPath(request.Path)).Append('\n')
            .Append(CanonicalQuery(request.Query)).Append('\n');
        foreach (var n in names) canonical.Append(n).Append(':').Append(CollapseSpaces(headers[n])).Append('\n');
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);

        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope[1]}/{scope[2]}/{scope[3]}/aws4_request\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), scope[1]);
        key = Hmac(key, scope[2]);
        key = Hmac(key, scope[3]);
        key = Hmac(key, "aws4_request");
        var expected = Convert.ToHexStringLower(Hmac(key, stringToSign));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? null : "signature does not match";
    }

    static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    static string CollapseSpaces(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    // Non-S3 services encode each path segment (already encoded on the wire) once more.
    static string CanonicalPath(string rawPath)
    {
        if (string.IsNullOrEmpty(rawPath)) return "/";
        return string.Join('/', rawPath.Split('/').Select(s => Encode(Encode(Uri.UnescapeDataString(s)))));
    }

    static string CanonicalQuery(string rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery)) return "";
        return string.Join('&', rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Key: Encode(Uri.UnescapeDataString(p[0])), Value: p.Length > 1 ? Encode(Uri.UnescapeDataString(p[1].Replace('+', ' '))) : ""))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));
    }

    static string Encode(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
