using Pg2.Datasets.Assays;
using Pg2.Datasets.Splits;
using Pg2.Contracts;

namespace Pg2.Datasets.Tests.Splits;

public class SplitTests
{
    private static TargetView View(string[] sequences, string?[]? split = null)
    {
        var columns = new List<AssayColumn>
        {
            new TextColumn("sequence", sequences),
            new NumericColumn("y", sequences.Select((_, i) => (double)i).ToArray()),
        };
        if (split is not null) columns.Add(new TextColumn("split", split));
        var table = new AssayTable(columns);
        return new TargetView(table, "y", [], Enumerable.Range(0, sequences.Length).ToArray());
    }

    [Fact]
    public void Random_DefaultRatios_FloorTrainCeilValidEmptyTest()
    {
        var view = View(Enumerable.Range(0, 11).Select(i => $"S{i}").ToArray());
        var a = new RandomSplitStrategy().Split(view);
        Assert.Equal(8, a.Train.Count);  // floor(11 * 0.8)
        Assert.Equal(3, a.Valid.Count);  // ceil(11 * 0.2)
        Assert.Equal(0, a.Test.Count);
    }

    [Fact]
    public void Random_SameSeed_SameSplit_OtherSeed_Differs()
    {
        var view = View(Enumerable.Range(0, 200).Select(i => $"S{i}").ToArray());
        var a = new RandomSplitStrategy(seed: 7).Split(view).PartOfRow;
        var b = new RandomSplitStrategy(seed: 7).Split(view).PartOfRow;
        var c = new RandomSplitStrategy(seed: 8).Split(view).PartOfRow;
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Random_DuplicateSequences_StayTogether_FixedTestGoesToTest()
    {
        var seqs = new[] { "A", "B", "A", "C", "D", "B", "E", "F", "G", "H" };
        var a = new RandomSplitStrategy(0.5, 0.5, ["C"]).Split(View(seqs));
        Assert.Equal(a.PartOfRow[0], a.PartOfRow[2]);
        Assert.Equal(a.PartOfRow[1], a.PartOfRow[5]);
        Assert.Equal(SplitPart.Test, a.PartOfRow[3]);
        Assert.Equal(["C"], a.Test.Sequences);
    }

    [Fact]
    public void Random_BadRatios_Throw()
    {
        Assert.Throws<InvalidInputException>(() => new RandomSplitStrategy(0.9, 0.2));
        Assert.Throws<InvalidInputException>(() => new RandomSplitStrategy(0.5, 0.2, ["A"]));
    }

    [Fact]
    public void Predefined_ReadsSplitColumn()
    {
        var a = new PredefinedSplitStrategy().Split(View(["A", "B", "C"], ["train", "test", "valid"]));
        Assert.Equal([SplitPart.Train, SplitPart.Test, SplitPart.Valid], a.PartOfRow);
        Assert.Equal(["B"], a.Test.Sequences);
    }

    [Fact]
    public void Dataset_SplitStrategy_FollowsManifest()
    {
        var d = Dataset.FromPath(TestData.Seed("dummy"));
        var a = d.SplitStrategy("charge").Split(d.ForTarget("charge"));
        Assert.IsType<RandomSplitStrategy>(d.SplitStrategy("charge"));
        Assert.Equal(396, a.Train.Count); // floor(495 * 0.8)
        Assert.Equal(99, a.Valid.Count);
    }
}
