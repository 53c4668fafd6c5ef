using Pg2.Contracts;
using Xunit;

namespace Pg2.Testing;

/// <summary>
/// A test that opens a report in headless Chromium. Without a <c>chromium</c> on PATH it is skipped with the
/// reason — unless <c>PG2_REQUIRE_CHROMIUM=1</c> (CI installs Chromium), where it runs and fails.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Skips the test without Chromium unless CI requires it.</summary>
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null && Environment.GetEnvironmentVariable("PG2_REQUIRE_CHROMIUM") != "1")
            Skip = "no chromium on PATH; set PG2_REQUIRE_CHROMIUM=1 to make this a failure";
    }
}

/// <summary>Headless Chromium, when on PATH: opens a report and dumps its DOM or a screenshot.</summary>
public static class Chromium
{
    /// <summary>The <c>chromium</c> found on PATH, or null.</summary>
    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(d => System.IO.Path.Combine(d, "chromium"))
        .FirstOrDefault(File.Exists);

    /// <summary>Runs headless Chromium on <paramref name="page"/> with <paramref name="action"/> (e.g. <c>--dump-dom</c>); returns stdout.</summary>
    public static async Task<string> RunAsync(string page, string profile, params string[] action)
    {
        Assert.True(Path is not null, "PG2_REQUIRE_CHROMIUM=1 but no chromium on PATH");
        string[] flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,1000"];
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var result = await ChildProcess.RunAsync(Path!, [.. flags, .. action, new Uri(page).AbsoluteUri], timeout.Token);
        Assert.True(result.ExitCode == 0, $"chromium exited {result.ExitCode}: {ChildProcess.Tail(result.Log, 10)}");
        return result.Output;
    }
}
