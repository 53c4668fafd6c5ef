using Pg2.Contracts;

namespace Pg2.Datasets.Alignments;

/// <summary>
/// The alignment as plmc models it: the kept sequences over the focus sites, one byte per state
/// (<see cref="ProteinAlphabet"/> codes: 0 gap, 1..20 residues), rows contiguous.
/// A sequence with any character outside the alphabet, in any column (checked before column
/// selection, as plmc does), is discarded whole; so is one whose residues cover less than
/// <c>minimumCoverage</c> of the focus sites (EVcouplings' <c>minimum_sequence_coverage</c>).
/// </summary>
public sealed class EncodedAlignment
{
    private readonly byte[] _states;

    private EncodedAlignment(byte[] states, int sequenceCount, FocusColumns sites, int[] recordIndices,
        int invalidCount, int lowCoverageCount)
    {
        _states = states;
        SequenceCount = sequenceCount;
        Sites = sites;
        RecordIndices = recordIndices;
        InvalidCount = invalidCount;
        LowCoverageCount = lowCoverageCount;
    }

    /// <summary>The modelled sites.</summary>
    public FocusColumns Sites { get; }

    /// <summary>Number of sites (L).</summary>
    public int SiteCount => Sites.Count;

    /// <summary>Number of kept sequences (N).</summary>
    public int SequenceCount { get; }

    /// <summary>Alignment record index of each kept sequence.</summary>
    public IReadOnlyList<int> RecordIndices { get; }

    /// <summary>Sequences discarded for characters outside <c>-ACDEFGHIKLMNPQRSTVWY</c> (X, B, Z, U, O ...).</summary>
    public int InvalidCount { get; }

    /// <summary>Sequences discarded for covering too few focus sites.</summary>
    public int LowCoverageCount { get; }

    /// <summary>All states, sequence-major: row <c>s</c> is <c>[s * L, (s + 1) * L)</c>.</summary>
    public ReadOnlySpan<byte> States => _states;

    /// <summary>The states of sequence <paramref name="sequence"/>.</summary>
    public ReadOnlySpan<byte> Row(int sequence) => _states.AsSpan(sequence * SiteCount, SiteCount);

    /// <summary>
    /// Encodes <paramref name="alignment"/> over its focus columns.
    /// </summary>
    /// <param name="alignment">The alignment; its first record is the focus.</param>
    /// <param name="minimumCoverage">Least fraction of focus sites a kept sequence must cover with residues
    /// (0 keeps all, as plmc alone does; EVcouplings' alignment stage uses 0.5).</param>
    public static EncodedAlignment Encode(Alignment alignment, double minimumCoverage = 0)
    {
        if (minimumCoverage is < 0 or > 1 || double.IsNaN(minimumCoverage))
            throw new InvalidInputException($"minimum sequence coverage must be within [0, 1], got {minimumCoverage}");
        var sites = FocusColumns.Of(alignment);
        int length = sites.Count;
        var columns = sites.Columns.ToArray();
        var states = new byte[alignment.Depth * length];
        var kept = new List<int>(alignment.Depth);
        int invalid = 0, lowCoverage = 0, n = 0;
        double needed = minimumCoverage * length;
        for (int r = 0; r < alignment.Depth; r++)
        {
            var row = alignment.Rows[r];
            if (!AllInAlphabet(row)) { invalid++; continue; }
            var target = states.AsSpan(n * length, length);
            int residues = 0;
            for (int i = 0; i < length; i++)
            {
                byte code = ProteinAlphabet.CodeOf(row[columns[i]]);
                target[i] = code;
                if (code != ProteinAlphabet.Gap) residues++;
            }
            if (residues < needed) { lowCoverage++; continue; }
            kept.Add(r);
            n++;
        }
        if (n == 0)
            throw new InvalidInputException(
                $"alignment '{alignment.FocusId}': no sequence left after discarding {invalid} with invalid characters and {lowCoverage} covering less than {minimumCoverage:P0} of the focus");
        Array.Resize(ref states, n * length);
        return new EncodedAlignment(states, n, sites, kept.ToArray(), invalid, lowCoverage);
    }

    private static bool AllInAlphabet(string row)
    {
        foreach (char c in row)
            if (ProteinAlphabet.CodeOf(c) == ProteinAlphabet.Invalid) return false;
        return true;
    }
}
