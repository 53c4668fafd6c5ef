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

    private static int[] Sort(ReadOnlySpan<double> values, bool descending) => SortKeys(values, descending).Order;

    /// <summary>
    /// The ascending stable order with the sorted order-preserving keys alongside: two rows have equal
    /// values exactly when their keys are equal, so callers can find ties by a sequential scan.
    /// </summary>
    internal static (int[] Order, ulong[] SortedKeys) AscendingWithKeys(ReadOnlySpan<double> values) => SortKeys(values, descending: false);

    private static (int[] Order, ulong[] SortedKeys) SortKeys(ReadOnlySpan<double> values, bool descending)
    {
        int n = values.Length;
        var keys = GC.AllocateUninitializedArray<ulong>(n);
        ulong flip = descending ? ulong.MaxValue : 0;
        for (int i = 0; i < n; i++) keys[i] = SortableBits(values[i]) ^ flip;
        var order = GC.AllocateUninitializedArray<int>(n);
        for (int i = 0; i < n; i++) order[i] = i;
        if (n < RadixThreshold)
        {
            // Keys are unique once the row index breaks ties, so the unstable sort is stable here.
            Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
            var sorted = new ulong[n];
            for (int i = 0; i < n; i++) sorted[i] = keys[order[i]];
            return (order, sorted);
        }
        return RadixSort(keys, order);
    }

    /// <summary>Maps a double to an unsigned integer with the same order (-0.0 and 0.0 equal).</summary>
    private static ulong SortableBits(double x)
    {
        ulong bits = (ulong)BitConverter.DoubleToInt64Bits(x + 0.0); // + 0.0 turns -0.0 into 0.0
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    /// <summary>LSD radix sort of (key, index) pairs; stable, so equal keys keep row order.</summary>
    private static (int[] Order, ulong[] SortedKeys) RadixSort(ulong[] keys, int[] order)
    {
        int n = keys.Length;
        const int Passes = (64 + DigitBits - 1) / DigitBits;
        // All digit histograms in one read of the keys.
        var counts = new int[Passes * Buckets];
        foreach (var k in keys)
        {
            for (int p = 0; p < Passes; p++)
                counts[p * Buckets + (int)((k >> (p * DigitBits)) & (Buckets - 1))]++;
        }
        ulong[] srcK = keys, dstK = GC.AllocateUninitializedArray<ulong>(n);
        int[] srcI = order, dstI = GC.AllocateUninitializedArray<int>(n);
        for (int p = 0; p < Passes; p++)
        {
            int shift = p * DigitBits;
            var c = counts.AsSpan(p * Buckets, Buckets);
            // A digit shared by every key (e.g. exponent bits of similar values) needs no pass.
            if (c[(int)((srcK[0] >> shift) & (Buckets - 1))] == n) continue;
            int sum = 0;
            for (int b = 0; b < Buckets; b++) { int t = c[b]; c[b] = sum; sum += t; }
            for (int i = 0; i < n; i++)
            {
                ulong k = srcK[i];
                int pos = c[(int)((k >> shift) & (Buckets - 1))]++;
                dstK[pos] = k;
                dstI[pos] = srcI[i];
            }
            (srcK, dstK) = (dstK, srcK);
            (srcI, dstI) = (dstI, srcI);
        }
        return (srcI, srcK);
    }
}
