using Pg2.Sdk.Features;

namespace Pg2.Models.RidgeAugmented.Tests;

public sealed class AugmentedRidgeTests
{
    // Random one-hot rows over a 3-letter alphabet at 6 positions, and a covariate correlated with y.
    private static (OneHotMatrix X, double[] Z, double[] Y) Data(int n, int seed)
    {
        var random = new Random(seed);
        var codes = new byte[n * 6];
        for (int i = 0; i < codes.Length; i++) codes[i] = (byte)random.Next(3);
        var y = new double[n];
        var z = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = codes[i * 6] - 0.5 * codes[i * 6 + 3] + random.NextDouble();
            z[i] = 3 * y[i] + 2 * random.NextDouble() + 10;
        }
        return (new OneHotMatrix(codes, n, 6, 3), z, y);
    }

    [Theory]
    [InlineData(1.0, 0.01)]
    [InlineData(10.0, 5.0)]
    [InlineData(0.3, 100.0)]
    public void Solution_IsStationary_ForBothPenalties(double lambda, double mu)
    {
        var (x, z, y) = Data(40, 7);
        var fit = AugmentedRidge.Fit(x, z, 1, y, lambda, mu);
        // Residuals of the fitted model on the training rows.
        var pred = fit.Predict(x, z);
        var r = y.Zip(pred, (a, b) => a - b).ToArray();
        Assert.Equal(0.0, r.Sum(), 8); // the unpenalised intercept makes the residuals sum to zero
        // ∂/∂β: Xcᵀr = λβ (Xc: centred one-hot columns; Σr = 0 makes centring irrelevant).
        var dense = x.ToDense();
        for (int j = 0; j < x.ColumnCount; j++)
        {
            double g = 0;
            for (int i = 0; i < x.RowCount; i++) g += dense[i * x.ColumnCount + j] * r[i];
            Assert.Equal(lambda * fit.Coefficients[j], g, 8);
        }
        // ∂/∂γ: Zcᵀr = μγ, Z standardised with the training mean and std.
        double gz = 0;
        for (int i = 0; i < x.RowCount; i++) gz += (z[i] - fit.CovariateMeans[0]) / fit.CovariateScales[0] * r[i];
        Assert.Equal(mu * fit.CovariateCoefficients[0], gz, 8);
    }

    [Fact]
    public void AHeavilyPenalisedOneHotBlock_LeavesTheCovariateToCarryTheFit()
    {
        var (x, z, y) = Data(200, 3);
        var fit = AugmentedRidge.Fit(x, z, 1, y, lambda: 1e6, mu: 1e-6);
        Assert.All(fit.Coefficients, c => Assert.True(Math.Abs(c) < 1e-3, $"one-hot coefficient {c}"));
        // γ ≈ cov(y, z_std): the least-squares slope on the standardised covariate.
        double zm = z.Average(), zs = Math.Sqrt(z.Sum(v => (v - zm) * (v - zm)) / z.Length), ym = y.Average();
        double slope = z.Zip(y, (a, b) => (a - zm) / zs * (b - ym)).Sum() / z.Length;
        Assert.Equal(slope, fit.CovariateCoefficients[0], 3);
    }

    [Theory]
    [InlineData(40, 1.0, 0.01)]
    [InlineData(200, 10.0, 5.0)]
    [InlineData(12, 0.3, 100.0)]
    public void PrimalAndDualSystems_GiveTheSameModel(int n, double lambda, double mu)
    {
        var (x, z, y) = Data(n, 5);
        var primal = AugmentedRidge.Fit(x, z, 1, y, lambda, mu, dual: false);
        var dual = AugmentedRidge.Fit(x, z, 1, y, lambda, mu, dual: true);
        Assert.False(primal.SolvedDual);
        Assert.True(dual.SolvedDual);
        for (int j = 0; j < x.ColumnCount; j++) Assert.Equal(dual.Coefficients[j], primal.Coefficients[j], 9);
        Assert.Equal(dual.CovariateCoefficients[0], primal.CovariateCoefficients[0], 9);
        Assert.Equal(dual.Intercept, primal.Intercept, 9);
        // The default picks the smaller system: 18 one-hot features + 1 covariate against n rows.
        Assert.Equal(19 > n, AugmentedRidge.Fit(x, z, 1, y, lambda, mu).SolvedDual);
    }

    [Fact]
    public void SavedParameters_PredictTheSame()
    {
        var (x, z, y) = Data(30, 11);
        var fit = AugmentedRidge.Fit(x, z, 1, y, 2.0, 0.5);
        var again = AugmentedRidge.FromParameters(fit.Coefficients, fit.CovariateCoefficients, fit.CovariateMeans, fit.CovariateScales, fit.Intercept);
        Assert.Equal(fit.Predict(x, z), again.Predict(x, z));
    }

    [Fact]
    public void NonPositivePenalty_IsRefused()
    {
        var (x, z, y) = Data(10, 1);
        Assert.Throws<ArgumentException>(() => AugmentedRidge.Fit(x, z, 1, y, 1.0, 0.0));
        Assert.Throws<ArgumentException>(() => AugmentedRidge.Fit(x, z, 1, y, -1.0, 1.0));
    }
}
