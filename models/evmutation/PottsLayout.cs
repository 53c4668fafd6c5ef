namespace Pg2.Models.Evmutation;

/// <summary>
/// Where the Potts parameters live in one flat vector: fields h_i(a) first (<c>i·q + a</c>), then one
/// q×q block per site pair i &lt; j in row-major pair order, <c>J_ij(a, b)</c> at <c>a·q + b</c>
/// (a the state at i). q = 20: gaps are not a state (plmc <c>-g</c>).
/// </summary>
internal readonly record struct PottsLayout(int SiteCount)
{
    /// <summary>States per site.</summary>
    public const int Q = 20;

    /// <summary>Entries of one pair block.</summary>
    public const int QQ = Q * Q;

    /// <summary>Number of site pairs L(L−1)/2.</summary>
    public int PairCount => SiteCount * (SiteCount - 1) / 2;

    /// <summary>Offset of the first coupling.</summary>
    public int CouplingStart => SiteCount * Q;

    /// <summary>Length of the parameter vector.</summary>
    public long ParameterCount => CouplingStart + (long)PairCount * QQ;

    /// <summary>Index of pair (i, j), i &lt; j.</summary>
    public int PairIndex(int i, int j) => i * SiteCount - i * (i + 1) / 2 + (j - i - 1);

    /// <summary>Offset of pair (i, j)'s block, i &lt; j.</summary>
    public long PairOffset(int i, int j) => CouplingStart + (long)PairIndex(i, j) * QQ;
}
