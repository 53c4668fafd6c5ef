using System.Numerics.Tensors;
using Pg2.Sdk.LinearAlgebra;

namespace Pg2.Models.Gp;

/// <summary>
/// The log marginal likelihood ("evidence") of y ~ N(Hb, σ²(C + gI)), C = exp(−D/ℓ), with the mean
/// coefficients b and the signal variance σ² profiled out at their maxima (generalised least squares
/// b̂ = (HᵀA⁻¹H)⁻¹HᵀA⁻¹y and σ̂² = rᵀA⁻¹r/n, A = C + gI, r = y − Hb̂):
/// log p = −n/2·log σ̂² − ½·log|A| − n/2·(1 + log 2π). Since b̂ and σ̂² are stationary, the gradient in
/// θ ∈ {log ℓ, log g} is ½·αᵀ(∂A/∂θ)α/σ̂² − ½·tr(A⁻¹ ∂A/∂θ) with α = A⁻¹r, ∂A/∂log ℓ = C∘D/ℓ and
/// ∂A/∂log g = gI. One Cholesky factor (n³/3 flops) per value; the gradient adds A⁻¹ (2n³).
/// </summary>
/// <param name="LogLikelihood">log p(y | ℓ, g) at the profiled b̂ and σ̂².</param>
/// <param name="GradientLogLength">∂ log p / ∂ log ℓ (NaN when not asked for).</param>
/// <param name="GradientLogNoise">∂ log p / ∂ log g (NaN when not asked for).</param>
/// <param name="MeanCoefficients">b̂, one per column of H.</param>
/// <param name="SignalVariance">σ̂².</param>
/// <param name="Weights">α = A⁻¹(y − Hb̂): the predictive mean at x* is h*·b̂ + Σᵢ exp(−d(x*, xᵢ)/ℓ)·αᵢ.</param>
public sealed record GpEvidence(double LogLikelihood, double GradientLogLength, double GradientLogNoise,
    double[] MeanCoefficients, double SignalVariance, double[] Weights)
{
    /// <summary>
    /// Evaluates the evidence for the n × n distances <paramref name="distances"/> (sequences of
    /// <paramref name="positions"/> positions), the row-major n × p mean design <paramref name="h"/> and
    /// targets <paramref name="y"/>, at ℓ = exp(<paramref name="logLength"/>), g = exp(<paramref name="logNoise"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">A is not numerically positive definite.</exception>
    public static GpEvidence Evaluate(ushort[] distances, int positions, ReadOnlySpan<double> h, int p, ReadOnlySpan<double> y,
        double logLength, double logNoise, bool gradient)
    {
        ArgumentNullException.ThrowIfNull(distances);
        int n = y.Length;
        if (distances.Length != (long)n * n) throw new ArgumentException($"expected {n}×{n} distances, got {distances.Length}");
        if (h.Length != n * p) throw new ArgumentException($"expected {n}×{p} mean-design values, got {h.Length}");
        double length = Math.Exp(logLength), noise = Math.Exp(logNoise);
        var table = HammingKernel.Table(positions, length);
        var a = new double[(long)n * n];
        Parallel.For(0, n, i =>
        {
            long row = (long)i * n;
            for (int j = 0; j < i; j++) a[row + j] = table[distances[row + j]];
            a[row + i] = 1 + noise;
        });
        var factor = CholeskyFactor.Factor(a, n);

        // GLS mean: b̂ = (HᵀA⁻¹H)⁻¹ HᵀA⁻¹y, then α = A⁻¹y − (A⁻¹H)b̂.
        var ay = factor.Solve(y);
        var column = new double[n];
        var ah = new double[p][];
        for (int k = 0; k < p; k++)
        {
            for (int i = 0; i < n; i++) column[i] = h[i * p + k];
            ah[k] = factor.Solve(column);
        }
        var normal = new double[p * p];
        var rhs = new double[p];
        for (int k = 0; k < p; k++)
        {
            for (int i = 0; i < n; i++)
            {
                rhs[k] += h[i * p + k] * ay[i];
                for (int k2 = 0; k2 < p; k2++) normal[k * p + k2] += h[i * p + k] * ah[k2][i];
            }
        }
        var b = CholeskyFactor.Factor(normal, p).Solve(rhs);
        var alpha = ay;
        for (int k = 0; k < p; k++) TensorPrimitives.MultiplyAdd(ah[k], -b[k], alpha, alpha);
        double quadratic = 0;
        for (int i = 0; i < n; i++)
        {
            double mean = 0;
            for (int k = 0; k < p; k++) mean += h[i * p + k] * b[k];
            quadratic += (y[i] - mean) * alpha[i];
        }
        double signal = Math.Max(quadratic / n, double.Epsilon);
        double logLikelihood = -0.5 * n * Math.Log(signal) - 0.5 * factor.LogDeterminant() - 0.5 * n * (1 + Math.Log(2 * Math.PI));
        if (!gradient) return new GpEvidence(logLikelihood, double.NaN, double.NaN, b, signal, alpha);

        var inverse = factor.Inverse();
        // Σᵢⱼ over the off-diagonal (D is 0 on the diagonal), twice the strict lower triangle.
        double traceLength = 0, quadLength = 0, traceNoise = 0;
        for (int i = 0; i < n; i++)
        {
            long row = (long)i * n;
            double t = 0, q = 0;
            for (int j = 0; j < i; j++)
            {
                int d = distances[row + j];
                double dc = table[d] * d;
                t += inverse[row + j] * dc;
                q += alpha[j] * dc;
            }
            traceLength += 2 * t / length;
            quadLength += 2 * alpha[i] * q / length;
            traceNoise += noise * inverse[row + i];
        }
        double quadNoise = noise * TensorPrimitives.Dot(alpha, alpha);
        return new GpEvidence(logLikelihood,
            0.5 * quadLength / signal - 0.5 * traceLength,
            0.5 * quadNoise / signal - 0.5 * traceNoise,
            b, signal, alpha);
    }
}
