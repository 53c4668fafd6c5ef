using Pg2.Datasets.Alignments;
using Pg2.Testing;

namespace Pg2.Models.Evmutation.Tests;

internal static class TestData
{
    public static string RepositoryFile(string relative) => Repository.File(relative);

    public static string Envz => Path.Combine(Repository.SharedData(), "proteingym", "ENVZ_ECOLI_Ghose_2023", "ENVZ_ECOLI_extreme_filtered.a2m");

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static Alignment FromText(string text) =>
        AlignmentReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), AlignmentFormat.A2m, "test.a2m");

    /// <summary>A small alignment with gaps, lower-case inserts and a discarded sequence.</summary>
    public static Alignment Small => FromText("""
        >FOCUS/3-8
        MKv-LAWG
        >s1
        MRv-LAWG
        >s2
        -KiALSW-
        >s3
        MKv-IAFG
        >s4
        LK--LCWG
        >s5
        MK.-L-WA
        >s6
        MXv-LAWG
        >s7
        AKv-LAYG
        """);
}
