using Pg2.Datasets.Alignments;
using Pg2.Models.Evmutation.Reference;

namespace Pg2.Models.Evmutation.Tests;

/// <summary>The faster objective against the first implementation (kept as <see cref="ReferencePseudoLikelihood"/>).</summary>
public class FastObjectiveTests
{
    private static double[] Perturbed(EncodedAlignment encoded, SequenceWeights weights, int seed)
    {
        var x = PottsTraining.InitialParameters(SiteFrequencies.Compute(encoded, weights), weights.EffectiveCount);
        var random = new Random(seed);
        for (int k = 0; k < x.Length; k++) x[k] += 0.05 * (2 * random.NextDouble() - 1);
        return x;
    }

    private static (EncodedAlignment Encoded, SequenceWeights Weights) Envz()
    {
        var encoded = EncodedAlignment.Encode(AlignmentReader.Read(TestData.Envz));
        return (encoded, SequenceWeights.Compute(encoded, 0.8));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DoublePrecision_EqualsTheReferenceObjectiveAndGradient(bool direct)
    {
        var (encoded, weights) = Envz();
        double lambdaJ = new PottsOptions().EffectiveLambdaJ(encoded.SiteCount);
        var reference = new ReferencePseudoLikelihood(encoded, weights, 0.01, lambdaJ);
        var fast = new PseudoLikelihood(encoded, weights, 0.01, lambdaJ, PottsPrecision.Double, directDouble: direct);
        var x = Perturbed(encoded, weights, 11);
        var gr = new double[x.Length];
        var gf = new double[x.Length];
        double fr = reference.Evaluate(x, gr), ff = fast.Evaluate(x, gf);
        Assert.Equal(1.0, ff / fr, 1e-10);
        Assert.Equal(1.0, fast.LastNegativeLogLikelihood / reference.LastNegativeLogLikelihood, 1e-10);
        double scale = Math.Sqrt(gr.Sum(v => v * v));
        double worst = gr.Zip(gf, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 1e-10 * scale, $"largest gradient difference {worst}, |g| {scale}");
    }

    [Fact]
    public void DoublePrecision_ComputesEnergiesFromScratchWhereSortedRowsDifferAtAThirdOfSites()
    {
        // ENVZ's sorted rows differ at ~47 % of sites from the row before; two near-copies of one row at none.
        var (encoded, weights) = Envz();
        double lambdaJ = new PottsOptions().EffectiveLambdaJ(encoded.SiteCount);
        Assert.True(new PseudoLikelihood(encoded, weights, 0.01, lambdaJ).DirectDouble);
        var alike = EncodedAlignment.Encode(TestData.FromText(">focus\nACDEFGHIKL\n>b\nACDEFGHIKL\n>c\nACDEFGHIKM\n"));
        var alikeWeights = SequenceWeights.Compute(alike, 0.8);
        Assert.False(new PseudoLikelihood(alike, alikeWeights, 0.01, lambdaJ).DirectDouble);
    }

    [Fact]
    public void SinglePrecision_StaysCloseToTheDoubleObjective()
    {
        var (encoded, weights) = Envz();
        double lambdaJ = new PottsOptions().EffectiveLambdaJ(encoded.SiteCount);
        var exact = new PseudoLikelihood(encoded, weights, 0.01, lambdaJ, PottsPrecision.Double);
        var single = new PseudoLikelihood(encoded, weights, 0.01, lambdaJ, PottsPrecision.Single);
        var x = Perturbed(encoded, weights, 12);
        var ge = new double[x.Length];
        var gs = new double[x.Length];
        double fe = exact.Evaluate(x, ge), fs = single.Evaluate(x, gs);
        // Measured: 2.6e-9 and 1e-7 of ‖g‖ (float32 sums); a wrong implied row or consensus shift is 1e-2.
        Assert.Equal(1.0, fs / fe, 1e-7);
        double scale = Math.Sqrt(ge.Sum(v => v * v));
        double worst = ge.Zip(gs, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 1e-6 * scale, $"gradient differs by up to {worst} (|g| {scale})");
    }

    [Fact]
    public void IdenticalRows_AreMergedWithSummedWeights()
    {
        var encoded = EncodedAlignment.Encode(TestData.FromText(">F\nACDE\n>a\nACDE\n>b\nAC-E\n>c\nACDE\n>d\nAC-E\n"));
        var (states, weights) = PseudoLikelihood.Merge(encoded, [1.0, 0.5, 0.25, 0.125, 2.0]);
        // Rows come sorted (gap = 0 first): the gapped row, then the full one.
        Assert.Equal([0.25 + 2.0, 1.0 + 0.5 + 0.125], weights);
        Assert.Equal(8, states.Length);
    }

    [Fact]
    public void SinglePrecisionFit_ScoresLikeTheDoubleFit()
    {
        var (encoded, weights) = Envz();
        var (exact, _) = PottsTraining.Fit(encoded, weights, new PottsOptions(MaxIterations: 30, Precision: PottsPrecision.Double));
        var (single, _) = PottsTraining.Fit(encoded, weights, new PottsOptions(MaxIterations: 30, Precision: PottsPrecision.Single));
        // Every single substitution at every site: the scores a DMS would ask for.
        var a = new List<double>();
        var b = new List<double>();
        for (int i = 0; i < exact.SiteCount; i++)
            for (int r = 0; r < 20; r++)
            {
                a.Add(exact.DeltaE([(i, r)]));
                b.Add(single.DeltaE([(i, r)]));
            }
        double pearson = Pearson(a, b);
        Assert.True(pearson >= 0.9999, $"per-variant Pearson {pearson}");
    }

    internal static double Pearson(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int k = 0; k < a.Count; k++)
        {
            sab += (a[k] - ma) * (b[k] - mb);
            saa += (a[k] - ma) * (a[k] - ma);
            sbb += (b[k] - mb) * (b[k] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }
}
