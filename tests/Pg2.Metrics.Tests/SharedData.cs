using Pg2.Testing;

namespace Pg2.Metrics.Tests;

/// <summary>The shared test data folder: <c>../shared/data</c> next to the repository root (the folder with pg2.slnx).</summary>
internal static class SharedData
{
    public static string Root { get; } = Repository.SharedData();
}
