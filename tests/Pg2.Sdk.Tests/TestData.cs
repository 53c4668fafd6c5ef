using Pg2.Testing;
namespace Pg2.Sdk.Tests;

/// <summary>Paths to the shared seed archives (../shared/data beside the repository) and temp folders.</summary>
internal static class TestData
{
    public static string RepositoryRoot => Repository.Root;

    public static string Seed(string name) => Repository.SharedData("seed", name, "dataset.zip");

    public static string ChargeLadder => Seed("dummy");
    public static string Neime => Seed("neime");
    public static string Ranganathan => Seed("ranganathan");

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pg2-sdk-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
