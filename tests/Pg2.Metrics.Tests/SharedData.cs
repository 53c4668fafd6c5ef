namespace Pg2.Metrics.Tests;

/// <summary>The shared test data folder: <c>../shared/data</c> next to the repository root (the folder with pg2.slnx).</summary>
internal static class SharedData
{
    public static string Root { get; } = Locate();

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "pg2.slnx")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
        throw new DirectoryNotFoundException("no pg2.slnx above " + AppContext.BaseDirectory);
    }
}
