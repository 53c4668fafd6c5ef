namespace Pg2.Sdk.Tests;

/// <summary>Paths to the shared seed archives (../shared/data beside the repository) and temp folders.</summary>
internal static class TestData
{
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "pg2.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("pg2.slnx not found above the test binaries");
        }
    }

    public static string Seed(string name) =>
        Path.GetFullPath(Path.Combine(RepositoryRoot, "../shared/data/seed", name, "dataset.zip"));

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
