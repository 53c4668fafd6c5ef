using Pg2.Datasets.Assays;
using Pg2.Datasets.Mutations;

namespace Pg2.Datasets.Tests.Archives;

public class SeedArchiveTests
{
    [Fact]
    public void Load_ChargeLadder_Has495RowsAndFeaturesFooBar()
    {
        var d = Dataset.FromPath(TestData.Seed("dummy"));
        Assert.Equal("charge_ladder", d.Name);
        Assert.Equal(495, d.Assays.RowCount);
        Assert.Equal(["charge"], d.Targets);
        Assert.Equal(["foo", "bar"], d.Features);
        Assert.IsType<NumericColumn>(d.Assays["foo"]);
        Assert.IsType<TextColumn>(d.Assays["bar"]);
        Assert.Equal("RandomSplitStrategy", d.Manifest.AssaysMeta!.SplitStrategy);
        var view = d.ForTarget("charge");
        Assert.Equal(495, view.Count);
        Assert.Equal(["bar", "foo"], view.Features);
        Assert.Equal(-8.105643090241717, view.Y[0]);
        Assert.StartsWith("SFQHHAEDAHEW", view.Sequences[0], StringComparison.Ordinal);
        Assert.All(d.Assays.Numeric("engineering_round"), r => Assert.Equal(1.0, r));
    }

    [Fact]
    public void Load_Neime_Has922FullSequences()
    {
        var d = Dataset.FromPath(TestData.Seed("neime"));
        Assert.Equal("neime", d.Name);
        Assert.Equal(922, d.ForTarget("DMS_score").Count);
        Assert.Equal(["DMS_score", "engineering_round", "sequence"], d.Assays.Columns.Select(c => c.Name).Order());
        Assert.All(d.Assays.Sequences, s => Assert.Equal(161, s!.Length));
        Assert.Null(d.ReferenceSequence("DMS_score"));
    }

    [Fact]
    public void Load_Ranganathan_AllMutationsValidAtOffset24()
    {
        var d = Dataset.FromPath(TestData.Seed("ranganathan"));
        Assert.Equal(4996, d.Assays.RowCount);
        Assert.Equal(4977, d.ForTarget("cefotaxime").Count); // 19 rows have no cefotaxime value
        var reference = d.ReferenceSequence("cefotaxime")!;
        Assert.Equal(263, reference.Sequence.Length);
        Assert.Equal(24, reference.Offset);
        Assert.True(reference.OffsetInferred);
        foreach (var (s, i) in d.Assays.Sequences.Select((s, i) => (s!, i)))
            Mutant.Parse(s, $"row {i + 1}").Validate(reference.Sequence, 24, $"row {i + 1}");
        Assert.Equal("sequence", d.Target("cefotaxime").Constants["mutation_col"]);
    }

    [Theory]
    [InlineData("dummy")]
    [InlineData("neime")]
    [InlineData("ranganathan")]
    public void Save_LoadsBackEqual(string name)
    {
        var original = Dataset.FromPath(TestData.Seed(name));
        var path = Path.Combine(TestData.TempDir(), "out.zip");
        original.Save(path);
        var copy = Dataset.FromPath(path);
        DatasetAssert.Equal(original, copy);
    }

    [Fact]
    public void Load_RenamesSequenceFeatureAndKeepsOnlyDeclaredColumns()
    {
        var path = TestData.Zip(("manifest.toml", TestData.Manifest),
            ("assays.csv", "seq,y,foo,extra\nAAA,1.5,2,x\nAAC,,3,y\nAAD,2.5,4,z\n"));
        var d = Dataset.FromPath(path);
        Assert.Equal(["engineering_round", "foo", "sequence", "y"], d.Assays.Columns.Select(c => c.Name).Order());
        var view = d.ForTarget("y");
        Assert.Equal(["AAA", "AAD"], view.Sequences);
        Assert.Equal([0, 2], view.Rows);
    }
}

internal static class DatasetAssert
{
    public static void Equal(Dataset expected, Dataset actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Targets, actual.Targets);
        Assert.Equal(expected.Features, actual.Features);
        foreach (var t in expected.Targets)
        {
            Assert.Equal(expected.Target(t).Description, actual.Target(t).Description);
            Assert.Equal(expected.Target(t).Constants, actual.Target(t).Constants);
        }
        Assert.Equal(expected.Manifest.AssaysMeta!.SplitStrategy, actual.Manifest.AssaysMeta!.SplitStrategy);
        Assert.Equal(expected.Assays.Columns.Select(c => c.Name), actual.Assays.Columns.Select(c => c.Name));
        Assert.Equal(expected.Assays.RowCount, actual.Assays.RowCount);
        foreach (var c in expected.Assays.Columns)
        {
            var other = actual.Assays[c.Name];
            Assert.Equal(c.GetType(), other.GetType());
            for (int r = 0; r < c.Count; r++) Assert.Equal(c.Format(r), other.Format(r));
        }
        Assert.Equal(expected.Msa?.Ids, actual.Msa?.Ids);
        Assert.Equal(expected.Msa?.Rows, actual.Msa?.Rows);
        Assert.Equal(expected.Structures.Keys.Order(), actual.Structures.Keys.Order());
        foreach (var (k, v) in expected.Structures) Assert.Equal(v, actual.Structures[k]);
    }
}
