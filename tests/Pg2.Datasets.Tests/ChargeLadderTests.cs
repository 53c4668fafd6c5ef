namespace Pg2.Datasets.Tests;

public class ChargeLadderTests
{
    [Fact]
    public void SeedDummyData_FollowsTheE1ChargeFormula()
    {
        // The seed archive was produced by the original generator: every row must satisfy
        // charge = netcharge(sequence) * (bar == "a" ? 1 : -1) - foo / 50.
        var d = Dataset.FromPath(TestData.Seed("dummy"));
        var seq = d.Assays.Sequences;
        var charge = d.Assays.Numeric("charge");
        var foo = d.Assays.Numeric("foo");
        var bar = d.Assays["bar"];
        for (int r = 0; r < d.Assays.RowCount; r++)
        {
            double expected = ChargeLadder.NetCharge(seq[r]!) * (bar.Format(r) == "a" ? 1 : -1) - foo[r] / 50;
            Assert.Equal(charge[r], expected, 9);
        }
    }

    [Fact]
    public void Generate_SameSeedSameData_DifferentSeedDiffers()
    {
        var a = ChargeLadder.Generate(100, 30, seed: 1);
        var b = ChargeLadder.Generate(100, 30, seed: 1);
        var c = ChargeLadder.Generate(100, 30, seed: 2);
        Assert.Equal(a.Assays.Sequences, b.Assays.Sequences);
        Assert.NotEqual(a.Assays.Sequences, c.Assays.Sequences);
        Assert.Equal(a.Assays.RowCount, a.Assays.Sequences.Distinct().Count());
    }
}
