using System.Numerics.Tensors;

namespace Pg2.Sdk.LinearAlgebra;

/// <summary>
/// The Cholesky factor L (A = L·Lᵀ) of a symmetric positive-definite matrix, computed in place by a
/// blocked left-looking algorithm: the dominant update is done by the 4×4 <see cref="RowProducts"/>
/// kernel over cache-sized chunks, in parallel over row tiles. Used for exact ridge solutions.
/// </summary>
public sealed class CholeskyFactor
{
    private const int BlockSize = 64;
    private const int ChunkLength = 256;
    private readonly double[] _l;

    private CholeskyFactor(double[] l, int order)
    {
        _l = l;
        Order = order;
    }

    /// <summary>Matrix order n.</summary>
    public int Order { get; }

    /// <summary>
    /// Factors the symmetric matrix <paramref name="a"/> (row-major, n × n; only the lower triangle
    /// is read). The array is overwritten by L in its lower triangle.
    /// </summary>
    /// <exception cref="InvalidOperationException">The matrix is not (numerically) positive definite.</exception>
    public static CholeskyFactor Factor(double[] a, int order)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = order;
        if (a.Length != (long)n * n) throw new ArgumentException($"expected {n}×{n} values", nameof(a));
        // A pivot that has lost all but rounding noise of its original diagonal means "singular".
        var minPivot = new double[n];
        for (int i = 0; i < n; i++) minPivot[i] = Math.Abs(a[i * n + i]) * n * 2.220446049250313e-16;
        for (int kb = 0; kb < n; kb += BlockSize)
        {
            int ke = Math.Min(kb + BlockSize, n);
            if (kb > 0) UpdateBlockColumn(a, n, kb, ke);
            FactorDiagonalBlock(a, n, kb, ke, minPivot);
            Parallel.For(ke, n, i =>
            {
                var rowI = a.AsSpan(i * n, n);
                for (int j = kb; j < ke; j++)
                {
                    double s = rowI[j] - TensorPrimitives.Dot(rowI[kb..j], a.AsSpan(j * n + kb, j - kb));
                    rowI[j] = s / a[j * n + j];
                }
            });
        }
        return new CholeskyFactor(a, n);
    }

    /// <summary>Solves A·x = b.</summary>
    public double[] Solve(ReadOnlySpan<double> b)
    {
        int n = Order;
        if (b.Length != n) throw new ArgumentException($"expected {n} values", nameof(b));
        var x = b.ToArray();
        for (int i = 0; i < n; i++)
            x[i] = (x[i] - TensorPrimitives.Dot(_l.AsSpan(i * n, i), x.AsSpan(0, i))) / _l[i * n + i];
        for (int i = n - 1; i >= 0; i--)
        {
            x[i] /= _l[i * n + i];
            var head = x.AsSpan(0, i);
            TensorPrimitives.MultiplyAdd(_l.AsSpan(i * n, i), -x[i], head, head);
        }
        return x;
    }

    /// <summary>log det A = 2 Σᵢ log Lᵢᵢ.</summary>
    public double LogDeterminant()
    {
        double sum = 0;
        for (int i = 0; i < Order; i++) sum += Math.Log(_l[(long)i * Order + i]);
        return 2 * sum;
    }

    /// <summary>A⁻¹ (row-major, n × n): n solves, in parallel; O(2n³) flops, for the traces of marginal-likelihood gradients.</summary>
    public double[] Inverse()
    {
        int n = Order;
        var inverse = new double[(long)n * n];
        Parallel.For(0, n, j =>
        {
            var unit = new double[n];
            unit[j] = 1;
            Solve(unit).CopyTo(inverse.AsSpan((int)((long)j * n), n));
        });
        return inverse;
    }

    // A[kb.., kb..ke) −= L[kb.., 0..kb) · L[kb..ke, 0..kb)ᵀ
    private static void UpdateBlockColumn(double[] a, int n, int kb, int ke)
    {
        int tiles = (n - kb + 3) / 4;
        Parallel.For(0, tiles, t =>
        {
            Span<double> acc = stackalloc double[16];
            int i0 = kb + t * 4, ir = Math.Min(4, n - i0);
            for (int c0 = 0; c0 < kb; c0 += ChunkLength)
            {
                int len = Math.Min(ChunkLength, kb - c0);
                for (int j0 = kb; j0 < ke; j0 += 4)
                {
                    int jr = Math.Min(4, ke - j0);
                    acc.Clear();
                    RowProducts.AccumulateTile(a, i0, ir, a, j0, jr, n, c0, len, acc);
                    for (int di = 0; di < ir; di++)
                        for (int dj = 0; dj < jr; dj++)
                            a[(i0 + di) * n + j0 + dj] -= acc[di * 4 + dj];
                }
            }
        });
    }

    private static void FactorDiagonalBlock(double[] a, int n, int kb, int ke, double[] minPivot)
    {
        for (int j = kb; j < ke; j++)
        {
            var rowJ = a.AsSpan(j * n + kb, j - kb);
            for (int i = j; i < ke; i++)
            {
                double s = a[i * n + j] - TensorPrimitives.Dot(a.AsSpan(i * n + kb, j - kb), rowJ);
                if (i == j)
                {
                    if (!(s > minPivot[j]))
                        throw new InvalidOperationException(
                            $"matrix is not positive definite (pivot {j + 1} of {n} is {s:G4})");
                    a[j * n + j] = Math.Sqrt(s);
                }
                else
                {
                    a[i * n + j] = s / a[j * n + j];
                }
            }
        }
    }
}
