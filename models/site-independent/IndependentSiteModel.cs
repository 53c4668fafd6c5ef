using Pg2.Datasets.Alignments;

namespace Pg2.Models.SiteIndependent;

/// <summary>
/// Fields-only model (EVcouplings' <c>to_independent_model</c>): at each site i, x_i minimises
/// N_eff · (log Σ_a exp x_a − Σ_a f_i(a) x_a) + λ_h Σ_a x_a², f_i the weighted residue frequencies
/// (gaps left out). A substitution scores x_i(mt) − x_i(wt); a variant sums its substitutions.
/// </summary>
internal sealed class IndependentSiteModel
{
    private const int Q = ProteinAlphabet.ResidueCount;
    private readonly double[] _fields;
    private readonly int[] _wildType;

    private IndependentSiteModel(double[] fields, string wildType)
    {
        _fields = fields;
        _wildType = wildType.Select(ProteinAlphabet.ResidueIndexOf).ToArray();
        if (_wildType.Any(a => a < 0)) throw new ArgumentException("wild type must be 20 amino acids", nameof(wildType));
    }

    /// <summary>Number of sites.</summary>
    public int SiteCount => _wildType.Length;

    /// <summary>x_i(a), site-major.</summary>
    public ReadOnlySpan<double> Fields => _fields;

    /// <summary>Fits every site independently (Newton's method on the strictly convex objective).</summary>
    public static IndependentSiteModel Fit(SiteFrequencies frequencies, double effectiveCount, double lambdaH,
        string wildType)
    {
        var fields = new double[frequencies.SiteCount * Q];
        Parallel.For(0, frequencies.SiteCount, i =>
            SolveSite(frequencies.Site(i), effectiveCount, lambdaH, fields.AsSpan(i * Q, Q)));
        return new IndependentSiteModel(fields, wildType);
    }

    /// <summary>Σ x_i(mt) − x_i(wt) over the changes.</summary>
    public double Score(ReadOnlySpan<(int Site, int Residue)> changes)
    {
        double score = 0;
        foreach (var (site, residue) in changes)
            score += _fields[site * Q + residue] - _fields[site * Q + _wildType[site]];
        return score;
    }

    /// <summary>The site objective (for tests): N(logZ − f·x) + λ‖x‖².</summary>
    public static double SiteObjective(ReadOnlySpan<double> f, double n, double lambda, ReadOnlySpan<double> x)
    {
        double max = double.NegativeInfinity;
        foreach (double v in x) max = Math.Max(max, v);
        double z = 0, fx = 0, sq = 0;
        for (int a = 0; a < x.Length; a++)
        {
            z += Math.Exp(x[a] - max);
            fx += f[a] * x[a];
            sq += x[a] * x[a];
        }
        return n * (max + Math.Log(z) - fx) + lambda * sq;
    }

    // Newton with backtracking from x = 0; Hessian N(diag p − p pᵀ) + 2λI is positive definite for λ > 0.
    private static void SolveSite(ReadOnlySpan<double> f, double n, double lambda, Span<double> x)
    {
        Span<double> p = stackalloc double[Q];
        Span<double> g = stackalloc double[Q];
        Span<double> step = stackalloc double[Q];
        Span<double> trial = stackalloc double[Q];
        Span<double> hessian = stackalloc double[Q * Q];
        x.Clear();
        double value = SiteObjective(f, n, lambda, x);
        for (int iteration = 0; iteration < 100; iteration++)
        {
            Softmax(x, p);
            double gnorm = 0;
            for (int a = 0; a < Q; a++)
            {
                g[a] = n * (p[a] - f[a]) + 2 * lambda * x[a];
                gnorm = Math.Max(gnorm, Math.Abs(g[a]));
            }
            if (gnorm <= 1e-12 * Math.Max(1.0, n)) return;
            for (int a = 0; a < Q; a++)
                for (int b = 0; b < Q; b++)
                    hessian[a * Q + b] = n * ((a == b ? p[a] : 0) - p[a] * p[b]) + (a == b ? 2 * lambda : 0);
            if (lambda <= 0)
                for (int a = 0; a < Q; a++) hessian[a * Q + a] += 1e-12 * n;
            for (int a = 0; a < Q; a++) step[a] = -g[a];
            CholeskySolve(hessian, step);
            double t = 1.0;
            for (int tries = 0; tries < 60; tries++, t *= 0.5)
            {
                for (int a = 0; a < Q; a++) trial[a] = x[a] + t * step[a];
                double candidate = SiteObjective(f, n, lambda, trial);
                if (candidate <= value)
                {
                    trial.CopyTo(x);
                    value = candidate;
                    break;
                }
            }
        }
    }

    private static void Softmax(ReadOnlySpan<double> x, Span<double> p)
    {
        double max = double.NegativeInfinity;
        foreach (double v in x) max = Math.Max(max, v);
        double z = 0;
        for (int a = 0; a < x.Length; a++) z += p[a] = Math.Exp(x[a] - max);
        for (int a = 0; a < x.Length; a++) p[a] /= z;
    }

    // Solves A y = b in place (A symmetric positive definite, overwritten by its factor).
    private static void CholeskySolve(Span<double> a, Span<double> b)
    {
        for (int j = 0; j < Q; j++)
        {
            double d = a[j * Q + j];
            for (int k = 0; k < j; k++) d -= a[j * Q + k] * a[j * Q + k];
            d = Math.Sqrt(Math.Max(d, 1e-300));
            a[j * Q + j] = d;
            for (int i = j + 1; i < Q; i++)
            {
                double s = a[i * Q + j];
                for (int k = 0; k < j; k++) s -= a[i * Q + k] * a[j * Q + k];
                a[i * Q + j] = s / d;
            }
        }
        for (int i = 0; i < Q; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= a[i * Q + k] * b[k];
            b[i] = s / a[i * Q + i];
        }
        for (int i = Q - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < Q; k++) s -= a[k * Q + i] * b[k];
            b[i] = s / a[i * Q + i];
        }
    }
}
