namespace Pg2.Sdk.LinearAlgebra;

/// <summary>
/// Moore–Penrose pseudo-inverse of a small dense matrix by one-sided Jacobi SVD, with scipy's
/// <c>pinv</c> cutoff (singular values ≤ max(s)·max(m, n)·eps are treated as zero). Meant for the
/// k × k matrices of PLS (k = number of components), where a library SVD's start-up cost dominates.
/// </summary>
public static class PseudoInverse
{
    private const double Eps = 2.220446049250313e-16;

    /// <summary>The n × m pseudo-inverse of the m × n matrix <paramref name="a"/>.</summary>
    public static double[,] Of(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int m = a.GetLength(0), n = a.GetLength(1);
        var u = (double[,])a.Clone();
        var v = new double[n, n];
        for (int i = 0; i < n; i++) v[i, i] = 1;
        for (int sweep = 0; sweep < 60; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                {
                    double alpha = 0, beta = 0, gamma = 0;
                    for (int i = 0; i < m; i++)
                    {
                        alpha += u[i, p] * u[i, p];
                        beta += u[i, q] * u[i, q];
                        gamma += u[i, p] * u[i, q];
                    }
                    if (gamma == 0 || Math.Abs(gamma) <= Eps * Math.Sqrt(alpha * beta)) continue;
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = (zeta >= 0 ? 1 : -1) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
                    double c = 1 / Math.Sqrt(1 + t * t), s = c * t;
                    Rotate(u, m, p, q, c, s);
                    Rotate(v, n, p, q, c, s);
                }
            if (!rotated) break;
        }
        var sigma = new double[n];
        for (int j = 0; j < n; j++)
        {
            double ss = 0;
            for (int i = 0; i < m; i++) ss += u[i, j] * u[i, j];
            sigma[j] = Math.Sqrt(ss);
        }
        double cutoff = (n == 0 ? 0 : sigma.Max()) * Math.Max(m, n) * Eps;
        var result = new double[n, m];
        for (int j = 0; j < n; j++)
        {
            if (!(sigma[j] > cutoff)) continue;
            double inv = 1 / (sigma[j] * sigma[j]);
            for (int r = 0; r < n; r++)
                for (int k = 0; k < m; k++) result[r, k] += v[r, j] * u[k, j] * inv;
        }
        return result;
    }

    private static void Rotate(double[,] x, int rows, int p, int q, double c, double s)
    {
        for (int i = 0; i < rows; i++)
        {
            double xp = x[i, p], xq = x[i, q];
            x[i, p] = c * xp - s * xq;
            x[i, q] = s * xp + c * xq;
        }
    }
}
