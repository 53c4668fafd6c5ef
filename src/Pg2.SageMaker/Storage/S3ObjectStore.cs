using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Polly;

namespace Pg2.SageMaker.Storage;

/// <summary>
/// The S3 operations pg2 needs, with pg2's retry policy: upload a file only when its checksum
/// changed, copy a prefix to a folder (SageMaker's File input mode), and plain get/put.
/// </summary>
public sealed class S3ObjectStore : IDisposable
{
    /// <summary>User metadata key holding the SHA-256 of the uploaded file.</summary>
    public const string ChecksumMetadataKey = "pg2-sha256";

    readonly IAmazonS3 s3;
    readonly ResiliencePipeline retry;

    /// <summary>Wraps an S3 client (its own retries should be off: <see cref="TransientFaults"/> retries).</summary>
    public S3ObjectStore(IAmazonS3 s3, ResiliencePipeline? retry = null)
    {
        this.s3 = s3 ?? throw new ArgumentNullException(nameof(s3));
        this.retry = retry ?? TransientFaults.Pipeline();
    }

    /// <summary>
    /// Creates a store for <paramref name="connection"/>. With an endpoint override it uses
    /// path-style addressing (S3-compatible servers); <paramref name="httpClientFactory"/> lets tests
    /// put a handler in front of the wire.
    /// </summary>
    public static S3ObjectStore Create(AwsConnection connection, HttpClientFactory? httpClientFactory = null, ResiliencePipeline? retry = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var config = new AmazonS3Config
        {
            RegionEndpoint = connection.Region,
            MaxErrorRetry = 0,
            // Checksums only where S3 demands them: S3-compatible servers do not all speak aws-chunked trailers.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (connection.S3Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = connection.Region.SystemName;
        }
        if (httpClientFactory is not null) config.HttpClientFactory = httpClientFactory;
        return new S3ObjectStore(new AmazonS3Client(connection.Credentials, config), retry);
    }

    /// <summary>Creates <paramref name="bucket"/> unless it exists (for local servers and first runs).</summary>
    public async Task EnsureBucketAsync(string bucket, CancellationToken ct = default)
    {
        await retry.ExecuteAsync(async token =>
        {
            try
            {
                await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, token).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
            {
                // already there
            }
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads <paramref name="localPath"/> to <paramref name="target"/> unless the object already holds
    /// the same bytes (its pg2 SHA-256 metadata, or for plain single-part uploads its MD5 ETag, match).
    /// Returns true when it uploaded.
    /// </summary>
    public async Task<bool> UploadIfChangedAsync(string localPath, S3Location target, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var (sha256, md5) = await FileChecksums(localPath, ct).ConfigureAwait(false);
        var existing = await HeadAsync(target, ct).ConfigureAwait(false);
        if (existing is not null)
        {
            var stored = existing.Metadata[ChecksumMetadataKey];
            if (string.Equals(stored, sha256, StringComparison.OrdinalIgnoreCase)) return false;
            if (stored is null && string.Equals(existing.ETag?.Trim('"'), md5, StringComparison.OrdinalIgnoreCase)) return false;
        }
        await PutFileAsync(localPath, target, sha256, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Uploads <paramref name="localPath"/> to <paramref name="target"/> unconditionally.</summary>
    public async Task UploadAsync(string localPath, S3Location target, CancellationToken ct = default)
    {
        var (sha256, _) = await FileChecksums(localPath, ct).ConfigureAwait(false);
        await PutFileAsync(localPath, target, sha256, ct).ConfigureAwait(false);
    }

    async Task PutFileAsync(string localPath, S3Location target, string sha256, CancellationToken ct) =>
        await retry.ExecuteAsync(async token =>
        {
            // No aws-chunked streaming: S3-compatible servers store its chunk framing as the object body.
            var request = new PutObjectRequest { BucketName = target.Bucket, Key = target.Key, FilePath = Path.GetFullPath(localPath), UseChunkEncoding = false };
            request.Metadata.Add(ChecksumMetadataKey, sha256);
            await s3.PutObjectAsync(request, token).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);

    /// <summary>Object metadata, or null when there is no such object.</summary>
    public async Task<GetObjectMetadataResponse?> HeadAsync(S3Location location, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        return await retry.ExecuteAsync(async token =>
        {
            try
            {
                return await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = location.Bucket, Key = location.Key }, token).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Downloads one object to <paramref name="localPath"/> (written atomically).</summary>
    public async Task DownloadAsync(S3Location source, string localPath, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var full = Path.GetFullPath(localPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await retry.ExecuteAsync(async token =>
        {
            var tmp = full + $".{Guid.NewGuid():N}.part";
            try
            {
                using (var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = source.Bucket, Key = source.Key }, token).ConfigureAwait(false))
                await using (var file = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                    await response.ResponseStream.CopyToAsync(file, token).ConfigureAwait(false);
                File.Move(tmp, full, overwrite: true);
            }
            finally
            {
                if (File.Exists(tmp)) File.Delete(tmp);
            }
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Copies every object under the folder <paramref name="prefix"/> into <paramref name="directory"/>,
    /// keeping paths relative to the prefix (what SageMaker does for an <c>S3Prefix</c> channel).
    /// Returns the number of objects copied.
    /// </summary>
    public async Task<int> DownloadPrefixAsync(S3Location prefix, string directory, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var folder = prefix.FolderPrefix;
        var root = Path.GetFullPath(directory);
        var count = 0;
        string? token = null;
        do
        {
            var page = await retry.ExecuteAsync(async t => await s3.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = prefix.Bucket, Prefix = folder, ContinuationToken = token }, t).ConfigureAwait(false), ct).ConfigureAwait(false);
            foreach (var o in page.S3Objects ?? [])
            {
                if (o.Key.EndsWith('/')) continue;
                var local = Path.GetFullPath(Path.Combine(root, o.Key[folder.Length..]));
                if (!local.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
                await DownloadAsync(new S3Location(prefix.Bucket, o.Key), local, ct).ConfigureAwait(false);
                count++;
            }
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (token is not null);
        return count;
    }

    static async Task<(string Sha256, string Md5)> FileChecksums(string path, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        int n;
        while ((n = await file.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            sha.AppendData(buffer, 0, n);
            md5.AppendData(buffer, 0, n);
        }
        return (Convert.ToHexStringLower(sha.GetHashAndReset()), Convert.ToHexStringLower(md5.GetHashAndReset()));
    }

    /// <inheritdoc />
    public void Dispose() => s3.Dispose();
}
