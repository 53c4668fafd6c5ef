using System.Numerics.Tensors;
using Pg2.Sdk.Features;
using Pg2.Sdk.LinearAlgebra;

namespace Pg2.Models.RidgeAugmented;

/// <summary>
/// Ridge regression on [X | Z] with a penalty per block (Hsu et al. 2022, "augmented" models):
/// minimise ‖y − b₀ − Xβ − Zγ‖² + λ‖β‖² + μ‖γ‖², X the one-hot block, Z the covariates standardised with
/// the training rows' mean and standard deviation (ddof = 0), b₀ unpenalised. Solved exactly in the dual:
/// with centred Xc, Zc and yc, a = (XcXcᵀ/λ + ZcZcᵀ/μ + I)⁻¹ yc, β = Xcᵀa/λ, γ = Zcᵀa/μ — the rescaled
/// design [X/√λ | Z/√μ] under a unit ridge penalty — one n × n Cholesky factor.
/// </summary>
public sealed class AugmentedRidge
{
    private AugmentedRidge(double[] coefficients, double[] covariateCoefficients, double[] covariateMeans, double[] covariateScales, double intercept)
    {
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

    /// <summary>A fitted model from saved parameters.</summary>
    public static AugmentedRidge FromParameters(double[] coefficients, double[] covariateCoefficients, double[] covariateMeans, double[] covariateScales, double intercept) =>
        new(coefficients, covariateCoefficients, covariateMeans, covariateScales, intercept);

    /// <summary>Fits the model with one-hot penalty <paramref name="lambda"/> and covariate penalty <paramref name="mu"/>.</summary>
    /// <exception cref="ArgumentException">Shapes differ or a penalty is not finite and positive.</exception>
    public static AugmentedRidge Fit(OneHotMatrix x, ReadOnlySpan<double> z, int covariates, ReadOnlySpan<double> y, double lambda, double mu)
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
        var dual = CholeskyFactor.Factor(a, n).Solve(yc);

        var beta = new double[x.ColumnCount];
        x.MultiplyTransposed(dual, beta);
        TensorPrimitives.MultiplyAdd(mx, -TensorPrimitives.Sum(dual), beta, beta);
        TensorPrimitives.Divide(beta, lambda, beta);
        var gamma = new double[q];
        for (int i = 0; i < n; i++) TensorPrimitives.MultiplyAdd(zc.AsSpan(i * q, q), dual[i] / mu, gamma, gamma);
        double intercept = yMean - TensorPrimitives.Dot(mx, beta);
        return new AugmentedRidge(beta, gamma, standardisation.Means, standardisation.Scales, intercept);
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
