using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Pg2.Sdk.LinearAlgebra;

/// <summary>
/// Dot products between rows of row-major matrices, computed 4×4 rows at a time with 16 vector
/// accumulators (each loaded vector feeds 4 FMAs). This is the inner kernel of Gram matrices and of
/// the blocked Cholesky update.
/// </summary>
public static class RowProducts
{
    /// <summary>M·Mᵀ for row-major <paramref name="m"/> (<paramref name="rows"/> × <paramref name="columns"/>); full result.</summary>
    public static double[] SelfTransposed(double[] m, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(m);
        var c = new double[(long)rows * rows];
        int tiles = (rows + 3) / 4;
        Parallel.For(0, tiles, ti =>
        {
            Span<double> acc = stackalloc double[16];
            int i0 = ti * 4;
            for (int j0 = 0; j0 <= i0; j0 += 4)
            {
                acc.Clear();
                AccumulateTile(m, i0, Math.Min(4, rows - i0), m, j0, Math.Min(4, rows - j0), columns, 0, columns, acc);
                for (int di = 0; di < 4 && i0 + di < rows; di++)
                    for (int dj = 0; dj < 4 && j0 + dj < rows; dj++)
                    {
                        c[(long)(i0 + di) * rows + j0 + dj] = acc[di * 4 + dj];
                        c[(long)(j0 + dj) * rows + i0 + di] = acc[di * 4 + dj];
                    }
            }
        });
        return c;
    }

    /// <summary>
    /// acc[di·4 + dj] += Σ_{k ∈ [start, start+length)} a[(ai+di)·stride + k] · b[(bj+dj)·stride + k]
    /// for di &lt; <paramref name="aRows"/>, dj &lt; <paramref name="bRows"/> (both ≤ 4).
    /// </summary>
    public static void AccumulateTile(double[] a, int ai, int aRows, double[] b, int bj, int bRows,
        int stride, int start, int length, Span<double> acc)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (aRows == 4 && bRows == 4 && Vector256.IsHardwareAccelerated)
        {
            Tile4x4(a, ai, b, bj, stride, start, length, acc);
            return;
        }
        for (int di = 0; di < aRows; di++)
        {
            var x = a.AsSpan((int)((long)(ai + di) * stride + start), length);
            for (int dj = 0; dj < bRows; dj++)
                acc[di * 4 + dj] += System.Numerics.Tensors.TensorPrimitives.Dot(x, b.AsSpan((int)((long)(bj + dj) * stride + start), length));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x4(double[] a, int ai, double[] b, int bj, int stride, int start, int length, Span<double> acc)
    {
        ref double ra = ref MemoryMarshal.GetArrayDataReference(a);
        ref double rb = ref MemoryMarshal.GetArrayDataReference(b);
        nuint a0 = (nuint)((long)ai * stride + start), a1 = a0 + (nuint)stride, a2 = a1 + (nuint)stride, a3 = a2 + (nuint)stride;
        nuint b0 = (nuint)((long)bj * stride + start), b1 = b0 + (nuint)stride, b2 = b1 + (nuint)stride, b3 = b2 + (nuint)stride;
        Vector256<double> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector256<double> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector256<double> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector256<double> c30 = default, c31 = default, c32 = default, c33 = default;
        int k = 0;
        for (; k + 4 <= length; k += 4)
        {
            nuint o = (nuint)k;
            var x0 = Vector256.LoadUnsafe(ref ra, a0 + o);
            var x1 = Vector256.LoadUnsafe(ref ra, a1 + o);
            var x2 = Vector256.LoadUnsafe(ref ra, a2 + o);
            var x3 = Vector256.LoadUnsafe(ref ra, a3 + o);
            var y = Vector256.LoadUnsafe(ref rb, b0 + o);
            c00 = Vector256.FusedMultiplyAdd(x0, y, c00); c10 = Vector256.FusedMultiplyAdd(x1, y, c10);
            c20 = Vector256.FusedMultiplyAdd(x2, y, c20); c30 = Vector256.FusedMultiplyAdd(x3, y, c30);
            y = Vector256.LoadUnsafe(ref rb, b1 + o);
            c01 = Vector256.FusedMultiplyAdd(x0, y, c01); c11 = Vector256.FusedMultiplyAdd(x1, y, c11);
            c21 = Vector256.FusedMultiplyAdd(x2, y, c21); c31 = Vector256.FusedMultiplyAdd(x3, y, c31);
            y = Vector256.LoadUnsafe(ref rb, b2 + o);
            c02 = Vector256.FusedMultiplyAdd(x0, y, c02); c12 = Vector256.FusedMultiplyAdd(x1, y, c12);
            c22 = Vector256.FusedMultiplyAdd(x2, y, c22); c32 = Vector256.FusedMultiplyAdd(x3, y, c32);
            y = Vector256.LoadUnsafe(ref rb, b3 + o);
            c03 = Vector256.FusedMultiplyAdd(x0, y, c03); c13 = Vector256.FusedMultiplyAdd(x1, y, c13);
            c23 = Vector256.FusedMultiplyAdd(x2, y, c23); c33 = Vector256.FusedMultiplyAdd(x3, y, c33);
        }
        acc[0] += Vector256.Sum(c00); acc[1] += Vector256.Sum(c01); acc[2] += Vector256.Sum(c02); acc[3] += Vector256.Sum(c03);
        acc[4] += Vector256.Sum(c10); acc[5] += Vector256.Sum(c11); acc[6] += Vector256.Sum(c12); acc[7] += Vector256.Sum(c13);
        acc[8] += Vector256.Sum(c20); acc[9] += Vector256.Sum(c21); acc[10] += Vector256.Sum(c22); acc[11] += Vector256.Sum(c23);
        acc[12] += Vector256.Sum(c30); acc[13] += Vector256.Sum(c31); acc[14] += Vector256.Sum(c32); acc[15] += Vector256.Sum(c33);
        for (; k < length; k++)
        {
            nuint o = (nuint)k;
            for (int di = 0; di < 4; di++)
            {
                double x = Unsafe.Add(ref ra, (nint)(a0 + o + (nuint)(di * stride)));
                for (int dj = 0; dj < 4; dj++)
                    acc[di * 4 + dj] += x * Unsafe.Add(ref rb, (nint)(b0 + o + (nuint)(dj * stride)));
            }
        }
    }
}
