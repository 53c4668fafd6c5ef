using Pg2.Datasets.Alignments;

namespace Pg2.Datasets.Tests.Alignments;

/// <summary>Paths of the shared alignments (../shared/data beside the repository root).</summary>
internal static class AlignmentTestData
{
    private static readonly Lazy<string> RepositoryRoot = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "pg2.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("pg2.slnx not found above " + AppContext.BaseDirectory);
    });

    private static readonly Lazy<string> SharedData =
        new(() => Path.GetFullPath(Path.Combine(RepositoryRoot.Value, "..", "shared", "data")));

    /// <summary>A file of this folder's Fixtures/ (read in place, no copy to the output needed).</summary>
    public static string Fixture(string name) =>
        Path.Combine(RepositoryRoot.Value, "tests", "Pg2.Datasets.Tests", "Alignments", "Fixtures", name);

    public static string Dhfr => Path.Combine(SharedData.Value, "proteingym", "DYR_ECOLI_Thompson_2019", "DHFR.a2m");
    public static string Envz => Path.Combine(SharedData.Value, "proteingym", "ENVZ_ECOLI_Ghose_2023", "ENVZ_ECOLI_extreme_filtered.a2m");
    public static string Blat => Path.Combine(SharedData.Value, "proteingym", "BLAT_ECOLX_Jacquier_2013", "BLAT_ECOLX_ColabFold_2202.a3m");

    public static Alignment FromText(string text, AlignmentFormat format = AlignmentFormat.A2m) =>
        AlignmentReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), format, "test.a2m");
}
