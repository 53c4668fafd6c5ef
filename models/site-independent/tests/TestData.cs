namespace Pg2.Models.SiteIndependent.Tests;

internal static class TestData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "pg2.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("pg2.slnx not found above " + AppContext.BaseDirectory);
    });

    private static readonly Lazy<string> SharedDataPath = new(() => Path.GetFullPath(Path.Combine(Root.Value, "..", "shared", "data")));

    public static string RepositoryFile(string relative) => Path.Combine(Root.Value, relative);

    public static string SharedData => SharedDataPath.Value;

    public static string Dhfr => Path.Combine(SharedData, "proteingym", "DYR_ECOLI_Thompson_2019", "DHFR.a2m");

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}
