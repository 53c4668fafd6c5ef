using System.Diagnostics;
using Pg2.Datasets.Alignments;

namespace Pg2.Models.Evmutation;

/// <summary>plmc/EVcouplings fitting settings.</summary>
/// <param name="LambdaH">L2 strength on fields.</param>
/// <param name="LambdaJ">L2 strength on couplings before scaling.</param>
/// <param name="LambdaJTimesLq">Scale λ_J by (q − 1)(L − 1), q − 1 = 20 (EVcouplings' lambda_J_times_Lq).</param>
/// <param name="MaxIterations">L-BFGS iterations.</param>
internal sealed record PottsOptions(double LambdaH = 0.01, double LambdaJ = 0.01, bool LambdaJTimesLq = true,
    int MaxIterations = 100)
{
    /// <summary>The coupling penalty actually used for <paramref name="sites"/> sites.</summary>
    public double EffectiveLambdaJ(int sites) => LambdaJTimesLq ? LambdaJ * PottsLayout.Q * (sites - 1) : LambdaJ;
}

/// <summary>What a fit did.</summary>
internal sealed record PottsFitReport(LbfgsResult Optimizer, double NegativeLogLikelihood, TimeSpan Elapsed,
    TimeSpan Setup);

/// <summary>
/// Fits a Potts model as plmc does with EVcouplings' settings: fields initialised to
/// log(f_i(a)·N_eff + 1) centred per site, couplings 0, then L-BFGS on the penalised pseudo-likelihood.
/// </summary>
internal static class PottsTraining
{
    /// <summary>Initial parameters: centred log pseudo-counts for fields, zero couplings.</summary>
    public static double[] InitialParameters(SiteFrequencies frequencies, double effectiveCount)
    {
        var layout = new PottsLayout(frequencies.SiteCount);
        var x = new double[layout.ParameterCount];
        for (int i = 0; i < frequencies.SiteCount; i++)
        {
            var f = frequencies.Site(i);
            var h = x.AsSpan(i * PottsLayout.Q, PottsLayout.Q);
            double mean = 0;
            for (int a = 0; a < PottsLayout.Q; a++)
            {
                h[a] = Math.Log(f[a] * effectiveCount + 1.0);
                mean += h[a];
            }
            mean /= PottsLayout.Q;
            for (int a = 0; a < PottsLayout.Q; a++) h[a] -= mean;
        }
        return x;
    }

    /// <summary>Fits the model; <paramref name="log"/> receives one line per iteration.</summary>
    public static (PottsModel Model, PottsFitReport Report) Fit(EncodedAlignment alignment, SequenceWeights weights,
        PottsOptions options, Action<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        int sites = alignment.SiteCount;
        var frequencies = SiteFrequencies.Compute(alignment, weights);
        var x = InitialParameters(frequencies, weights.EffectiveCount);
        var objective = new PseudoLikelihood(alignment, weights, options.LambdaH, options.EffectiveLambdaJ(sites));
        var setup = clock.Elapsed;
        var lbfgs = new Lbfgs
        {
            MaxIterations = options.MaxIterations,
            Progress = log is null ? null : (k, f, ratio, evals) => log(
                $"iteration {k}: f = {f:F3}, -loglk = {objective.LastNegativeLogLikelihood:F3}, |g|/|x| = {ratio:G4}, evaluations {evals}, {clock.Elapsed.TotalSeconds:F1} s"),
        };
        var result = lbfgs.Minimize(objective.Evaluate, x);
        log?.Invoke($"L-BFGS stopped: {result.Status} after {result.Iterations} iterations, {result.Evaluations} evaluations, {clock.Elapsed.TotalSeconds:F1} s");
        var model = new PottsModel(x, alignment.Sites.ResidueNumbers, alignment.Sites.Residues, weights.EffectiveCount,
            alignment.SequenceCount);
        return (model, new PottsFitReport(result, objective.LastNegativeLogLikelihood, clock.Elapsed, setup));
    }
}
