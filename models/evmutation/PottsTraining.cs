using System.Diagnostics;
using System.Globalization;
using Pg2.Datasets.Alignments;
using Pg2.Contracts;

namespace Pg2.Models.Evmutation;

/// <summary>plmc/EVcouplings fitting settings.</summary>
/// <param name="LambdaH">L2 strength on fields.</param>
/// <param name="LambdaJ">L2 strength on couplings before scaling.</param>
/// <param name="LambdaJTimesLq">Scale λ_J by (q − 1)(L − 1), q − 1 = 20 (EVcouplings' lambda_J_times_Lq).</param>
/// <param name="MaxIterations">L-BFGS iterations.</param>
/// <param name="Precision">Storage precision of the objective and the optimiser's history.</param>
internal sealed record PottsOptions(double LambdaH = 0.01, double LambdaJ = 0.01, bool LambdaJTimesLq = true,
    int MaxIterations = 100, PottsPrecision Precision = PottsPrecision.Double)
{
    /// <summary>The coupling penalty actually used for <paramref name="sites"/> sites.</summary>
    public double EffectiveLambdaJ(int sites) => LambdaJTimesLq ? LambdaJ * PottsLayout.Q * (sites - 1) : LambdaJ;
}

/// <summary>What a fit did, and where its time went.</summary>
internal sealed record PottsFitReport(LbfgsResult Optimizer, double NegativeLogLikelihood, TimeSpan Elapsed,
    TimeSpan Setup, TimeSpan Objective, int DistinctSequences);

/// <summary>
/// Memory a fit holds at its peak, in bytes, before it starts (FitMemory.Formula says it in words):
/// optimiser (5 float64 vectors + 2m history vectors, float32 in single precision) · P parameters,
/// P = L·q + L(L−1)/2·q²; the objective's two both-ways copies in double (couplings and gradient, L²·q rows
/// of 20 doubles) or its packed float32 gradient copy in single (L²·q rows of 20 floats) and per-thread
/// scratch; the alignment N·L·8 bytes: rows and merged rows (1 byte each per cell), then in single each block's
/// order by state (2 bytes) and a 4-byte row offset per cell that differs from its column's most common state (at
/// most every cell), in double a 4-byte row offset per residue and the rows again; ~150 MB runtime.
/// </summary>
internal static class FitMemory
{
    /// <summary>The formula, for messages and the README.</summary>
    public const string Formula = "P·(40 + 2m·b) + L²·q²·16 (double) or L²·q²·4 (single) + N·L·8 + 150 MB, P = L·q + L(L−1)/2·q², b = 8 (double) or 4 (single), q = 20, m = 6";

    /// <summary>Runtime, code and small tables.</summary>
    public const long Baseline = 150L << 20;

    /// <summary>Peak bytes of a fit of <paramref name="sequences"/> × <paramref name="sites"/>.</summary>
    public static long Estimate(long sequences, int sites, PottsPrecision precision, int memory = 6, int threads = 2)
    {
        long parameters = new PottsLayout(sites).ParameterCount;
        int b = precision == PottsPrecision.Double ? 8 : 4;
        long optimiser = parameters * Lbfgs.BytesPerParameter(memory, precision == PottsPrecision.Single);
        long pairs = (long)sites * sites * PottsLayout.Q;
        // Double: two copies of 20-double rows. Single: the gradient copy packed; per thread one site's coupling
        // rows (21 rows, gap and 20 residues, of 24 floats per neighbour), a float32 chunk and a float64 total of
        // its gradient rows.
        long objective = precision == PottsPrecision.Double
            ? 2 * pairs * PottsLayout.Q * 8
            : pairs * PottsLayout.Q * 4 + threads * ((long)sites * 21 * 24 + 24) * 16;
        return optimiser + objective + sequences * sites * 8 + Baseline;
    }

    /// <summary>Memory this process may use: the GC's limit (container limit, DOTNET_GCHeapHardLimit) or physical memory.</summary>
    public static long Available() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Stops a fit that cannot fit, before it allocates anything, with both numbers.</summary>
    public static void Ensure(long sequences, int sites, PottsPrecision precision, long available)
    {
        long needed = Estimate(sequences, sites, precision);
        if (needed <= available) return;
        throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
            $"evmutation: a Potts fit of {sequences} sequences × {sites} sites needs about {Gb(needed)} GB ({Formula}) but this job has {Gb(available)} GB; give it more memory{(precision == PottsPrecision.Double ? ", use precision = \"single\"" : "")} or fewer focus sites"),
            ExitCodes.ModelFailure);
    }

    /// <summary>Bytes as GB with one decimal.</summary>
    public static string Gb(long bytes) => (bytes / 1e9).ToString("F1", CultureInfo.InvariantCulture);
}

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

    /// <summary>
    /// Fits the model; <paramref name="log"/> receives progress lines (first and last iteration, then at
    /// most one every <paramref name="progressInterval"/>, with an ETA, and a heartbeat during long evaluations).
    /// </summary>
    public static (PottsModel Model, PottsFitReport Report) Fit(EncodedAlignment alignment, SequenceWeights weights,
        PottsOptions options, Action<string>? log = null, TimeSpan? progressInterval = null)
    {
        var clock = Stopwatch.StartNew();
        int sites = alignment.SiteCount;
        var frequencies = SiteFrequencies.Compute(alignment, weights);
        var x = InitialParameters(frequencies, weights.EffectiveCount);
        var objective = new PseudoLikelihood(alignment, weights, options.LambdaH, options.EffectiveLambdaJ(sites), options.Precision);
        var setup = clock.Elapsed;
        using var progress = log is null ? null : new FitProgress(log, options.MaxIterations, () => objective.EvaluationShare, progressInterval);
        progress?.IterationsStart();
        var inObjective = new Stopwatch();
        var lbfgs = new Lbfgs
        {
            MaxIterations = options.MaxIterations,
            SingleHistory = options.Precision == PottsPrecision.Single,
            Progress = progress is null ? null : (k, f, ratio, evals) => progress.Iteration(k, f, objective.LastNegativeLogLikelihood, ratio, evals),
        };
        var result = lbfgs.Minimize((p, g) =>
        {
            inObjective.Start();
            try { return objective.Evaluate(p, g); }
            finally { inObjective.Stop(); }
        }, x);
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"L-BFGS stopped: {result.Status} after {result.Iterations} iterations, {result.Evaluations} evaluations, {clock.Elapsed.TotalSeconds:F1} s (set-up {setup.TotalSeconds:F1} s, objective {inObjective.Elapsed.TotalSeconds:F1} s, optimiser {(clock.Elapsed - setup - inObjective.Elapsed).TotalSeconds:F1} s)"));
        var model = new PottsModel(x, alignment.Sites.ResidueNumbers, alignment.Sites.Residues, weights.EffectiveCount,
            alignment.SequenceCount);
        return (model, new PottsFitReport(result, objective.LastNegativeLogLikelihood, clock.Elapsed, setup, inObjective.Elapsed,
            objective.DistinctSequences));
    }
}
