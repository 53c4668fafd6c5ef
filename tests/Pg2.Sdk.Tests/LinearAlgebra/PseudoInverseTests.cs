using Pg2.Sdk.LinearAlgebra;

namespace Pg2.Sdk.Tests.LinearAlgebra;

public class PseudoInverseTests
{
    [Fact]
    public void Of_InvertibleMatrix_IsTheInverse()
    {
        var inv = PseudoInverse.Of(new double[,] { { 1, 0.5, 0.2 }, { 0, 1, 0.1 }, { 0.3, 0, 2 } });
        var a = new double[,] { { 1, 0.5, 0.2 }, { 0, 1, 0.1 }, { 0.3, 0, 2 } };
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double s = 0;
                for (int k = 0; k < 3; k++) s += a[i, k] * inv[k, j];
                Assert.Equal(i == j ? 1.0 : 0.0, s, 12);
            }
    }

    [Fact]
    public void Of_OneByOne_AndZero() // the cases MathNet's PseudoInverse returns NaN for
    {
        Assert.Equal(0.25, PseudoInverse.Of(new double[,] { { 4 } })[0, 0], 15);
        var z = PseudoInverse.Of(new double[2, 2]);
        Assert.All(z.Cast<double>(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Of_RankDeficient_SatisfiesPenroseCondition()
    {
        var a = new double[,] { { 1, 2 }, { 2, 4 }, { 3, 6 } }; // rank 1, 3 × 2
        var p = PseudoInverse.Of(a);
        Assert.Equal(2, p.GetLength(0));
        Assert.Equal(3, p.GetLength(1));
        // A·A⁺·A = A
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 2; j++)
            {
                double s = 0;
                for (int k = 0; k < 2; k++)
                    for (int l = 0; l < 3; l++) s += a[i, k] * p[k, l] * a[l, j];
                Assert.Equal(a[i, j], s, 10);
            }
    }
}
