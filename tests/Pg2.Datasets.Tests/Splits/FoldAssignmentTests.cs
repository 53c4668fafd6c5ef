using Pg2.Datasets.Assays;
using Pg2.Datasets.Splits;
using Pg2.Contracts;

namespace Pg2.Datasets.Tests.Splits;

public class FoldAssignmentTests
{
    private static (TargetView View, string[] Mutants) Singles(params int[] positions)
    {
        var mutants = positions.Select((p, i) => $"A{p}{"CDEFGHIKLM"[i % 10]}").ToArray();
        var table = new AssayTable([
            new TextColumn("sequence", mutants),
            new NumericColumn("y", mutants.Select((_, i) => (double)i).ToArray()),
        ]);
        return (new TargetView(table, "y", [], Enumerable.Range(0, mutants.Length).ToArray()), mutants);
    }

    [Fact]
    public void Modulo_ByRankOfDistinctPositions()
    {
        var (view, mutants) = Singles(10, 30, 20, 10, 40, 50, 60);
        var f = FoldAssignment.Compute(view, FoldScheme.Modulo, mutants);
        // distinct sorted: 10,20,30,40,50,60 -> ranks 0..5 -> folds 0,1,2,3,4,0
        Assert.Equal([0, 2, 1, 0, 3, 4, 0], f.FoldOfRow);
        Assert.Equal(5, f.FoldCount);
    }

    [Fact]
    public void Contiguous_FirstFoldsGetTheRemainder()
    {
        var (view, mutants) = Singles(1, 2, 3, 4, 5, 6, 7);
        var f = FoldAssignment.Compute(view, FoldScheme.Contiguous, mutants);
        // 7 positions, 5 folds: sizes 2,2,1,1,1
        Assert.Equal([0, 0, 1, 1, 2, 3, 4], f.FoldOfRow);
    }

    [Fact]
    public void FewerThanFivePositions_UsesFourFolds()
    {
        var (view, mutants) = Singles(1, 2, 3, 4, 4);
        var f = FoldAssignment.Compute(view, FoldScheme.Modulo, mutants);
        Assert.Equal(4, f.FoldCount);
        Assert.Equal([0, 1, 2, 3, 3], f.FoldOfRow);
    }

    [Fact]
    public void Random_Seeded_Reproducible_AndFoldsPartitionRows()
    {
        var (view, mutants) = Singles(Enumerable.Range(1, 100).ToArray());
        var a = FoldAssignment.Compute(view, FoldScheme.Random, mutants, seed: 3);
        var b = FoldAssignment.Compute(view, FoldScheme.Random, mutants, seed: 3);
        Assert.Equal(a.FoldOfRow, b.FoldOfRow);
        Assert.All(a.FoldOfRow, f => Assert.InRange(f, 0, 4));
        for (int k = 0; k < 5; k++)
        {
            Assert.Equal(100, a.TrainFolds(k).Count + a.TestFold(k).Count);
            Assert.DoesNotContain(a.TestFold(k).Rows, r => a.TrainFolds(k).Rows.Contains(r));
        }
    }

    [Theory]
    [InlineData("random", FoldScheme.Random)]
    [InlineData("MODULO", FoldScheme.Modulo)]
    [InlineData("Contiguous", FoldScheme.Contiguous)]
    public void ParseScheme_CaseInsensitive(string text, FoldScheme expected) =>
        Assert.Equal(expected, FoldAssignment.ParseScheme(text));

    [Fact]
    public void ParseScheme_Unknown_Throws() =>
        Assert.Throws<InvalidInputException>(() => FoldAssignment.ParseScheme("blocked"));
}
