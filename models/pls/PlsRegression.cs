using System.Numerics.Tensors;
using Pg2.Sdk.Features;
using Pg2.Sdk.LinearAlgebra;

namespace Pg2.Models.Pls;

/// <summary>
/// PLS regression identical to scikit-learn's <c>PLSRegression(n_components, scale=True)</c>
/// (NIPALS, mode A, regression deflation; X and Y centred and scaled by their ddof = 1 standard
/// deviation). X is never materialised or deflated in memory: the centred, scaled, deflated
/// matrix Xₖ = (X − 1μᵀ)D⁻¹ − Σ tᵢpᵢᵀ is applied through products with the original design matrix,
/// so a fit costs a few passes over the one-hot codes instead of O(n·p) dense updates.
/// </summary>
public sealed class PlsRegression
{
    private const double Eps = 2.220446049250313e-16; // numpy.finfo(float64).eps

    private PlsRegression(double[] xMean, double[] xStd, double[] yMean, double[] yStd, double[][] coefficients, int[] iterations)
    {
        XMean = xMean;
        XStd = xStd;
        YMean = yMean;
        YStd = yStd;
        Coefficients = coefficients;
        Iterations = iterations;
    }

    /// <summary>Column means of the training X.</summary>
    public double[] XMean { get; }
    /// <summary>Column standard deviations of the training X (ddof = 1; 1 where constant).</summary>
    public double[] XStd { get; }
    /// <summary>Means of the training targets.</summary>
    public double[] YMean { get; }
    /// <summary>Standard deviations of the training targets (ddof = 1; 1 where constant).</summary>
    public double[] YStd { get; }
    /// <summary>
    /// Per target, the coefficients on the scaled X (scikit-learn's <c>coef_</c> row):
    /// ŷ = ((x − μ)/σ)·coef + ȳ.
    /// </summary>
    public double[][] Coefficients { get; }
    /// <summary>Power-method iterations per component (scikit-learn's <c>n_iter_</c>).</summary>
    public int[] Iterations { get; }

    /// <summary>Creates a fitted model from saved parameters.</summary>
    public static PlsRegression FromParameters(double[] xMean, double[] xStd, double[] yMean, double[] yStd, double[][] coefficients) =>
        new(xMean, xStd, yMean, yStd, coefficients, []);

    /// <summary>Fits PLS with <paramref name="components"/> components to targets <paramref name="y"/> (one array per target).</summary>
    /// <exception cref="ArgumentException">Bad shapes or component count.</exception>
    public static PlsRegression Fit(IDesignMatrix x, IReadOnlyList<double[]> y, int components,
        int maxIterations = 500, double tolerance = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int n = x.RowCount, p = x.ColumnCount, q = y.Count;
        if (n < 2) throw new ArgumentException($"PLS needs at least 2 samples, got {n}");
        if (q < 1 || y.Any(c => c.Length != n)) throw new ArgumentException("every target must have one value per row");
        if (components < 1 || components > p)
            throw new ArgumentException($"n_components must be between 1 and the number of features ({p}), got {components}");

        var stats = x.ColumnStatistics();
        var mu = stats.Means;
        var sigma = stats.StandardDeviations.Select(s => s == 0.0 ? 1.0 : s).ToArray();
        var yMean = new double[q];
        var yStd = new double[q];
        var yk = new double[q][];
        for (int j = 0; j < q; j++)
        {
            yMean[j] = TensorPrimitives.Sum(y[j]) / n;
            yk[j] = new double[n];
            TensorPrimitives.Subtract(y[j], yMean[j], yk[j]);
            double sd = Math.Sqrt(TensorPrimitives.Dot(yk[j], yk[j]) / (n - 1));
            yStd[j] = sd == 0.0 ? 1.0 : sd;
            TensorPrimitives.Divide(yk[j], yStd[j], yk[j]);
        }

        // scikit-learn centres X explicitly, so a constant column (a position the training rows never
        // vary, e.g. the held-out positions of a modulo/contiguous fold) is exactly zero and gets weight
        // exactly 0. The implicit centering below would leave rounding noise there (x·u − μΣu), which
        // turns predictions that are equal by definition into noise and their Spearman into chance.
        var constant = stats.StandardDeviations.Select(s => s == 0.0).ToArray();
        var deflated = new DeflatedMatrix(x, mu, sigma, constant);
        var weights = new double[components][];   // x_weights_ columns
        var loadings = new double[components][];  // x_loadings_ columns
        var yLoadings = new double[components][]; // y_loadings_ columns (length q)
        var iterations = new int[components];
        for (int k = 0; k < components; k++)
        {
            weights[k] = new double[p];
            loadings[k] = new double[p];
            yLoadings[k] = new double[q];
        }

        for (int k = 0; k < components; k++)
        {
            foreach (var col in yk)
                if (Math.Abs(TensorPrimitives.MaxMagnitude(col)) < 10 * Eps) Array.Clear(col);
            var start = yk.FirstOrDefault(col => Math.Abs(TensorPrimitives.MaxMagnitude(col)) > Eps);
            if (start is null) break; // "Y residual is constant": later components stay zero, as in scikit-learn

            var (xw, yw, iters) = FirstSingularVectors(deflated, yk, start, maxIterations, tolerance);
            iterations[k] = iters;

            int idx = TensorPrimitives.IndexOfMaxMagnitude(xw);
            double sign = Math.Sign(xw[idx]);
            TensorPrimitives.Multiply(xw, sign, xw);
            TensorPrimitives.Multiply(yw, sign, yw);

            var t = new double[n];
            deflated.Multiply(xw, t);
            double tt = TensorPrimitives.Dot(t, t);
            var load = new double[p];
            deflated.MultiplyTransposed(t, load);
            TensorPrimitives.Divide(load, tt, load);
            for (int j = 0; j < q; j++)
            {
                double c = TensorPrimitives.Dot(t, yk[j]) / tt;
                yLoadings[k][j] = c;
                TensorPrimitives.MultiplyAdd(t, -c, yk[j], yk[j]);
            }
            deflated.Deflate(t, load);
            weights[k] = xw;
            loadings[k] = load;
        }

        // x_rotations_ = W · pinv(Pᵀ W); coef = x_rotations_ · Cᵀ, scaled by y_std.
        var ptw = new double[components, components];
        for (int a = 0; a < components; a++)
            for (int b = 0; b < components; b++) ptw[a, b] = TensorPrimitives.Dot(loadings[a], weights[b]);
        var inverse = PseudoInverse.Of(ptw);
        var coefficients = new double[q][];
        for (int j = 0; j < q; j++)
        {
            // coef_j = W · (pinv · c_j) · y_std_j
            var mixed = new double[components];
            for (int a = 0; a < components; a++)
                for (int b = 0; b < components; b++) mixed[a] += inverse[a, b] * yLoadings[b][j];
            var coef = new double[p];
            for (int a = 0; a < components; a++) TensorPrimitives.MultiplyAdd(weights[a], mixed[a] * yStd[j], coef, coef);
            coefficients[j] = coef;
        }
        return new PlsRegression(mu, sigma, yMean, yStd, coefficients, iterations);
    }

    /// <summary>Predicts target <paramref name="target"/> for the rows of <paramref name="x"/>.</summary>
    public double[] Predict(IDesignMatrix x, int target = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.ColumnCount != XMean.Length)
            throw new ArgumentException($"the model was trained on {XMean.Length} features, got {x.ColumnCount}");
        // ((x − μ)/σ)·coef = x·(coef/σ) − μ·(coef/σ)
        var scaled = new double[XMean.Length];
        TensorPrimitives.Divide(Coefficients[target], XStd, scaled);
        double offset = YMean[target] - TensorPrimitives.Dot(XMean, scaled);
        var result = new double[x.RowCount];
        x.Multiply(scaled, result);
        TensorPrimitives.Add(result, offset, result);
        return result;
    }

    private static (double[] XWeights, double[] YWeights, int Iterations) FirstSingularVectors(
        DeflatedMatrix x, double[][] y, double[] start, int maxIterations, double tolerance)
    {
        int n = x.RowCount, p = x.ColumnCount, q = y.Length;
        var yScore = (double[])start.Clone();
        var xw = new double[p];
        var xs = new double[n];
        var yw = new double[q];
        double[]? xwOld = null;
        var diff = new double[p];
        int i = 0;
        for (; i < maxIterations; i++)
        {
            x.MultiplyTransposed(yScore, xw);
            TensorPrimitives.Divide(xw, TensorPrimitives.Dot(yScore, yScore), xw);
            TensorPrimitives.Divide(xw, Math.Sqrt(TensorPrimitives.Dot(xw, xw)) + Eps, xw);
            x.Multiply(xw, xs);
            double xss = TensorPrimitives.Dot(xs, xs);
            for (int j = 0; j < q; j++) yw[j] = TensorPrimitives.Dot(y[j], xs) / xss;
            double yww = TensorPrimitives.Dot(yw, yw) + Eps;
            Array.Clear(yScore);
            for (int j = 0; j < q; j++) TensorPrimitives.MultiplyAdd(y[j], yw[j] / yww, yScore, yScore);
            // scikit-learn starts from x_weights_old = 100 (a scalar) so the first check never passes for q > 1.
            if (xwOld is null) TensorPrimitives.Subtract(xw, 100.0, diff);
            else TensorPrimitives.Subtract(xw, xwOld, diff);
            if (TensorPrimitives.Dot(diff, diff) < tolerance || q == 1) break;
            xwOld = (double[])xw.Clone();
        }
        return (xw, yw, Math.Min(i + 1, maxIterations));
    }

    /// <summary>Xₖ = (X − 1μᵀ)D⁻¹ − Σ tᵢpᵢᵀ applied implicitly.</summary>
    private sealed class DeflatedMatrix(IDesignMatrix x, double[] mu, double[] sigma, bool[] constant)
    {
        private readonly List<(double[] Scores, double[] Loadings)> _removed = [];
        private readonly double[] _scaled = new double[x.ColumnCount];

        public int RowCount => x.RowCount;
        public int ColumnCount => x.ColumnCount;

        public void Deflate(double[] scores, double[] loadings) => _removed.Add((scores, loadings));

        public void Multiply(ReadOnlySpan<double> w, Span<double> result)
        {
            TensorPrimitives.Divide(w, sigma, _scaled);
            x.Multiply(_scaled, result);
            TensorPrimitives.Subtract(result, TensorPrimitives.Dot(mu, _scaled), result);
            foreach (var (t, pl) in _removed)
                TensorPrimitives.MultiplyAdd(t, -TensorPrimitives.Dot(pl, w), result, result);
        }

        public void MultiplyTransposed(ReadOnlySpan<double> u, Span<double> result)
        {
            x.MultiplyTransposed(u, result);
            double su = TensorPrimitives.Sum(u);
            TensorPrimitives.MultiplyAdd(mu, -su, result, result);
            TensorPrimitives.Divide(result, sigma, result);
            for (int j = 0; j < result.Length; j++)
                if (constant[j]) result[j] = 0.0;
            foreach (var (t, pl) in _removed)
                TensorPrimitives.MultiplyAdd(pl, -TensorPrimitives.Dot(t, u), result, result);
        }
    }
}
