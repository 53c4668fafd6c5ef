using Pg2.Testing;

namespace Pg2.Cli.Tests;

/// <summary>Runs pg2 in-process, printing to its own writers, so that tests run in parallel.</summary>
internal static class Cli
{
    public static Task<CliResult> RunAsync(params string[] args) => CliResult.CaptureAsync((output, error) => Pg2App.RunAsync(args, output, error));
}
