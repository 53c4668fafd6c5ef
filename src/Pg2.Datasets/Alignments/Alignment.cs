namespace Pg2.Datasets.Alignments;

/// <summary>
/// A multiple sequence alignment: records of equal width, the first one the focus (query) sequence.
/// Rows keep the file's case: upper case and <c>-</c> are match columns; in a2m files lower case
/// marks columns where the focus is not modelled. a3m insertions (lower case, <c>.</c>) are removed
/// on read so all rows have equal width.
/// </summary>
public sealed class Alignment
{
    /// <summary>Creates an alignment; every row must have the same width.</summary>
    public Alignment(IReadOnlyList<string> ids, IReadOnlyList<string> rows)
    {
        if (ids.Count != rows.Count) throw new ArgumentException("ids and rows differ in count");
        if (rows.Count == 0) throw new InvalidInputException("alignment has no sequences");
        Ids = ids;
        Rows = rows;
        Width = rows[0].Length;
        for (int i = 1; i < rows.Count; i++)
            if (rows[i].Length != Width)
                throw new InvalidInputException(
                    $"alignment record {i + 1} ('{ids[i]}') has width {rows[i].Length}, expected {Width} like the focus sequence");
    }

    /// <summary>Record ids (header lines without the leading <c>&gt;</c> and description).</summary>
    public IReadOnlyList<string> Ids { get; }
    /// <summary>Aligned rows, all of <see cref="Width"/> characters.</summary>
    public IReadOnlyList<string> Rows { get; }
    /// <summary>Number of columns.</summary>
    public int Width { get; }
    /// <summary>Number of sequences (the alignment's depth).</summary>
    public int Depth => Rows.Count;
    /// <summary>The focus (first) record's id.</summary>
    public string FocusId => Ids[0];
    /// <summary>The focus (first) row.</summary>
    public string FocusRow => Rows[0];
}
