namespace Pg2.Models.SiteIndependent.Tests;

internal static class TestData
{
    private static readonly Lazy<string> SharedData = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "pg2.slnx"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("pg2.slnx not found above " + AppContext.BaseDirectory);
        return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
    });

    public static string Dhfr => Path.Combine(SharedData.Value, "proteingym", "DYR_ECOLI_Thompson_2019", "DHFR.a2m");

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}
