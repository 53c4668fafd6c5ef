using FsCheck.Xunit;

namespace Pg2.Metrics.Tests;

/// <summary>Algebraic properties every correct implementation has, over random (tie-rich) integer data.</summary>
public class MetricPropertyTests
{
    private static (double[] X, double[] Y) Pair(int[] xs, int[] ys)
    {
        int n = Math.Min(xs.Length, ys.Length);
        return (xs.Take(n).Select(v => (double)v).ToArray(), ys.Take(n).Select(v => (double)v).ToArray());
    }

    private static bool SameOrBothNaN(double a, double b, double tol = 1e-12) =>
        (double.IsNaN(a) && double.IsNaN(b)) || Math.Abs(a - b) <= tol;

    [Property(MaxTest = 300)]
    public bool Spearman_IsInvariantToStrictlyMonotoneTransforms(int[] xs, int[] ys)
    {
        var (x, y) = Pair(xs, ys);
        var transformed = y.Select(v => Math.Sinh(v / 50.0) * 3 - 7).ToArray(); // strictly increasing
        return SameOrBothNaN(Spearman.Compute(x, y), Spearman.Compute(x, transformed));
    }

    [Property(MaxTest = 300)]
    public bool Spearman_IsSymmetricAndBounded(int[] xs, int[] ys)
    {
        var (x, y) = Pair(xs, ys);
        double a = Spearman.Compute(x, y), b = Spearman.Compute(y, x);
        return SameOrBothNaN(a, b, 1e-15) && (double.IsNaN(a) || (a >= -1 && a <= 1));
    }

    [Property(MaxTest = 300)]
    public bool Spearman_OfReversedScoreIsNegated(int[] xs, int[] ys)
    {
        var (x, y) = Pair(xs, ys);
        var reversed = y.Select(v => -v).ToArray();
        return SameOrBothNaN(Spearman.Compute(x, y), -Spearman.Compute(x, reversed));
    }

    [Property(MaxTest = 300)]
    public bool Spearman_EqualsPearsonOfAverageRanks(int[] xs, int[] ys)
    {
        var (x, y) = Pair(xs, ys);
        if (x.Length < 3) return true;
        return SameOrBothNaN(Spearman.Compute(x, y), Pearson.Compute(Ranks.Average(x), Ranks.Average(y)), 1e-12);
    }

    [Property(MaxTest = 300)]
    public bool AverageRanks_SumToTriangularNumber(int[] xs)
    {
        var ranks = Ranks.Average(xs.Select(v => (double)v).ToArray());
        double n = xs.Length;
        return ranks.Sum() == n * (n + 1) / 2;
    }

    [Property(MaxTest = 300)]
    public bool Auc_OfFlippedScoreIsComplement(int[] xs, int[] ys)
    {
        var (x, y) = Pair(xs, ys);
        var labels = x.Select(v => v >= 0 ? 1.0 : 0.0).ToArray();
        double auc = RocAuc.Compute(labels, y);
        double flipped = RocAuc.Compute(labels, y.Select(v => 1 - v).ToArray());
        return SameOrBothNaN(flipped, 1 - auc) && (double.IsNaN(auc) || (auc >= 0 && auc <= 1));
    }

    [Property(MaxTest = 300)]
    public bool Mcc_IsBounded(int[] xs, int[] ys)
    {
        var (x, y) = Pair(xs, ys);
        if (x.Length == 0) return true;
        var labels = x.Select(v => v % 2 == 0 ? 1.0 : 0.0).ToArray();
        double mcc = MatthewsCorrelation.Compute(labels, y);
        return mcc >= -1 && mcc <= 1;
    }

    [Property(MaxTest = 300)]
    public bool Ndcg_IsOneForThePerfectRankingAndBounded(int[] xs, int[] ys)
    {
        var (x, y) = Pair(xs, ys);
        if (x.Length == 0) return double.IsNaN(Ndcg.Compute(x, y));
        double perfect = Ndcg.Compute(x, x);
        double any = Ndcg.Compute(x, y);
        bool constant = x.All(v => v == x[0]);
        bool topEmpty = x.Length < 10;
        if (constant && !topEmpty) return double.IsNaN(perfect);
        return (topEmpty ? perfect == 0 : SameOrBothNaN(perfect, 1)) && any >= 0 && any <= 1 + 1e-12;
    }

    [Property(MaxTest = 300)]
    public bool Recovery_OfTheTruthItselfIsOne(int[] xs, int k)
    {
        var x = xs.Select(v => (double)v).ToArray();
        if (x.Length == 0) return true;
        int kk = 1 + Math.Abs(k % x.Length);
        return TopKRecovery.Compute(x, x, kk) == 1.0;
    }

    [Property(MaxTest = 300)]
    public bool TopRecall_IsAFractionAndOneForThePerfectScore(int[] xs, int[] ys)
    {
        var (x, y) = Pair(xs, ys);
        if (x.Length == 0) return true;
        double r = TopRecall.Compute(x, y);
        return TopRecall.Compute(x, x) == 1.0 && r >= 0 && r <= 1;
    }

    [Fact]
    public void StableOrder_RadixPathAgreesWithAStableComparisonSort()
    {
        var rng = new Random(7);
        // Large enough for the radix path; few distinct values, negatives, and both zeros.
        var values = Enumerable.Range(0, 20_000).Select(_ => (rng.Next(-50, 50) / 4.0) * (rng.Next(2) == 0 ? 1 : -1)).ToArray();
        values[3] = -0.0;
        values[9] = 0.0;
        var expectedAsc = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var expectedDesc = Enumerable.Range(0, values.Length).OrderByDescending(i => values[i]).ToArray();
        Assert.Equal(expectedAsc, StableOrder.Ascending(values));
        Assert.Equal(expectedDesc, StableOrder.Descending(values));
    }

    [Fact]
    public void Spearman_LargeInputMatchesSmallPathDefinition()
    {
        // Above the parallel threshold; compare against the Pearson-of-ranks definition.
        var rng = new Random(11);
        var x = Enumerable.Range(0, 120_000).Select(_ => (double)rng.Next(1000)).ToArray();
        var y = x.Select(v => v + rng.Next(-300, 300)).ToArray();
        double expected = Pearson.Compute(Ranks.Average(x), Ranks.Average(y));
        Assert.Equal(expected, Spearman.Compute(x, y), 12);
    }
}
