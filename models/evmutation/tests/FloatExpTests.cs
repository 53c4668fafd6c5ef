using System.Runtime.Intrinsics;

namespace Pg2.Models.Evmutation.Tests;

public class FloatExpTests
{
    [Fact]
    public void OfNonPositive_IsWithinTwoUlpOfTheExactValueAndZeroBelowItsFloor()
    {
        var random = new Random(3);
        for (int k = 0; k < 20_000; k++)
        {
            float x = k < 10 ? -k * 10f : -(float)(random.NextDouble() * 90);
            float wide = FloatExp.OfNonPositive(Vector256.Create(x))[5];
            float narrow = FloatExp.OfNonPositive(Vector128.Create(x))[2];
            double exact = Math.Exp(x);
            Assert.Equal(wide, narrow);
            if (x < -87f) Assert.Equal(0f, wide);
            else
            {
                double ulp = MathF.BitIncrement((float)exact) - (float)exact;
                Assert.True(Math.Abs(wide - exact) <= 2 * ulp, $"e^{x}: {wide} vs {exact}");
            }
        }
    }
}
