using System.Buffers;

namespace Pg2.Metrics;

/// <summary>
/// Stable sort orders of a column of doubles: the permutation that sorts it, ties kept in row order.
/// A stable order makes every tie-dependent metric (NDCG, top-k recovery) reproducible, where
/// numpy's default argsort leaves tied rows in an arbitrary order.
/// </summary>
internal static class StableOrder
{
    // Below this size a comparison sort is faster than the radix passes' fixed cost.
    private const int RadixThreshold = 2048;
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;

    /// <summary>Row indices by ascending value; equal values keep their row order.</summary>
    public static int[] Ascending(ReadOnlySpan<double> values) => Sort(values, descending: false);

    /// <summary>Row indices by descending value; equal values keep their row order
    /// (what numpy's <c>argsort(-v, kind="stable")</c> gives).</summary>
    public static int[] Descending(ReadOnlySpan<double> values) => Sort(values, descending: true);

    private static int[] Sort(ReadOnlySpan<double> values, bool descending)
    {
        int n = values.Length;
        var keys = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            ulong k = SortableBits(values[i]);
            keys[i] = descending ? ~k : k;
        }
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (n < RadixThreshold)
        {
            // Keys are unique once the row index breaks ties, so the unstable sort is stable here.
            Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
            return order;
        }
        RadixSort(keys, order);
        return order;
    }

    /// <summary>Maps a double to an unsigned integer with the same order (-0.0 and 0.0 equal).</summary>
    private static ulong SortableBits(double x)
    {
        ulong bits = (ulong)BitConverter.DoubleToInt64Bits(x + 0.0); // + 0.0 turns -0.0 into 0.0
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    /// <summary>LSD radix sort of (key, index) pairs; stable, so equal keys keep row order.</summary>
    private static void RadixSort(ulong[] keys, int[] order)
    {
        int n = keys.Length;
        var pool = ArrayPool<ulong>.Shared;
        var keysTmp = pool.Rent(n);
        var orderTmp = ArrayPool<int>.Shared.Rent(n);
        var counts = new int[Buckets];
        try
        {
            ulong[] srcK = keys, dstK = keysTmp;
            int[] srcI = order, dstI = orderTmp;
            for (int shift = 0; shift < 64; shift += DigitBits)
            {
                Array.Clear(counts);
                for (int i = 0; i < n; i++) counts[(int)((srcK[i] >> shift) & (Buckets - 1))]++;
                // A digit shared by every key (e.g. exponent bits of similar values) needs no pass.
                if (counts[(int)((srcK[0] >> shift) & (Buckets - 1))] == n) continue;
                int sum = 0;
                for (int b = 0; b < Buckets; b++) { int c = counts[b]; counts[b] = sum; sum += c; }
                for (int i = 0; i < n; i++)
                {
                    ulong k = srcK[i];
                    int pos = counts[(int)((k >> shift) & (Buckets - 1))]++;
                    dstK[pos] = k;
                    dstI[pos] = srcI[i];
                }
                (srcK, dstK) = (dstK, srcK);
                (srcI, dstI) = (dstI, srcI);
            }
            if (!ReferenceEquals(srcI, order)) Array.Copy(srcI, order, n);
        }
        finally
        {
            pool.Return(keysTmp);
            ArrayPool<int>.Shared.Return(orderTmp);
        }
    }
}
