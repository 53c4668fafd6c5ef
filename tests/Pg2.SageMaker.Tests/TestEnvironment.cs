using System.Net;
using System.Net.Sockets;
using Amazon;
using Amazon.Runtime;
using Pg2.SageMaker;
using Pg2.Testing;

namespace Pg2.SageMaker.Tests;

/// <summary>Paths, credentials and ports the tests share.</summary>
internal static class TestEnvironment
{
    /// <summary>The key pair s3rver accepts by default; the emulator is started with the same.</summary>
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    public static string RepoRoot => Repository.Root;

    public static string S3rverBin => Path.Combine(RepoRoot, "tools", "s3rver", "node_modules", ".bin", "s3rver");

    public static bool S3rverInstalled => File.Exists(S3rverBin);

    public static bool RequireS3 => Environment.GetEnvironmentVariable("PG2_REQUIRE_S3") == "1";

    public static AwsConnection Connection(Uri? sageMaker = null, Uri? s3 = null, string secret = SecretKey) =>
        new(RegionEndpoint.USEast1, new BasicAWSCredentials(AccessKey, secret), sageMaker, s3);

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static string TempDir(string label)
    {
        var d = Path.Combine(Path.GetTempPath(), $"pg2-sm-test-{label}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(d);
        return d;
    }
}

/// <summary>
/// A test that needs s3rver (installed into tools/s3rver by .ci/sagemaker.sh). Reported as skipped
/// when it is missing — unless PG2_REQUIRE_S3=1 (CI), where it runs and fails.
/// </summary>
public sealed class S3FactAttribute : FactAttribute
{
    public S3FactAttribute()
    {
        if (!TestEnvironment.S3rverInstalled && !TestEnvironment.RequireS3)
            Skip = "s3rver is not installed: run .ci/sagemaker.sh (or npm install --prefix tools/s3rver s3rver)";
    }
}
