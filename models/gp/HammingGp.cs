using System.Diagnostics;
using System.Globalization;
using Pg2.Sdk.Features;

namespace Pg2.Models.Gp;

/// <summary>Kernel hyper-parameters: ℓ, the Hamming length scale, and g = noise variance / signal variance.</summary>
/// <param name="LengthScale">ℓ &gt; 0.</param>
/// <param name="NoiseRatio">g &gt; 0.</param>
public readonly record struct GpKernelParameters(double LengthScale, double NoiseRatio);

/// <summary>How the hyper-parameters are chosen.</summary>
/// <param name="Start">The fixed values, or where the search starts from when <paramref name="Optimise"/>.</param>
/// <param name="Optimise">Maximise the evidence (a 4 × 2 grid, then gradient ascent with backtracking).</param>
/// <param name="Iterations">Gradient-ascent iterations at most.</param>
/// <param name="SearchRows">The evidence is maximised on a seeded random subset of this many training rows (all when fewer).</param>
/// <param name="Seed">Seed of that subset.</param>
public sealed record GpSearch(GpKernelParameters Start, bool Optimise = true, int Iterations = 20, int SearchRows = 1000, int Seed = 0);

/// <summary>
/// Exact Gaussian-process regression on one-hot sequences: f ~ GP(Hb, σ²·exp(−d/ℓ)), y = f + ε,
/// ε ~ N(0, σ²g), H = [1 | standardised covariates]. The predictive mean is h*·b̂ + k*ᵀ(C + gI)⁻¹(y − Hb̂).
/// Fit cost: n² row comparisons for the distances, one Cholesky factor (n³/3 flops), 10·n² bytes.
/// </summary>
public sealed class HammingGp
{
    private readonly byte[] _trainingCodes;

    private HammingGp(byte[] trainingCodes, int positions, GpKernelParameters kernel, double signalVariance,
        double[] meanCoefficients, double[] weights, ColumnStandardisation covariates)
    {
        _trainingCodes = trainingCodes;
        Positions = positions;
        Kernel = kernel;
        SignalVariance = signalVariance;
        MeanCoefficients = meanCoefficients;
        Weights = weights;
        Covariates = covariates;
    }

    /// <summary>Sequence length L.</summary>
    public int Positions { get; }
    /// <summary>ℓ and g.</summary>
    public GpKernelParameters Kernel { get; }
    /// <summary>σ̂², the profiled signal variance.</summary>
    public double SignalVariance { get; }
    /// <summary>b̂: intercept, then one coefficient per standardised covariate.</summary>
    public double[] MeanCoefficients { get; }
    /// <summary>α = (C + gI)⁻¹(y − Hb̂), one per training row.</summary>
    public double[] Weights { get; }
    /// <summary>The covariates' training standardisation.</summary>
    public ColumnStandardisation Covariates { get; }
    /// <summary>The training rows' letter codes (row-major n × L).</summary>
    public ReadOnlySpan<byte> TrainingCodes => _trainingCodes;

    /// <summary>A fitted model from saved parameters.</summary>
    public static HammingGp FromParameters(byte[] trainingCodes, int positions, GpKernelParameters kernel, double signalVariance,
        double[] meanCoefficients, double[] weights, ColumnStandardisation covariates) =>
        new(trainingCodes, positions, kernel, signalVariance, meanCoefficients, weights, covariates);

    /// <summary>
    /// Fits the GP to one-hot rows <paramref name="x"/>, raw covariates <paramref name="z"/> (row-major n × q) and targets
    /// <paramref name="y"/>; <paramref name="log"/> gets the search's progress lines.
    /// </summary>
    public static HammingGp Fit(OneHotMatrix x, ReadOnlySpan<double> z, int covariates, ReadOnlySpan<double> y, GpSearch search, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(search);
        int n = x.RowCount, q = covariates;
        if (y.Length != n) throw new ArgumentException($"expected {n} targets, got {y.Length}");
        if (z.Length != n * q) throw new ArgumentException($"expected {n}×{q} covariate values, got {z.Length}");
        if (n < 2) throw new ArgumentException("the GP needs at least two training rows");
        var standardisation = ColumnStandardisation.Of(z, q);
        var h = MeanDesign(standardisation.Apply(z), n, q);
        var distances = HammingKernel.Distances(x);
        var kernel = search.Optimise ? Search(distances, n, x.Positions, h, q + 1, y, search, log) : search.Start;
        var clock = Stopwatch.StartNew();
        var evidence = GpEvidence.Evaluate(distances, x.Positions, h, q + 1, y, Math.Log(kernel.LengthScale), Math.Log(kernel.NoiseRatio), gradient: false);
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"exact fit on {n} rows: log evidence {evidence.LogLikelihood:F2}, ℓ = {kernel.LengthScale:G4}, g = {kernel.NoiseRatio:G4}, σ² = {evidence.SignalVariance:G4}, {clock.Elapsed.TotalSeconds:F1} s"));
        var codes = new byte[n * x.Positions];
        for (int i = 0; i < n; i++) x.RowCodes(i).CopyTo(codes.AsSpan(i * x.Positions));
        return new HammingGp(codes, x.Positions, kernel, evidence.SignalVariance, evidence.MeanCoefficients, evidence.Weights, standardisation);
    }

    /// <summary>The predictive mean h*·b̂ + Σᵢ exp(−d(x*, xᵢ)/ℓ)·αᵢ of every row.</summary>
    public double[] Predict(OneHotMatrix x, ReadOnlySpan<double> z)
    {
        ArgumentNullException.ThrowIfNull(x);
        int n = x.RowCount, q = Covariates.Columns, l = Positions, trained = Weights.Length;
        if (x.Positions != l) throw new ArgumentException($"the model was trained on sequences of {l} positions, got {x.Positions}");
        if (z.Length != n * q) throw new ArgumentException($"expected {n}×{q} covariate values, got {z.Length}");
        var h = MeanDesign(Covariates.Apply(z), n, q);
        var table = HammingKernel.Table(l, Kernel.LengthScale);
        var result = new double[n];
        Parallel.For(0, n, t =>
        {
            var row = x.RowCodes(t);
            double s = 0;
            for (int i = 0; i < trained; i++)
                s += table[l - OneHotMatrix.Matches(row, _trainingCodes.AsSpan(i * l, l))] * Weights[i];
            for (int k = 0; k <= q; k++) s += h[t * (q + 1) + k] * MeanCoefficients[k];
            result[t] = s;
        });
        return result;
    }

    // H = [1 | Z_std], row-major n × (q + 1).
    private static double[] MeanDesign(double[] zStandardised, int n, int q)
    {
        var h = new double[n * (q + 1)];
        for (int i = 0; i < n; i++)
        {
            h[i * (q + 1)] = 1;
            for (int j = 0; j < q; j++) h[i * (q + 1) + 1 + j] = zStandardised[i * q + j];
        }
        return h;
    }

    // Bounds of the search, in log space: ℓ ∈ [0.05, 1000], g ∈ [1e-3, 100].
    private static readonly double[] Lower = [Math.Log(0.05), Math.Log(1e-3)];
    private static readonly double[] Upper = [Math.Log(1000), Math.Log(100)];

    /// <summary>
    /// Maximises the evidence on a seeded subset of at most <see cref="GpSearch.SearchRows"/> rows: the best of
    /// ℓ ∈ {0.5, 2, 8, 32} × g ∈ {0.1, 1} (and the start), then gradient ascent in (log ℓ, log g) with step
    /// doubling on success and halving on failure, projected onto the bounds.
    /// </summary>
    internal static GpKernelParameters Search(ushort[] distances, int n, int positions, double[] h, int p, ReadOnlySpan<double> y,
        GpSearch search, Action<string>? log)
    {
        var rows = Enumerable.Range(0, n).ToArray();
        if (n > search.SearchRows)
        {
            new Random(search.Seed).Shuffle(rows);
            rows = rows[..search.SearchRows];
            Array.Sort(rows);
        }
        int m = rows.Length;
        var d = m == n ? distances : HammingKernel.Subset(distances, n, rows);
        var hs = new double[m * p];
        var ys = new double[m];
        for (int a = 0; a < m; a++)
        {
            ys[a] = y[rows[a]];
            for (int k = 0; k < p; k++) hs[a * p + k] = h[rows[a] * p + k];
        }
        double Evidence(double[] theta) => GpEvidence.Evaluate(d, positions, hs, p, ys, theta[0], theta[1], gradient: false).LogLikelihood;

        var clock = Stopwatch.StartNew();
        double[] best = Clamp([Math.Log(search.Start.LengthScale), Math.Log(search.Start.NoiseRatio)]);
        double bestValue = Evidence(best);
        foreach (var length in (double[])[0.5, 2, 8, 32])
            foreach (var noise in (double[])[0.1, 1])
            {
                double[] theta = [Math.Log(length), Math.Log(noise)];
                double value = Evidence(theta);
                if (value > bestValue) (best, bestValue) = (theta, value);
            }
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"hyper-parameter search on {m} of {n} rows: grid best ℓ = {Math.Exp(best[0]):G4}, g = {Math.Exp(best[1]):G4}, log evidence {bestValue:F2}, {clock.Elapsed.TotalSeconds:F1} s"));

        var start = clock.Elapsed;
        var theta0 = best;
        var current = GpEvidence.Evaluate(d, positions, hs, p, ys, theta0[0], theta0[1], gradient: true);
        double step = 1.0 / m;
        for (int k = 1; k <= search.Iterations; k++)
        {
            double[] g = Project(theta0, [current.GradientLogLength, current.GradientLogNoise]);
            double norm = Math.Sqrt(g[0] * g[0] + g[1] * g[1]);
            if (norm < 1e-4 * m) break; // the per-row gradient is flat
            bool moved = false;
            for (int tries = 0; tries < 30 && !moved; tries++)
            {
                var trial = Clamp([theta0[0] + step * g[0], theta0[1] + step * g[1]]);
                double value = Evidence(trial);
                // Armijo: at least a small share of the predicted rise.
                if (value > current.LogLikelihood + 1e-4 * step * norm * norm)
                {
                    theta0 = trial;
                    current = GpEvidence.Evaluate(d, positions, hs, p, ys, theta0[0], theta0[1], gradient: true);
                    step *= 2;
                    moved = true;
                }
                else step /= 2;
            }
            var now = clock.Elapsed;
            double perIteration = (now - start).TotalSeconds / k;
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"iteration {k}/{search.Iterations}: log evidence {current.LogLikelihood:F3}, ℓ = {Math.Exp(theta0[0]):G4}, g = {Math.Exp(theta0[1]):G4}, |∇| = {norm:G3}, {now.TotalSeconds:F1} s, ETA {perIteration * (search.Iterations - k):F0} s"));
            if (!moved) break;
        }
        return new GpKernelParameters(Math.Exp(theta0[0]), Math.Exp(theta0[1]));
    }

    private static double[] Clamp(double[] theta) =>
        [Math.Clamp(theta[0], Lower[0], Upper[0]), Math.Clamp(theta[1], Lower[1], Upper[1])];

    // A gradient component pushing out of a bound it sits on is dropped.
    private static double[] Project(double[] theta, double[] gradient)
    {
        var g = (double[])gradient.Clone();
        for (int k = 0; k < 2; k++)
            if ((theta[k] <= Lower[k] && g[k] < 0) || (theta[k] >= Upper[k] && g[k] > 0)) g[k] = 0;
        return g;
    }
}
