using Pg2.Sdk.Features;

namespace Pg2.Models.Gp.Tests;

public sealed class HammingGpTests
{
    // Random sequences over 4 letters at 10 positions; y depends on two positions and their pair.
    private static (OneHotMatrix X, double[] Y) Data(int n, int seed, double noise)
    {
        var random = new Random(seed);
        var codes = new byte[n * 10];
        for (int i = 0; i < codes.Length; i++) codes[i] = (byte)random.Next(4);
        var y = new double[n];
        for (int i = 0; i < n; i++)
            y[i] = (codes[i * 10] == 0 ? 1.0 : 0.0) - 0.8 * codes[i * 10 + 4] + (codes[i * 10 + 2] == codes[i * 10 + 7] ? 1.0 : 0.0)
                   + noise * (random.NextDouble() - 0.5);
        return (new OneHotMatrix(codes, n, 10, 4), y);
    }

    private static double Pearson(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average();
        double sab = a.Zip(b, (u, v) => (u - ma) * (v - mb)).Sum();
        return sab / Math.Sqrt(a.Sum(u => (u - ma) * (u - ma)) * b.Sum(v => (v - mb) * (v - mb)));
    }

    [Fact]
    public void FittedByEvidence_PredictsAKnownFunctionOnHeldOutSequences()
    {
        var (x, y) = Data(400, 5, noise: 0.2);
        var train = x.SelectRows([.. Enumerable.Range(0, 300)]);
        var test = x.SelectRows([.. Enumerable.Range(300, 100)]);
        var fit = HammingGp.Fit(train, [], 0, y.AsSpan(0, 300), new GpSearch(new GpKernelParameters(2.0, 0.5)));
        var predicted = fit.Predict(test, []);
        double r = Pearson(predicted, y[300..]);
        Assert.True(r > 0.85, $"held-out Pearson {r:F3}");
        // The noise is small next to the signal: the evidence must find a small noise ratio.
        Assert.True(fit.Kernel.NoiseRatio < 0.2, $"g = {fit.Kernel.NoiseRatio}");
    }

    [Fact]
    public void SearchingTheEvidence_BeatsTheStartingValues()
    {
        var (x, y) = Data(200, 9, noise: 0.5);
        var h = Enumerable.Repeat(1.0, 200).ToArray();
        var d = HammingKernel.Distances(x);
        var start = new GpKernelParameters(50.0, 20.0);
        var found = HammingGp.Search(d, 200, 10, h, 1, y, new GpSearch(start), log: null);
        double Evidence(GpKernelParameters k) => GpEvidence.Evaluate(d, 10, h, 1, y, Math.Log(k.LengthScale), Math.Log(k.NoiseRatio), false).LogLikelihood;
        Assert.True(Evidence(found) > Evidence(start) + 1, $"{Evidence(found)} vs {Evidence(start)}");
    }

    [Theory]
    [InlineData(0.3, -1.5)]
    [InlineData(1.2, -0.2)]
    [InlineData(2.5, 0.7)]
    public void EvidenceGradient_MatchesCentralFiniteDifferences(double logLength, double logNoise)
    {
        var (x, y) = Data(60, 3, noise: 0.5);
        var random = new Random(1);
        // Mean design [1 | z] with a covariate, so the profiled b̂ is part of what is differentiated.
        var h = new double[120];
        for (int i = 0; i < 60; i++) { h[2 * i] = 1; h[2 * i + 1] = y[i] + random.NextDouble(); }
        var d = HammingKernel.Distances(x);
        var at = GpEvidence.Evaluate(d, 10, h, 2, y, logLength, logNoise, gradient: true);
        const double e = 1e-5;
        double F(double a, double b) => GpEvidence.Evaluate(d, 10, h, 2, y, a, b, false).LogLikelihood;
        double dl = (F(logLength + e, logNoise) - F(logLength - e, logNoise)) / (2 * e);
        double dg = (F(logLength, logNoise + e) - F(logLength, logNoise - e)) / (2 * e);
        Assert.Equal(dl, at.GradientLogLength, 4);
        Assert.Equal(dg, at.GradientLogNoise, 4);
        Assert.True(Math.Abs(dl) + Math.Abs(dg) > 1e-3, "a flat point tests nothing");
    }

    [Fact]
    public void ACovariateMean_CarriesUnseenSequences()
    {
        // y = 3z + noise, sequences irrelevant: held-out rows share no information with training but z.
        var (x, _) = Data(240, 13, noise: 0);
        var random = new Random(4);
        var z = Enumerable.Range(0, 240).Select(_ => random.NextDouble() * 10).ToArray();
        var y = z.Select(v => 3 * v + 0.1 * (random.NextDouble() - 0.5)).ToArray();
        var fit = HammingGp.Fit(x.SelectRows([.. Enumerable.Range(0, 200)]), z.AsSpan(0, 200), 1, y.AsSpan(0, 200), new GpSearch(new GpKernelParameters(2.0, 0.5)));
        // b̂ on the standardised covariate ≈ 3·sd(z).
        double zm = z[..200].Average(), sd = Math.Sqrt(z[..200].Sum(v => (v - zm) * (v - zm)) / 200);
        Assert.Equal(3 * sd, fit.MeanCoefficients[1], 1);
        var predicted = fit.Predict(x.SelectRows([.. Enumerable.Range(200, 40)]), z.AsSpan(200));
        for (int i = 0; i < 40; i++) Assert.InRange(predicted[i] - y[200 + i], -0.15, 0.15);
        Assert.True(Pearson(predicted, y[200..]) > 0.999);
    }

    [Fact]
    public void SavedParameters_PredictTheSame()
    {
        var (x, y) = Data(50, 2, noise: 0.3);
        var fit = HammingGp.Fit(x, [], 0, y, new GpSearch(new GpKernelParameters(1.0, 0.3), Optimise: false));
        var again = HammingGp.FromParameters(fit.TrainingCodes.ToArray(), fit.Positions, fit.Kernel, fit.SignalVariance,
            fit.MeanCoefficients, fit.Weights, fit.Covariates);
        Assert.Equal(fit.Predict(x, []), again.Predict(x, []));
        Assert.Equal(new GpKernelParameters(1.0, 0.3), fit.Kernel);
    }

    [Fact]
    public void Distances_CountDifferingPositions()
    {
        var x = new OneHotMatrix([0, 1, 2, 3, 0, 1, 0, 0, 3, 2, 1, 0], 3, 4, 4);
        var d = HammingKernel.Distances(x);
        Assert.Equal(new ushort[] { 0, 2, 4, 2, 0, 3, 4, 3, 0 }, d);
    }
}
