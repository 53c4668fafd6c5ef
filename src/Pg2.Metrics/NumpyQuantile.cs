namespace Pg2.Metrics;

/// <summary>
/// numpy's <c>percentile</c>/<c>median</c> (method "linear"), reproduced operation for operation,
/// because top-recall compares values with <c>&gt;=</c> against the percentile: one ulp off flips rows.
/// </summary>
internal static class NumpyQuantile
{
    /// <summary><c>np.percentile(values, percent)</c> with linear interpolation.</summary>
    public static double Percentile(ReadOnlySpan<double> values, double percent)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double q = percent / 100.0;
        int n = sorted.Length;
        double virtualIndex = (n - 1) * q;
        if (virtualIndex >= n - 1) return sorted[n - 1];
        if (virtualIndex < 0) return sorted[0];
        int previous = (int)Math.Floor(virtualIndex);
        double gamma = virtualIndex - previous;
        return Lerp(sorted[previous], sorted[previous + 1], gamma);
    }

    /// <summary><c>np.median(values)</c>: the middle value, or the mean of the two middle values.</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        int n = sorted.Length;
        int half = n / 2;
        return n % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2.0;
    }

    // numpy's _lerp: interpolates from the nearer end to keep the result monotone in t.
    private static double Lerp(double a, double b, double t)
    {
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
