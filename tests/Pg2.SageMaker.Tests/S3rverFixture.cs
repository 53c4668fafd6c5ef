using System.Diagnostics;
using System.Net.Sockets;
using Pg2.SageMaker.Storage;

namespace Pg2.SageMaker.Tests;

/// <summary>A real s3rver on 127.0.0.1 with a temporary data folder and bucket <see cref="Bucket"/>.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public const string Bucket = "pg2-test";
    Process? process;
    string? dataDir;

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1:1");

    public async Task InitializeAsync()
    {
        if (!TestEnvironment.S3rverInstalled)
        {
            if (TestEnvironment.RequireS3)
                throw new InvalidOperationException($"PG2_REQUIRE_S3=1 but s3rver is missing at {TestEnvironment.S3rverBin}; run .ci/sagemaker.sh");
            return;
        }
        dataDir = TestEnvironment.TempDir("s3rver");
        var port = TestEnvironment.FreePort();
        var start = new ProcessStartInfo(TestEnvironment.S3rverBin)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-d", dataDir, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" })
            start.ArgumentList.Add(a);
        process = Process.Start(start) ?? throw new InvalidOperationException("cannot start s3rver");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
        using var store = Store();
        await store.EnsureBucketAsync(Bucket);
    }

    public S3ObjectStore Store() => S3ObjectStore.Create(TestEnvironment.Connection(s3: Endpoint));

    public Task DisposeAsync()
    {
        if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
        process?.Dispose();
        if (dataDir is not null) Directory.Delete(dataDir, recursive: true);
        return Task.CompletedTask;
    }
}
