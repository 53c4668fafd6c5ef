using Pg2.Contracts;

namespace Pg2.SageMaker.Storage;

/// <summary>An S3 bucket and key (or key prefix), written <c>s3://bucket/key</c>.</summary>
/// <param name="Bucket">Bucket name.</param>
/// <param name="Key">Object key or prefix, without a leading slash; may be empty.</param>
public sealed record S3Location(string Bucket, string Key)
{
    /// <summary>
    /// Parses <c>s3://bucket/key</c> or, as the original CLI's prefixes were written, <c>bucket/key</c>.
    /// <paramref name="what"/> names the option or field in the error message.
    /// </summary>
    public static S3Location Parse(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (text.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)) text = text[5..];
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? text : text[..slash];
        var key = slash < 0 ? "" : text[(slash + 1)..].Trim('/');
        if (bucket.Length is < 3 or > 63 || !bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
            throw new InvalidInputException($"{what}: expected s3://bucket/prefix with a bucket of 3-63 lower-case letters, digits, '-' or '.', got '{value}'");
        return new S3Location(bucket, key);
    }

    /// <summary>This location with <paramref name="relative"/> appended as a path below it.</summary>
    public S3Location Append(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        var tail = relative.Replace('\\', '/').Trim('/');
        if (tail.Length == 0) return this;
        return this with { Key = Key.Length == 0 ? tail : $"{Key}/{tail}" };
    }

    /// <summary>The key as a folder prefix (ends with '/', or empty for the whole bucket).</summary>
    public string FolderPrefix => Key.Length == 0 || Key.EndsWith('/') ? Key : Key + "/";

    /// <inheritdoc />
    public override string ToString() => Key.Length == 0 ? $"s3://{Bucket}" : $"s3://{Bucket}/{Key}";
}
