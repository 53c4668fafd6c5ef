using Pg2.Models.Evmutation.Reference;

namespace Pg2.Models.Evmutation.Tests;

public class LbfgsTests
{
    private static double Rosenbrock(double[] x, double[] g)
    {
        double f = 0;
        Array.Clear(g);
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
            f += 100 * a * a + b * b;
            g[i] += -400 * a * x[i] - 2 * b;
            g[i + 1] += 200 * a;
        }
        return f;
    }

    [Fact]
    public void Minimize_Rosenbrock_ReachesMinimum()
    {
        var x = new double[] { -1.2, 1, -1.2, 1, 0.5, -0.3 };
        var result = new Lbfgs { MaxIterations = 1000, Epsilon = 1e-8 }.Minimize(Rosenbrock, x);
        Assert.Equal(LbfgsStatus.Converged, result.Status);
        Assert.All(x, v => Assert.Equal(1.0, v, 5));
    }

    [Fact]
    public void Minimize_StopsAtIterationCap()
    {
        var x = new double[] { -1.2, 1 };
        int reported = 0;
        var result = new Lbfgs { MaxIterations = 5, Progress = (_, _, _, _) => reported++ }.Minimize(Rosenbrock, x);
        Assert.Equal(LbfgsStatus.MaximumIterations, result.Status);
        Assert.Equal(5, result.Iterations);
        Assert.Equal(5, reported);
        Assert.True(result.Value < 24.2); // f(-1.2, 1) = 24.2
    }

    [Fact]
    public void Minimize_Quadratic_ConvergesWithFewEvaluations()
    {
        // f = Σ (i+1)(x_i − i)²: L-BFGS on a well-conditioned quadratic converges in a few steps.
        double F(double[] x, double[] g)
        {
            double f = 0;
            for (int i = 0; i < x.Length; i++)
            {
                f += (i + 1) * (x[i] - i) * (x[i] - i);
                g[i] = 2 * (i + 1) * (x[i] - i);
            }
            return f;
        }
        var x = new double[5];
        var result = new Lbfgs { MaxIterations = 100, Epsilon = 1e-10 }.Minimize(F, x);
        Assert.Equal(LbfgsStatus.Converged, result.Status);
        for (int i = 0; i < x.Length; i++) Assert.Equal(i, x[i], 8);
        Assert.True(result.Evaluations < 40, $"{result.Evaluations} evaluations");
    }

    // A coupled, ill-conditioned quadratic plus a quartic term: many iterations before convergence, so the
    // history fills and wraps; 20,000 parameters, several blocks of the parallel passes.
    private static double Chain(double[] x, double[] g)
    {
        double f = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double c = 1 + (i % 97), r = x[i] - 0.001 * i;
            f += 0.5 * c * r * r + 0.25 * r * r * r * r;
            g[i] = c * r + r * r * r;
        }
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double t = x[i] - x[i + 1];
            f += 2 * t * t;
            g[i] += 4 * t;
            g[i + 1] -= 4 * t;
        }
        return f;
    }

    [Theory]
    [InlineData(false, 1e-10)]
    [InlineData(true, 1e-6)]
    public void CompactForm_FollowsTheTwoLoopRecursion(bool singleHistory, double tolerance)
    {
        var start = Enumerable.Range(0, 20_000).Select(i => Math.Sin(i)).ToArray();
        var fast = new List<double>();
        var reference = new List<double>();
        var x = (double[])start.Clone();
        var result = new Lbfgs { MaxIterations = 40, Epsilon = 1e-12, SingleHistory = singleHistory, Progress = (_, f, _, _) => fast.Add(f) }
            .Minimize(Chain, x);
        var xr = (double[])start.Clone();
        var expected = new ReferenceLbfgs { MaxIterations = 40, Epsilon = 1e-12, SingleHistory = singleHistory, Progress = (_, f, _, _) => reference.Add(f) }
            .Minimize(Chain, xr);
        Assert.Equal(expected.Status, result.Status);
        Assert.Equal(expected.Evaluations, result.Evaluations);
        Assert.Equal(40, fast.Count);
        for (int k = 0; k < fast.Count; k++)
            Assert.True(Math.Abs(fast[k] / reference[k] - 1) <= tolerance, $"iteration {k + 1}: {fast[k]:R} vs {reference[k]:R}");
        Assert.True(fast[^1] < fast[0] / 10, "the test problem still moves after 40 iterations");
    }
}
