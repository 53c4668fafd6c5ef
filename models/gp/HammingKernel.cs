using Pg2.Sdk.Features;

namespace Pg2.Models.Gp;

/// <summary>
/// The exponential Hamming kernel on one-hot sequences, k(x, x′) = exp(−d(x, x′)/ℓ) with d the number
/// of positions where x and x′ differ (the one-hot distance ‖x − x′‖²/2). It is a product over positions
/// of a positive-definite two-level kernel, so it is positive definite for every ℓ &gt; 0; d takes only the
/// values 0..L, so a kernel matrix is a table lookup per entry.
/// </summary>
public static class HammingKernel
{
    /// <summary>The symmetric n × n distances between the rows of <paramref name="x"/> (row-major; n²/2 vectorised row comparisons).</summary>
    public static ushort[] Distances(OneHotMatrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Positions > ushort.MaxValue) throw new ArgumentException($"sequences of {x.Positions} positions exceed {ushort.MaxValue}");
        int n = x.RowCount, l = x.Positions;
        var d = new ushort[(long)n * n];
        Parallel.For(0, n, i =>
        {
            var ri = x.RowCodes(i);
            for (int j = 0; j < i; j++)
            {
                var v = (ushort)(l - OneHotMatrix.Matches(ri, x.RowCodes(j)));
                d[(long)i * n + j] = v;
                d[(long)j * n + i] = v;
            }
        });
        return d;
    }

    /// <summary>exp(−d/ℓ) for d = 0..<paramref name="positions"/>.</summary>
    public static double[] Table(int positions, double lengthScale)
    {
        var table = new double[positions + 1];
        for (int d = 0; d <= positions; d++) table[d] = Math.Exp(-d / lengthScale);
        return table;
    }

    /// <summary>The rows <paramref name="rows"/> × <paramref name="rows"/> of an n × n distance matrix.</summary>
    public static ushort[] Subset(ushort[] distances, int n, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentNullException.ThrowIfNull(rows);
        int m = rows.Count;
        var sub = new ushort[(long)m * m];
        for (int a = 0; a < m; a++)
            for (int b = 0; b < m; b++) sub[(long)a * m + b] = distances[(long)rows[a] * n + rows[b]];
        return sub;
    }
}
