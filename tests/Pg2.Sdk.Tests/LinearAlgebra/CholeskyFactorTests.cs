using Pg2.Sdk.LinearAlgebra;

namespace Pg2.Sdk.Tests.LinearAlgebra;

public class CholeskyFactorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(203)] // several blocks and ragged 4×4 tiles
    public void Solve_RecoversTheSolutionOfAnSpdSystem(int n)
    {
        var rng = new Random(n);
        var b = new double[n * n];
        for (int i = 0; i < b.Length; i++) b[i] = rng.NextDouble() - 0.5;
        var a = RowProducts.SelfTransposed(b, n, n); // B·Bᵀ + n·I is SPD
        for (int i = 0; i < n; i++) a[i * n + i] += n;
        var original = (double[])a.Clone();
        var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 10 - 5).ToArray();
        var rhs = new double[n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) rhs[i] += original[i * n + j] * x[j];

        var solved = CholeskyFactor.Factor(a, n).Solve(rhs);

        for (int i = 0; i < n; i++) Assert.Equal(x[i], solved[i], 9);
    }

    [Fact]
    public void Factor_NotPositiveDefinite_Throws()
    {
        double[] a = [1, 2, 2, 1];
        Assert.Throws<InvalidOperationException>(() => CholeskyFactor.Factor(a, 2));
    }

    [Fact]
    public void SelfTransposed_EqualsNaiveProduct()
    {
        var rng = new Random(5);
        int r = 11, c = 13;
        var m = Enumerable.Range(0, r * c).Select(_ => rng.NextDouble()).ToArray();
        var g = RowProducts.SelfTransposed(m, r, c);
        for (int i = 0; i < r; i++)
            for (int j = 0; j < r; j++)
            {
                double s = 0;
                for (int k = 0; k < c; k++) s += m[i * c + k] * m[j * c + k];
                Assert.Equal(s, g[i * r + j], 12);
            }
    }
}
