namespace Pg2.Datasets.Alignments;

/// <summary>Text formats of multiple sequence alignments.</summary>
public enum AlignmentFormat
{
    /// <summary>a2m: equal-width rows; upper case and <c>-</c> are match columns, lower case and <c>.</c> insert columns (kept).</summary>
    A2m,
    /// <summary>a3m: like a2m but insertions (lower case, <c>.</c>) are left out of other rows, so they are removed on read.</summary>
    A3m,
    /// <summary>Aligned FASTA: equal-width rows read as they are.</summary>
    Fasta,
}
