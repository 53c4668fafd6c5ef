using Pg2.Sdk.Features;

namespace Pg2.Models.RidgeAugmented.Tests;

public sealed class PenaltySearchTests
{
    private static (OneHotMatrix X, double[] Z, double[] Y) Data(int n, int seed, double noise)
    {
        var random = new Random(seed);
        var codes = new byte[n * 6];
        for (int i = 0; i < codes.Length; i++) codes[i] = (byte)random.Next(3);
        var y = new double[n];
        var z = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = codes[i * 6] - 0.5 * codes[i * 6 + 3] + noise * random.NextDouble();
            z[i] = 2 * y[i] + random.NextDouble();
        }
        return (new OneHotMatrix(codes, n, 6, 3), z, y);
    }

    [Fact]
    public void TheChoice_IsAGridCell_AndTheSameOnEveryRun()
    {
        var (x, z, y) = Data(80, 2, 1.0);
        double[] lambdas = [0.1, 1, 10, 100], mus = [0.01, 1, 100];
        var first = PenaltySearch.Choose(x, z, 1, y, lambdas, mus, 5, seed: 0);
        var second = PenaltySearch.Choose(x, z, 1, y, lambdas, mus, 5, seed: 0);
        Assert.Contains(first.Lambda, lambdas);
        Assert.Contains(first.Mu, mus);
        Assert.Equal((first.Lambda, first.Mu), (second.Lambda, second.Mu));
        Assert.Equal(first.Errors, second.Errors);
        // The chosen cell has the least error of the grid.
        int l = Array.IndexOf(lambdas, first.Lambda), m = Array.IndexOf(mus, first.Mu);
        foreach (var e in first.Errors) Assert.True(first.Errors[l, m] <= e);
    }

    [Fact]
    public void EachCellsError_IsThatOfAnExplicitFitOnTheInnerFolds()
    {
        // Woodbury's shortcut over μ must give what a direct AugmentedRidge fit per fold gives.
        var (x, z, y) = Data(40, 5, 0.5);
        double[] lambdas = [0.5, 5], mus = [0.1, 10];
        var choice = PenaltySearch.Choose(x, z, 1, y, lambdas, mus, 4, seed: 3);
        var order = Enumerable.Range(0, 40).ToArray();
        new Random(3).Shuffle(order);
        var fold = new int[40];
        for (int r = 0; r < 40; r++) fold[order[r]] = r % 4;
        for (int li = 0; li < 2; li++)
            for (int mi = 0; mi < 2; mi++)
            {
                double sse = 0;
                for (int f = 0; f < 4; f++)
                {
                    var train = Enumerable.Range(0, 40).Where(i => fold[i] != f).ToArray();
                    var test = Enumerable.Range(0, 40).Where(i => fold[i] == f).ToArray();
                    var fit = AugmentedRidge.Fit(x.SelectRows(train), train.Select(i => z[i]).ToArray(), 1, train.Select(i => y[i]).ToArray(), lambdas[li], mus[mi]);
                    var predicted = fit.Predict(x.SelectRows(test), test.Select(i => z[i]).ToArray());
                    sse += test.Select((row, k) => (y[row] - predicted[k]) * (y[row] - predicted[k])).Sum();
                }
                Assert.Equal(sse / 40, choice.Errors[li, mi], 10);
            }
    }

    [Fact]
    public void ALargePenalty_IsChosenWhenTheOneHotBlockIsNoise()
    {
        // y depends on the covariate only: shrinking the one-hot block hardest predicts best.
        var random = new Random(8);
        var (x, _, _) = Data(120, 8, 0);
        var z = Enumerable.Range(0, 120).Select(_ => random.NextDouble()).ToArray();
        var y = z.Select(v => 2 * v + 0.3 * random.NextDouble()).ToArray();
        var choice = PenaltySearch.Choose(x, z, 1, y, [0.01, 1000], [0.01], 5, seed: 0);
        Assert.Equal(1000, choice.Lambda);
    }
}
