namespace Pg2.Datasets.Alignments;

/// <summary>
/// plmc's protein alphabet <c>-ACDEFGHIKLMNPQRSTVWY</c>: code 0 is the gap, codes 1..20 the residues.
/// Lower case reads as upper case and <c>.</c> as <c>-</c>; anything else is invalid.
/// </summary>
public static class ProteinAlphabet
{
    /// <summary>The symbols in code order, gap first.</summary>
    public const string Symbols = "-ACDEFGHIKLMNPQRSTVWY";

    /// <summary>The residues (codes 1..20) in order: the states of a model that leaves gaps out.</summary>
    public const string Residues = "ACDEFGHIKLMNPQRSTVWY";

    /// <summary>Number of residue states (20).</summary>
    public const int ResidueCount = 20;

    /// <summary>Code of the gap.</summary>
    public const byte Gap = 0;

    /// <summary>Marks a character outside the alphabet in <see cref="CodeOf"/>.</summary>
    public const byte Invalid = 255;

    private static readonly byte[] Codes = BuildCodes();

    /// <summary>The code of <paramref name="c"/> (0 gap, 1..20 residue) or <see cref="Invalid"/>.</summary>
    public static byte CodeOf(char c) => c < 128 ? Codes[c] : Invalid;

    /// <summary>Residue index 0..19 of an upper- or lower-case residue letter, -1 for anything else.</summary>
    public static int ResidueIndexOf(char c)
    {
        byte code = CodeOf(c);
        return code is Gap or Invalid ? -1 : code - 1;
    }

    private static byte[] BuildCodes()
    {
        var codes = new byte[128];
        Array.Fill(codes, Invalid);
        for (int i = 0; i < Symbols.Length; i++)
        {
            codes[Symbols[i]] = (byte)i;
            codes[char.ToLowerInvariant(Symbols[i])] = (byte)i;
        }
        codes['.'] = Gap;
        return codes;
    }
}
