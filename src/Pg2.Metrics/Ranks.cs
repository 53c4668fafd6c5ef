namespace Pg2.Metrics;

/// <summary>Fractional ranks as <c>scipy.stats.rankdata(method="average")</c> computes them.</summary>
internal static class Ranks
{
    /// <summary>
    /// Ranks 1..n of <paramref name="values"/>; tied values share the mean of the ranks they span
    /// (so the ranks always sum to n(n+1)/2). Values must not be NaN.
    /// </summary>
    public static double[] Average(ReadOnlySpan<double> values)
    {
        var ranks = GC.AllocateUninitializedArray<double>(values.Length);
        Average(values, ranks);
        return ranks;
    }

    /// <summary>Writes the average ranks of <paramref name="values"/> into <paramref name="ranks"/>.</summary>
    public static void Average(ReadOnlySpan<double> values, Span<double> ranks)
    {
        if (ranks.Length != values.Length)
            throw new ArgumentException("ranks must have the length of values", nameof(ranks));
        var (order, keys) = StableOrder.AscendingWithKeys(values);
        int n = order.Length;
        int i = 0;
        while (i < n)
        {
            // Equal keys are equal values; scanning the sorted keys avoids random reads of values.
            ulong v = keys[i];
            int j = i;
            while (j + 1 < n && keys[j + 1] == v) j++;
            // Zero-based positions i..j hold the tie: mean one-based rank is (i + j) / 2 + 1, exact in binary.
            double rank = 0.5 * (i + j) + 1.0;
            for (int t = i; t <= j; t++) ranks[order[t]] = rank;
            i = j + 1;
        }
    }
}
