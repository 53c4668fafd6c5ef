namespace Pg2.Datasets.Tests.Archives;

public class PgdataArchiveTests
{
    [Fact]
    public void Load_Neime2019_HasAssaysWildTypeStructureAndMsa()
    {
        var d = Dataset.FromPath(TestData.Pgdata("NEIME_2019"));
        Assert.Equal("NEIME_2019", d.Name);
        Assert.Equal(["target"], d.Targets);
        Assert.Equal(922, d.ForTarget("target").Count);
        var wt = d.ReferenceSequence("target")!;
        Assert.Equal(161, wt.Sequence.Length);
        Assert.Equal(1, wt.Offset);
        Assert.NotNull(d.Msa);
        Assert.StartsWith("A0A1I9GEU1_NEIME", d.Msa!.FocusId, StringComparison.Ordinal);
        Assert.Equal(wt.Sequence, d.Msa.FocusSequence);
        Assert.True(d.Msa.Depth > 100);
        Assert.Single(d.Structures);
        Assert.Equal(37.0, d.Target("target").Constants["T"]);
    }

    [Fact]
    public void Load_RanganathanPgdata_UsesVariableRAsReference()
    {
        var d = Dataset.FromPath(TestData.Pgdata("ranganathan"));
        var wt = d.ReferenceSequence("target")!;
        Assert.Equal(24, wt.Offset);
        Assert.Equal("sequence", d.Target("target").Constants["mutation_col"]);
    }

    [Fact]
    public void Convert_Neime2019_ToSeedZip_LoadsBackEqual()
    {
        var d = Dataset.FromPath(TestData.Pgdata("NEIME_2019"));
        var path = Path.Combine(TestData.TempDir(), "neime.zip");
        d.Save(path);
        DatasetAssert.Equal(d, Dataset.FromPath(path));
    }
}
