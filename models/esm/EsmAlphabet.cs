namespace Pg2.Models.Esm;

/// <summary>
/// The ESM token alphabet shared by ESM-1b, ESM-1v and ESM-2: &lt;cls&gt; &lt;pad&gt; &lt;eos&gt; &lt;unk&gt;,
/// the residue letters <c>LAGVSERTIDPKQNFYMHWCXBUZO.-</c>, &lt;null_1&gt; and &lt;mask&gt;. A sequence is
/// tokenised as &lt;cls&gt; residues… &lt;eos&gt;, so residue i (0-based) is token i + 1.
/// </summary>
internal static class EsmAlphabet
{
    public const int Cls = 0, Pad = 1, Eos = 2, Unknown = 3, Mask = 32, Size = 33;
    private const string Letters = "LAGVSERTIDPKQNFYMHWCXBUZO.-";

    public static int Token(char residue)
    {
        int i = Letters.IndexOf(char.ToUpperInvariant(residue), StringComparison.Ordinal);
        return i < 0 ? Unknown : i + 4;
    }

    /// <summary>&lt;cls&gt; + residues + &lt;eos&gt;.</summary>
    public static long[] Tokens(string sequence)
    {
        var t = new long[sequence.Length + 2];
        t[0] = Cls;
        for (int i = 0; i < sequence.Length; i++) t[i + 1] = Token(sequence[i]);
        t[^1] = Eos;
        return t;
    }
}
