using System.Numerics.Tensors;
using Pg2.Sdk.Features;
using Pg2.Sdk.LinearAlgebra;

namespace Pg2.Models.RidgeAugmented;

/// <summary>
/// Ridge regression on [X | Z] with a penalty per block (Hsu et al. 2022, "augmented" models):
/// minimise ‖y − b₀ − Xβ − Zγ‖² + λ‖β‖² + μ‖γ‖², X the one-hot block, Z the covariates standardised with
/// the training rows' mean and standard deviation (ddof = 0), b₀ unpenalised. Solved exactly from whichever
/// system is smaller, as one-hot ridge does: with centred Xc, Zc and yc, the primal
/// [XcᵀXc + λI, XcᵀZc; ZcᵀXc, ZcᵀZc + μI] [β; γ] = [Xcᵀyc; Zcᵀyc] when there are fewer features (p + q) than
/// rows, else the dual a = (XcXcᵀ/λ + ZcZcᵀ/μ + I)⁻¹ yc, β = Xcᵀa/λ, γ = Zcᵀa/μ (the rescaled design
/// [X/√λ | Z/√μ] under a unit ridge penalty): one Cholesky factor of min(n, p + q)², so memory is
/// 8·min(n, p + q)² bytes, not 8n².
/// </summary>
public sealed class AugmentedRidge
{
    private AugmentedRidge(double[] coefficients, double[] covariateCoefficients, double[] covariateMeans, double[] covariateScales, double intercept, bool dual = false)
    {
        SolvedDual = dual;
        Coefficients = coefficients;
        CovariateCoefficients = covariateCoefficients;
        CovariateMeans = covariateMeans;
        CovariateScales = covariateScales;
        Intercept = intercept;
    }

    /// <summary>β: one coefficient per one-hot feature.</summary>
    public double[] Coefficients { get; }
    /// <summary>γ: one coefficient per standardised covariate.</summary>
    public double[] CovariateCoefficients { get; }
    /// <summary>The covariates' training means.</summary>
    public double[] CovariateMeans { get; }
    /// <summary>The covariates' training standard deviations (1 for a constant covariate).</summary>
    public double[] CovariateScales { get; }
    /// <summary>b₀ = ȳ − μₓ·β (the standardised covariates have mean 0 on the training rows).</summary>
    public double Intercept { get; }
    /// <summary>True when the dual (rows × rows) system was solved, false for the primal (features × features).</summary>
    public bool SolvedDual { get; }

    /// <summary>A fitted model from saved parameters.</summary>
    public static AugmentedRidge FromParameters(double[] coefficients, double[] covariateCoefficients, double[] covariateMeans, double[] covariateScales, double intercept) =>
        new(coefficients, covariateCoefficients, covariateMeans, covariateScales, intercept);

    /// <summary>Fits the model with one-hot penalty <paramref name="lambda"/> and covariate penalty <paramref name="mu"/>.</summary>
    /// <exception cref="ArgumentException">Shapes differ or a penalty is not finite and positive.</exception>
    public static AugmentedRidge Fit(OneHotMatrix x, ReadOnlySpan<double> z, int covariates, ReadOnlySpan<double> y, double lambda, double mu) =>
        Fit(x, z, covariates, y, lambda, mu, dual: null);

    // dual: null chooses the smaller system; tests force either.
    internal static AugmentedRidge Fit(OneHotMatrix x, ReadOnlySpan<double> z, int covariates, ReadOnlySpan<double> y, double lambda, double mu, bool? dual)
    {
        ArgumentNullException.ThrowIfNull(x);
        int n = x.RowCount, q = covariates;
        if (y.Length != n) throw new ArgumentException($"expected {n} targets, got {y.Length}");
        if (z.Length != n * q) throw new ArgumentException($"expected {n}×{q} covariate values, got {z.Length}");
        if (!(lambda > 0) || double.IsInfinity(lambda)) throw new ArgumentException($"lambda must be finite and > 0, got {lambda}");
        if (!(mu > 0) || double.IsInfinity(mu)) throw new ArgumentException($"mu must be finite and > 0, got {mu}");
        if (n < 1) throw new ArgumentException("the augmented ridge needs at least one sample");

        var standardisation = ColumnStandardisation.Of(z, q);
        var zc = standardisation.Apply(z);

        var mx = x.ColumnStatistics().Means;
        double yMean = TensorPrimitives.Sum(y) / n;
        var yc = new double[n];
        TensorPrimitives.Subtract(y, yMean, yc);
        if (!(dual ?? x.ColumnCount + q > n)) return FitPrimal(x, zc, q, yc, yMean, mx, lambda, mu, standardisation);

        // A = XcXcᵀ/λ + ZcZcᵀ/μ + I.
        var a = x.CenteredRowGram(mx);
        TensorPrimitives.Divide(a, lambda, a);
        for (int i = 0; i < n; i++)
        {
            var zi = zc.AsSpan(i * q, q);
            var row = a.AsSpan(i * n, n);
            for (int k = 0; k < n; k++) row[k] += TensorPrimitives.Dot(zi, zc.AsSpan(k * q, q)) / mu;
            row[i] += 1.0;
        }
        var weights = CholeskyFactor.Factor(a, n).Solve(yc);

        var beta = new double[x.ColumnCount];
        x.MultiplyTransposed(weights, beta);
        TensorPrimitives.MultiplyAdd(mx, -TensorPrimitives.Sum(weights), beta, beta);
        TensorPrimitives.Divide(beta, lambda, beta);
        var gamma = new double[q];
        for (int i = 0; i < n; i++) TensorPrimitives.MultiplyAdd(zc.AsSpan(i * q, q), weights[i] / mu, gamma, gamma);
        double intercept = yMean - TensorPrimitives.Dot(mx, beta);
        return new AugmentedRidge(beta, gamma, standardisation.Means, standardisation.Scales, intercept, dual: true);
    }

    // The (p + q)² normal equations. Zc and yc have mean 0, so XcᵀZc = XᵀZc and Xcᵀyc = Xᵀyc.
    private static AugmentedRidge FitPrimal(OneHotMatrix x, double[] zc, int q, double[] yc, double yMean, double[] mx,
        double lambda, double mu, ColumnStandardisation standardisation)
    {
        int n = x.RowCount, p = x.ColumnCount, m = p + q;
        var gram = x.CenteredGram(mx);
        var a = new double[(long)m * m];
        for (int i = 0; i < p; i++)
        {
            gram.AsSpan(i * p, p).CopyTo(a.AsSpan(i * m, p));
            a[(long)i * m + i] += lambda;
        }
        var column = new double[n];
        var cross = new double[p];
        var rhs = new double[m];
        x.MultiplyTransposed(yc, rhs.AsSpan(0, p));
        for (int j = 0; j < q; j++)
        {
            for (int i = 0; i < n; i++) column[i] = zc[i * q + j];
            x.MultiplyTransposed(column, cross);
            for (int i = 0; i < p; i++) a[(long)i * m + p + j] = a[(long)(p + j) * m + i] = cross[i];
            for (int k = 0; k < q; k++)
            {
                double sum = 0;
                for (int i = 0; i < n; i++) sum += column[i] * zc[i * q + k];
                a[(long)(p + j) * m + p + k] = sum;
            }
            a[(long)(p + j) * m + p + j] += mu;
            rhs[p + j] = TensorPrimitives.Dot(column, yc);
        }
        var solution = CholeskyFactor.Factor(a, m).Solve(rhs);
        var beta = solution[..p];
        var gamma = solution[p..];
        double intercept = yMean - TensorPrimitives.Dot(mx, beta);
        return new AugmentedRidge(beta, gamma, standardisation.Means, standardisation.Scales, intercept, dual: false);
    }

    /// <summary>ŷ = b₀ + Xβ + Σⱼ γⱼ (zⱼ − m̄ⱼ)/sⱼ.</summary>
    public double[] Predict(OneHotMatrix x, ReadOnlySpan<double> z)
    {
        ArgumentNullException.ThrowIfNull(x);
        int n = x.RowCount, q = CovariateCoefficients.Length;
        if (x.ColumnCount != Coefficients.Length)
            throw new ArgumentException($"the model was trained on {Coefficients.Length} one-hot features, got {x.ColumnCount}");
        if (z.Length != n * q) throw new ArgumentException($"expected {n}×{q} covariate values, got {z.Length}");
        var result = new double[n];
        x.Multiply(Coefficients, result);
        for (int i = 0; i < n; i++)
        {
            double s = Intercept;
            for (int j = 0; j < q; j++) s += CovariateCoefficients[j] * (z[i * q + j] - CovariateMeans[j]) / CovariateScales[j];
            result[i] += s;
        }
        return result;
    }
}
