namespace Pg2.Models.Esm.Scoring;

/// <summary>
/// ProteinGym's "optimal" window for targets longer than the model's limit: the slice of
/// <c>window</c> tokens of the full &lt;cls&gt; residues &lt;eos&gt; row that centres the position scored,
/// clamped at both ends (so a window keeps &lt;cls&gt; or &lt;eos&gt; only at the ends of the protein).
/// </summary>
internal static class TokenWindow
{
    /// <summary>[start, end) token range for token <paramref name="position"/> of a <paramref name="length"/>-token row.</summary>
    public static (int Start, int End) Around(int position, int length, int window)
    {
        int half = window / 2;
        if (length <= window) return (0, length);
        if (position < half) return (0, window);
        if (position >= length - half) return (length - window, length);
        return (Math.Max(0, position - half), Math.Min(length, position + half));
    }
}
