using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Pg2.Sdk.Features;

/// <summary>
/// One-hot encoded sequences (FORMATS.md §F.1): row r has a single 1 per position, in column
/// <c>position · AlphabetSize + letterIndex</c>. Stored as one byte per residue, so products cost
/// O(rows · positions) instead of O(rows · positions · alphabet) and memory is 1/160 of the dense
/// float64 matrix.
/// </summary>
public sealed class OneHotMatrix : IDesignMatrix
{
    private readonly byte[] _codes;           // row-major: row · Positions + position
    private readonly Lazy<byte[]> _byPosition; // position-major copy for column-wise kernels

    /// <summary>Wraps letter indices <paramref name="codes"/> (row-major, each &lt; <paramref name="alphabetSize"/>).</summary>
    public OneHotMatrix(byte[] codes, int rows, int positions, int alphabetSize)
    {
        ArgumentNullException.ThrowIfNull(codes);
        if (codes.Length != (long)rows * positions)
            throw new ArgumentException($"expected {rows}×{positions} codes, got {codes.Length}", nameof(codes));
        if (alphabetSize is < 1 or > 255) throw new ArgumentOutOfRangeException(nameof(alphabetSize));
        _codes = codes;
        RowCount = rows;
        Positions = positions;
        AlphabetSize = alphabetSize;
        _byPosition = new Lazy<byte[]>(Transpose);
    }

    /// <inheritdoc />
    public int RowCount { get; }

    /// <summary>Sequence length (number of encoded positions).</summary>
    public int Positions { get; }

    /// <summary>Number of letters per position.</summary>
    public int AlphabetSize { get; }

    /// <inheritdoc />
    public int ColumnCount => Positions * AlphabetSize;

    /// <summary>Letter index at (<paramref name="row"/>, <paramref name="position"/>).</summary>
    public byte Code(int row, int position) => _codes[row * Positions + position];

    /// <summary>The letter indices of one row.</summary>
    public ReadOnlySpan<byte> RowCodes(int row) => _codes.AsSpan(row * Positions, Positions);

    /// <summary>The matrix of the given rows, in that order (an inner fold, a search subset).</summary>
    public OneHotMatrix SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var codes = new byte[rows.Count * Positions];
        for (int i = 0; i < rows.Count; i++) RowCodes(rows[i]).CopyTo(codes.AsSpan(i * Positions));
        return new OneHotMatrix(codes, rows.Count, Positions, AlphabetSize);
    }

    /// <summary>The dense 0/1 matrix, row-major (for tests and small data only).</summary>
    public double[] ToDense()
    {
        var dense = new double[(long)RowCount * ColumnCount];
        for (int r = 0; r < RowCount; r++)
            for (int pos = 0; pos < Positions; pos++)
                dense[(long)r * ColumnCount + pos * AlphabetSize + Code(r, pos)] = 1.0;
        return dense;
    }

    /// <inheritdoc />
    public void Multiply(ReadOnlySpan<double> x, Span<double> result)
    {
        if (x.Length < ColumnCount || result.Length < RowCount) throw new ArgumentException("length mismatch");
        int a = AlphabetSize, l = Positions;
        for (int r = 0; r < RowCount; r++)
        {
            var codes = RowCodes(r);
            double sum = 0;
            for (int pos = 0, offset = 0; pos < l; pos++, offset += a) sum += x[offset + codes[pos]];
            result[r] = sum;
        }
    }

    /// <inheritdoc />
    public void MultiplyTransposed(ReadOnlySpan<double> u, Span<double> result)
    {
        if (u.Length < RowCount || result.Length < ColumnCount) throw new ArgumentException("length mismatch");
        var byPosition = _byPosition.Value;
        int n = RowCount, a = AlphabetSize;
        result[..ColumnCount].Clear();
        for (int pos = 0; pos < Positions; pos++)
        {
            var codes = byPosition.AsSpan(pos * n, n);
            var block = result.Slice(pos * a, a);
            for (int r = 0; r < n; r++) block[codes[r]] += u[r];
        }
    }

    /// <summary>Number of rows having a 1 in each column.</summary>
    public int[] ColumnCounts()
    {
        var counts = new int[ColumnCount];
        int a = AlphabetSize;
        for (int r = 0; r < RowCount; r++)
        {
            var codes = RowCodes(r);
            for (int pos = 0; pos < codes.Length; pos++) counts[pos * a + codes[pos]]++;
        }
        return counts;
    }

    /// <inheritdoc />
    public ColumnStatistics ColumnStatistics()
    {
        var counts = ColumnCounts();
        int n = RowCount;
        var mean = new double[counts.Length];
        var std = new double[counts.Length];
        for (int j = 0; j < counts.Length; j++)
        {
            double c = counts[j], m = c / n;
            mean[j] = m;
            // Σ(x − m)² over c ones and n − c zeros, as numpy's two-pass std sees it.
            double ss = c * (1 - m) * (1 - m) + (n - c) * m * m;
            std[j] = n > 1 ? Math.Sqrt(ss / (n - 1)) : 0.0;
        }
        return new ColumnStatistics(mean, std);
    }

    /// <inheritdoc />
    public double[] CenteredGram(ReadOnlySpan<double> columnMeans)
    {
        int n = RowCount, a = AlphabetSize, l = Positions, p = ColumnCount;
        var byPosition = _byPosition.Value;
        var gram = new double[(long)p * p];
        // Co-occurrence counts of every position pair, one a×a table at a time (stays in L1). Four
        // interleaved copies of the table break the store-to-load dependency when consecutive rows
        // hit the same cell (the usual case in DMS data, where most residues are wild type).
        int cells = a * a;
        Parallel.For(0, l, () => (new int[4 * cells], new int[n]), (pa, _, scratch) =>
        {
            var (table, scaled) = scratch;
            var codesA = byPosition.AsSpan(pa * n, n);
            for (int r = 0; r < n; r++) scaled[r] = codesA[r] * a;
            for (int pb = 0; pb <= pa; pb++)
            {
                Array.Clear(table);
                var codesB = byPosition.AsSpan(pb * n, n);
                int r4 = 0;
                for (; r4 + 4 <= n; r4 += 4)
                {
                    table[scaled[r4] + codesB[r4]]++;
                    table[cells + scaled[r4 + 1] + codesB[r4 + 1]]++;
                    table[2 * cells + scaled[r4 + 2] + codesB[r4 + 2]]++;
                    table[3 * cells + scaled[r4 + 3] + codesB[r4 + 3]]++;
                }
                for (; r4 < n; r4++) table[scaled[r4] + codesB[r4]]++;
                for (int x = 0; x < a; x++)
                {
                    long rowOffset = (long)(pa * a + x) * p + pb * a;
                    for (int y = 0; y < a; y++)
                    {
                        int c = x * a + y;
                        double v = table[c] + table[cells + c] + table[2 * cells + c] + table[3 * cells + c];
                        gram[rowOffset + y] = v;
                        gram[(long)(pb * a + y) * p + pa * a + x] = v;
                    }
                }
            }
            return scratch;
        }, _ => { });
        var means = columnMeans.ToArray();
        Parallel.For(0, p, i =>
        {
            var row = gram.AsSpan((int)((long)i * p), p);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(means, -n * means[i], row, row);
        });
        return gram;
    }

    /// <inheritdoc />
    public double[] CenteredRowGram(ReadOnlySpan<double> columnMeans)
    {
        int n = RowCount;
        // (X − 1μᵀ)(X − 1μᵀ)ᵀ = XXᵀ − s1ᵀ − 1sᵀ + μᵀμ with s = Xμ; XXᵀ counts equal letters.
        var s = new double[n];
        Multiply(columnMeans, s);
        double mm = System.Numerics.Tensors.TensorPrimitives.Dot(columnMeans, columnMeans);
        var kernel = new double[(long)n * n];
        Parallel.For(0, n, i =>
        {
            var ri = RowCodes(i);
            for (int j = 0; j <= i; j++)
            {
                double v = Matches(ri, RowCodes(j)) - s[i] - s[j] + mm;
                kernel[(long)i * n + j] = v;
                kernel[(long)j * n + i] = v;
            }
        });
        return kernel;
    }

    /// <summary>
    /// Number of positions at which two code rows (e.g. <see cref="RowCodes"/> of two matrices) hold the
    /// same letter: the one-hot dot product, and L minus the Hamming distance.
    /// </summary>
    public static int Matches(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"rows of {x.Length} and {y.Length} positions");
        int count = 0, k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref byte rx = ref MemoryMarshal.GetReference(x);
            ref byte ry = ref MemoryMarshal.GetReference(y);
            for (; k + 32 <= x.Length; k += 32)
            {
                var eq = Vector256.Equals(Vector256.LoadUnsafe(ref rx, (nuint)k), Vector256.LoadUnsafe(ref ry, (nuint)k));
                count += BitOperations.PopCount(eq.ExtractMostSignificantBits());
            }
        }
        for (; k < x.Length; k++) if (x[k] == y[k]) count++;
        return count;
    }

    private byte[] Transpose()
    {
        int n = RowCount, l = Positions;
        var t = new byte[_codes.Length];
        for (int r = 0; r < n; r++)
            for (int pos = 0; pos < l; pos++) t[pos * n + r] = _codes[r * l + pos];
        return t;
    }
}
