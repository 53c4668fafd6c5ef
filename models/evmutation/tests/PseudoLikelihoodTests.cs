using System.Text.Json;
using Pg2.Datasets.Alignments;

namespace Pg2.Models.Evmutation.Tests;

public class PseudoLikelihoodTests
{
    private static double[] RandomParameters(PottsLayout layout, int seed, double scale)
    {
        var random = new Random(seed);
        var x = new double[layout.ParameterCount];
        for (int k = 0; k < x.Length; k++) x[k] = scale * (2 * random.NextDouble() - 1);
        return x;
    }

    [Fact]
    public void Gradient_MatchesCentralFiniteDifferences()
    {
        var encoded = EncodedAlignment.Encode(TestData.Small);
        var weights = SequenceWeights.Compute(encoded, 0.8);
        var objective = new PseudoLikelihood(encoded, weights, lambdaH: 0.01, lambdaJ: 0.3);
        var x = RandomParameters(objective.Layout, 7, 0.5);
        var gradient = new double[x.Length];
        objective.Evaluate(x, gradient);
        var scratch = new double[x.Length];
        const double h = 1e-6;
        double worst = 0;
        for (int k = 0; k < x.Length; k++)
        {
            double saved = x[k];
            x[k] = saved + h;
            double up = objective.Evaluate(x, scratch);
            x[k] = saved - h;
            double down = objective.Evaluate(x, scratch);
            x[k] = saved;
            double numeric = (up - down) / (2 * h);
            worst = Math.Max(worst, Math.Abs(numeric - gradient[k]) / Math.Max(1.0, Math.Abs(numeric)));
        }
        Assert.True(worst < 1e-6, $"largest relative gradient error {worst}");
    }

    [Fact]
    public void Objective_IgnoresGappedSitesAndSelfCoupling()
    {
        // One sequence, two sites, second a gap: only site 0 contributes, with no coupling term.
        var ali = TestData.FromText(">Q\nAC\n>s\nA-\n");
        var encoded = EncodedAlignment.Encode(ali);
        var objective = new PseudoLikelihood(encoded, SequenceWeights.FromValues([0, 1], 0.8), 0, 0);
        var x = RandomParameters(objective.Layout, 3, 1.0);
        var g = new double[x.Length];
        double f = objective.Evaluate(x, g);
        double logZ = Math.Log(Enumerable.Range(0, 20).Sum(a => Math.Exp(x[a])));
        Assert.Equal(logZ - x[0], f, 12);
        // J gets no gradient from a pair where the sequence has a gap.
        Assert.All(g.Skip(40), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Objective_MatchesNumpyReferenceOnEnvz()
    {
        var expected = JsonDocument.Parse(File.ReadAllText(TestData.Fixture("objective.json"))).RootElement;
        var encoded = EncodedAlignment.Encode(AlignmentReader.Read(TestData.Envz));
        var weights = SequenceWeights.Compute(encoded, 0.8);
        Assert.Equal(expected.GetProperty("neff").GetDouble(), weights.EffectiveCount, 9);
        int sites = encoded.SiteCount;
        var options = new PottsOptions();
        var objective = new PseudoLikelihood(encoded, weights, options.LambdaH, options.EffectiveLambdaJ(sites));
        var layout = objective.Layout;
        var x = PottsTraining.InitialParameters(SiteFrequencies.Compute(encoded, weights), weights.EffectiveCount);
        for (int i = 0; i < sites; i++)
            for (int a = 0; a < 20; a++) x[i * 20 + a] += 0.1 * Math.Cos(20 * i + a);
        for (int p = 0; p < layout.PairCount; p++)
            for (int ab = 0; ab < 400; ab++) x[layout.CouplingStart + p * 400 + ab] = 0.01 * Math.Sin(400.0 * p + ab + 1);
        var g = new double[x.Length];
        double f = objective.Evaluate(x, g);

        Assert.Equal(1.0, f / expected.GetProperty("objective").GetDouble(), 1e-10);
        Assert.Equal(1.0, objective.LastNegativeLogLikelihood / expected.GetProperty("negloglk").GetDouble(), 1e-10);
        double hNorm = Math.Sqrt(g.Take(layout.CouplingStart).Sum(v => v * v));
        double jNorm = Math.Sqrt(g.Skip(layout.CouplingStart).Sum(v => v * v));
        Assert.Equal(1.0, hNorm / expected.GetProperty("grad_h_norm").GetDouble(), 1e-9);
        Assert.Equal(1.0, jNorm / expected.GetProperty("grad_J_norm").GetDouble(), 1e-9);
        var h3 = expected.GetProperty("grad_h_site3").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int a = 0; a < 20; a++) Assert.Equal(h3[a], g[3 * 20 + a], 1e-8);
        var row2 = expected.GetProperty("grad_J_pair_0_1_row2").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int b = 0; b < 20; b++) Assert.Equal(row2[b], g[layout.PairOffset(0, 1) + 2 * 20 + b], 1e-8);
        var last = expected.GetProperty("grad_J_pair_last").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int k = 0; k < 20; k++) Assert.Equal(last[k], g[layout.PairOffset(sites - 2, sites - 1) + k], 1e-8);
    }
}
