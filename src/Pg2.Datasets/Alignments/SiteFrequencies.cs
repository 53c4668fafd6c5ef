namespace Pg2.Datasets.Alignments;

/// <summary>
/// Weighted residue frequencies f_i(a) at each focus site, gaps left out and each site normalised over
/// the 20 residues (plmc with <c>-g</c>); a site with no residue at all gets the flat 1/20.
/// </summary>
public sealed class SiteFrequencies
{
    private readonly double[] _values;

    private SiteFrequencies(double[] values, int siteCount)
    {
        _values = values;
        SiteCount = siteCount;
    }

    /// <summary>Number of sites.</summary>
    public int SiteCount { get; }

    /// <summary>All frequencies, site-major: <c>[i * 20 + a]</c>, a indexing <see cref="ProteinAlphabet.Residues"/>.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The 20 frequencies of site <paramref name="site"/>.</summary>
    public ReadOnlySpan<double> Site(int site) =>
        _values.AsSpan(site * ProteinAlphabet.ResidueCount, ProteinAlphabet.ResidueCount);

    /// <summary>Counts the weighted frequencies.</summary>
    public static SiteFrequencies Compute(EncodedAlignment alignment, SequenceWeights weights)
    {
        const int q = ProteinAlphabet.ResidueCount;
        int length = alignment.SiteCount;
        var f = new double[length * q];
        var w = weights.Values;
        for (int s = 0; s < alignment.SequenceCount; s++)
        {
            var row = alignment.Row(s);
            double ws = w[s];
            for (int i = 0; i < length; i++)
                if (row[i] != ProteinAlphabet.Gap) f[i * q + row[i] - 1] += ws;
        }
        for (int i = 0; i < length; i++)
        {
            var site = f.AsSpan(i * q, q);
            double sum = 0;
            foreach (double x in site) sum += x;
            if (sum != 0)
            {
                double inv = 1.0 / sum;
                for (int a = 0; a < q; a++) site[a] *= inv;
            }
            else site.Fill(1.0 / q);
        }
        return new SiteFrequencies(f, length);
    }
}
