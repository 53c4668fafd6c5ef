using System.Numerics.Tensors;
using Pg2.Sdk.Features;
using Pg2.Sdk.LinearAlgebra;

namespace Pg2.Models.RidgeAugmented;

/// <summary>The penalties chosen by <see cref="PenaltySearch"/> and the inner-CV error of every grid cell.</summary>
/// <param name="Lambda">λ, the one-hot penalty.</param>
/// <param name="Mu">μ, the covariate penalty.</param>
/// <param name="Errors">Mean squared validation error, [λ index, μ index].</param>
public sealed record PenaltyChoice(double Lambda, double Mu, double[,] Errors);

/// <summary>
/// λ and μ of <see cref="AugmentedRidge"/> by k-fold cross-validation inside the training rows (Hsu et al.
/// 2022 choose the penalties by inner CV): rows go to folds by a seeded shuffle; for each fold and λ the
/// dual matrix B = XcXcᵀ/λ + I of the fold's training rows is factored once, and every μ reuses it through
/// Woodbury, (B + ZcZcᵀ/μ)⁻¹ = B⁻¹ − B⁻¹Zc(μI + ZcᵀB⁻¹Zc)⁻¹ZcᵀB⁻¹ (q × q). So the grid costs k·|λ| factors of
/// ((k−1)/k·n)³/3 flops, any number of μ values nearly free. The cell with the least mean squared error on
/// the held-out rows wins; ties go to the first in grid order, so the choice is deterministic.
/// </summary>
public static class PenaltySearch
{
    /// <summary>Chooses (λ, μ) from <paramref name="lambdas"/> × <paramref name="mus"/> with <paramref name="folds"/> inner folds.</summary>
    /// <exception cref="ArgumentException">An empty or non-positive grid, fewer than 2 folds or more folds than rows.</exception>
    public static PenaltyChoice Choose(OneHotMatrix x, ReadOnlySpan<double> z, int covariates, ReadOnlySpan<double> y,
        IReadOnlyList<double> lambdas, IReadOnlyList<double> mus, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(lambdas);
        ArgumentNullException.ThrowIfNull(mus);
        int n = x.RowCount, q = covariates;
        if (lambdas.Count == 0 || mus.Count == 0) throw new ArgumentException("the penalty grids must not be empty");
        if (lambdas.Concat(mus).Any(v => !(v > 0) || double.IsInfinity(v))) throw new ArgumentException("every grid penalty must be finite and > 0");
        if (folds < 2 || folds > n) throw new ArgumentException($"inner folds must be in 2..{n}, got {folds}");
        if (y.Length != n || z.Length != n * q) throw new ArgumentException("shapes differ");

        var order = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(order);
        var fold = new int[n];
        for (int r = 0; r < n; r++) fold[order[r]] = r % folds;

        var errors = new double[lambdas.Count, mus.Count];
        var zArray = z.ToArray();
        var yArray = y.ToArray();
        for (int f = 0; f < folds; f++)
        {
            var train = Enumerable.Range(0, n).Where(i => fold[i] != f).ToArray();
            var test = Enumerable.Range(0, n).Where(i => fold[i] == f).ToArray();
            Accumulate(x, zArray, q, yArray, train, test, lambdas, mus, errors);
        }
        int bestL = 0, bestM = 0;
        for (int l = 0; l < lambdas.Count; l++)
            for (int m = 0; m < mus.Count; m++)
            {
                errors[l, m] /= n;
                if (errors[l, m] < errors[bestL, bestM]) (bestL, bestM) = (l, m);
            }
        return new PenaltyChoice(lambdas[bestL], mus[bestM], errors);
    }

    // Adds Σ (y − ŷ)² over the held-out rows of one inner fold to every grid cell.
    private static void Accumulate(OneHotMatrix x, double[] z, int q, double[] y, int[] train, int[] test,
        IReadOnlyList<double> lambdas, IReadOnlyList<double> mus, double[,] errors)
    {
        var xt = x.SelectRows(train);
        var xv = x.SelectRows(test);
        int n = train.Length;
        var zt = new double[n * q];
        for (int i = 0; i < n; i++) Array.Copy(z, train[i] * q, zt, i * q, q);
        var zv = new double[test.Length * q];
        for (int i = 0; i < test.Length; i++) Array.Copy(z, test[i] * q, zv, i * q, q);
        var standardisation = ColumnStandardisation.Of(zt, q);
        var zc = standardisation.Apply(zt);
        var zvs = standardisation.Apply(zv);
        var yt = train.Select(i => y[i]).ToArray();
        double yMean = yt.Average();
        var yc = yt.Select(v => v - yMean).ToArray();
        var mx = xt.ColumnStatistics().Means;
        var gram = xt.CenteredRowGram(mx);
        var column = new double[n];
        var xvBeta = new double[test.Length];
        foreach (var (lambda, l) in lambdas.Select((v, i) => (v, i)))
        {
            var b = new double[(long)n * n];
            TensorPrimitives.Divide(gram, lambda, b);
            for (int i = 0; i < n; i++) b[(long)i * n + i] += 1.0;
            var factor = CholeskyFactor.Factor(b, n);
            var u = factor.Solve(yc);
            var w = new double[q][];
            for (int j = 0; j < q; j++)
            {
                for (int i = 0; i < n; i++) column[i] = zc[i * q + j];
                w[j] = factor.Solve(column);
            }
            var s = new double[q * q];
            var t = new double[q];
            for (int j = 0; j < q; j++)
            {
                for (int i = 0; i < n; i++) t[j] += zc[i * q + j] * u[i];
                for (int k = 0; k < q; k++)
                    for (int i = 0; i < n; i++) s[j * q + k] += zc[i * q + j] * w[k][i];
            }
            foreach (var (mu, m) in mus.Select((v, i) => (v, i)))
            {
                // c = (μI + ZcᵀB⁻¹Zc)⁻¹ ZcᵀB⁻¹yc, a = B⁻¹yc − B⁻¹Zc·c, γ = Zcᵀa/μ, β = Xcᵀa/λ.
                var shifted = (double[])s.Clone();
                for (int j = 0; j < q; j++) shifted[j * q + j] += mu;
                double[] c = q == 0 ? [] : CholeskyFactor.Factor(shifted, q).Solve(t);
                var a = (double[])u.Clone();
                for (int j = 0; j < q; j++) TensorPrimitives.MultiplyAdd(w[j], -c[j], a, a);
                var gamma = new double[q];
                for (int j = 0; j < q; j++)
                {
                    double sum = 0;
                    for (int i = 0; i < n; i++) sum += zc[i * q + j] * a[i];
                    gamma[j] = sum / mu;
                }
                var beta = new double[xt.ColumnCount];
                xt.MultiplyTransposed(a, beta);
                TensorPrimitives.MultiplyAdd(mx, -TensorPrimitives.Sum(a), beta, beta);
                TensorPrimitives.Divide(beta, lambda, beta);
                double intercept = yMean - TensorPrimitives.Dot(mx, beta);
                xv.Multiply(beta, xvBeta);
                double sse = 0;
                for (int i = 0; i < test.Length; i++)
                {
                    double prediction = intercept + xvBeta[i];
                    for (int j = 0; j < q; j++) prediction += gamma[j] * zvs[i * q + j];
                    double r = y[test[i]] - prediction;
                    sse += r * r;
                }
                errors[l, m] += sse;
            }
        }
    }
}
