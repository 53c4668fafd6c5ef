using System.Numerics.Tensors;
using Pg2.Sdk.Features;
using Pg2.Sdk.LinearAlgebra;

namespace Pg2.Models.Ridge;

/// <summary>
/// Ridge regression with an unpenalised intercept, identical to scikit-learn's
/// <c>Ridge(alpha, fit_intercept=True)</c> with its Cholesky solver: X and y are centred, then the
/// exact solution is computed from the primal system (XᵀX + αI)β = Xᵀy when features ≤ samples,
/// else from the dual (XXᵀ + αI)a = y, β = Xᵀa — whichever system is smaller.
/// </summary>
public sealed class RidgeRegression
{
    private RidgeRegression(double[] coefficients, double intercept, bool dual)
    {
        Coefficients = coefficients;
        Intercept = intercept;
        SolvedDual = dual;
    }

    /// <summary>The coefficients β (one per feature).</summary>
    public double[] Coefficients { get; }
    /// <summary>The intercept ȳ − μ·β.</summary>
    public double Intercept { get; }
    /// <summary>True when the dual (samples × samples) system was solved.</summary>
    public bool SolvedDual { get; }

    /// <summary>Creates a fitted model from saved parameters.</summary>
    public static RidgeRegression FromParameters(double[] coefficients, double intercept) => new(coefficients, intercept, false);

    /// <summary>Fits ridge regression with penalty <paramref name="alpha"/>.</summary>
    /// <exception cref="ArgumentException">Shapes differ or alpha is negative.</exception>
    /// <exception cref="InvalidOperationException">The system is singular (alpha = 0 on rank-deficient data).</exception>
    public static RidgeRegression Fit(IDesignMatrix x, ReadOnlySpan<double> y, double alpha)
    {
        ArgumentNullException.ThrowIfNull(x);
        int n = x.RowCount, p = x.ColumnCount;
        if (y.Length != n) throw new ArgumentException($"expected {n} targets, got {y.Length}");
        if (!(alpha >= 0) || double.IsInfinity(alpha)) throw new ArgumentException($"alpha must be finite and ≥ 0, got {alpha}");
        if (n < 1) throw new ArgumentException("ridge needs at least one sample");

        var mu = x.ColumnStatistics().Means;
        double yMean = TensorPrimitives.Sum(y) / n;
        var yc = new double[n];
        TensorPrimitives.Subtract(y, yMean, yc);

        double[] coef;
        bool dual = p > n;
        if (!dual)
        {
            var a = x.CenteredGram(mu);
            for (int i = 0; i < p; i++) a[(long)i * p + i] += alpha;
            var b = new double[p];
            x.MultiplyTransposed(yc, b);
            TensorPrimitives.MultiplyAdd(mu, -TensorPrimitives.Sum(yc), b, b);
            coef = CholeskyFactor.Factor(a, p).Solve(b);
        }
        else
        {
            var k = x.CenteredRowGram(mu);
            for (int i = 0; i < n; i++) k[(long)i * n + i] += alpha;
            var dualCoef = CholeskyFactor.Factor(k, n).Solve(yc);
            coef = new double[p];
            x.MultiplyTransposed(dualCoef, coef);
            TensorPrimitives.MultiplyAdd(mu, -TensorPrimitives.Sum(dualCoef), coef, coef);
        }
        double intercept = yMean - TensorPrimitives.Dot(mu, coef);
        return new RidgeRegression(coef, intercept, dual);
    }

    /// <summary>Predicts the rows of <paramref name="x"/>.</summary>
    public double[] Predict(IDesignMatrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.ColumnCount != Coefficients.Length)
            throw new ArgumentException($"the model was trained on {Coefficients.Length} features, got {x.ColumnCount}");
        var result = new double[x.RowCount];
        x.Multiply(Coefficients, result);
        TensorPrimitives.Add(result, Intercept, result);
        return result;
    }
}
