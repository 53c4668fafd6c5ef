using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Pg2.SageMakerEmulator;

namespace Pg2.SageMaker.Tests;

/// <summary>The SageMaker emulator running in-process on 127.0.0.1 against a given S3 endpoint.</summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    readonly WebApplication app;
    readonly string workDir;

    EmulatorHost(WebApplication app, Uri endpoint, string workDir)
    {
        this.app = app;
        Endpoint = endpoint;
        this.workDir = workDir;
    }

    public Uri Endpoint { get; }

    public static async Task<EmulatorHost> StartAsync(Uri s3Endpoint, string containerCli)
    {
        var port = TestEnvironment.FreePort();
        var work = TestEnvironment.TempDir("emulator");
        var app = EmulatorApp.Build([
            "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            "--s3-endpoint", s3Endpoint.ToString(),
            "--access-key", TestEnvironment.AccessKey,
            "--secret-key", TestEnvironment.SecretKey,
            "--container-cli", containerCli,
            "--work-dir", work,
            "--Logging:LogLevel:Default", "Warning",
        ]);
        await app.StartAsync();
        return new EmulatorHost(app, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"), work);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        try { Directory.Delete(workDir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// A stand-in for the docker CLI, so job handling is tested without a daemon: <c>run</c> reads the
/// <c>-v</c> mounts and acts by image name — <c>fake/ok</c> copies its inputs into /opt/ml/model,
/// <c>fake/fail</c> writes /opt/ml/output/failure and exits 3, <c>fake/crash</c> exits 2 silently,
/// <c>fake/sleep</c> sleeps until killed.
/// </summary>
internal static class FakeContainerCli
{
    const string Script = """
        #!/usr/bin/env bash
        if [[ $1 == kill ]]; then exit 0; fi
        shift
        declare -A mounts
        envs=()
        while [[ $# -gt 0 ]]; do
          case $1 in
            -v) mounts[${2#*:}]=${2%%:*}; shift 2;;
            -e) envs+=("$2"); shift 2;;
            --name) shift 2;;
            --rm) shift;;
            *) break;;
          esac
        done
        image=$1; shift
        in=${mounts[/opt/ml/input]}; model=${mounts[/opt/ml/model]}; out=${mounts[/opt/ml/output]}
        case $image in
          fake/ok)
            cp -r "$in/data/." "$model/"
            cp "$in/config/hyperparameters.json" "$model/"
            echo "$*" > "$model/args.txt"
            printf '%s\n' "${envs[@]}" | grep -E '^SM_(CHANNEL_|MODEL_DIR=)' | sort > "$model/channels.txt"
            exit 0;;
          fake/fail)
            echo "training started"
            echo "InvalidInput: dataset.zip lacks manifest.toml" > "$out/failure"
            exit 3;;
          fake/crash) exit 2;;
          fake/sleep) exec sleep 300;;
        esac
        echo "unknown image $image" >&2; exit 125
        """;

    static readonly Lazy<string> Path = new(() =>
    {
        var dir = TestEnvironment.TempDir("fakecli");
        var file = System.IO.Path.Combine(dir, "fake-docker");
        File.WriteAllText(file, Script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return file;
    });

    public static string Get() => Path.Value;
}
