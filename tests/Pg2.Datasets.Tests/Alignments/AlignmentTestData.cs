using Pg2.Datasets.Alignments;
using Pg2.Testing;

namespace Pg2.Datasets.Tests.Alignments;

/// <summary>Paths of the shared alignments (../shared/data beside the repository root).</summary>
internal static class AlignmentTestData
{

    /// <summary>A file of this folder's Fixtures/ (read in place, no copy to the output needed).</summary>
    public static string Fixture(string name) =>
        Repository.File("tests", "Pg2.Datasets.Tests", "Alignments", "Fixtures", name);

    public static string Dhfr => Repository.SharedData("proteingym", "DYR_ECOLI_Thompson_2019", "DHFR.a2m");
    public static string Envz => Repository.SharedData("proteingym", "ENVZ_ECOLI_Ghose_2023", "ENVZ_ECOLI_extreme_filtered.a2m");
    public static string Blat => Repository.SharedData("proteingym", "BLAT_ECOLX_Jacquier_2013", "BLAT_ECOLX_ColabFold_2202.a3m");

    public static Alignment FromText(string text, AlignmentFormat format = AlignmentFormat.A2m) =>
        AlignmentReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), format, "test.a2m");
}
