using Pg2.Contracts;

namespace Pg2.Datasets.Alignments;

/// <summary>
/// A multiple sequence alignment: records of equal width, the first one the focus (query) sequence.
/// Rows keep the file's case: upper case and <c>-</c> are match columns; in a2m files lower case
/// (and <c>.</c>) marks columns where the focus is not modelled. a3m insertions (lower case, <c>.</c>)
/// are removed on read so all rows have equal width.
/// </summary>
public sealed class Alignment
{
    private int[]? _residueNumbers;
    private string? _focusSequence;

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
        RegionStart = ParseRegionStart(ids[0]);
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

    /// <summary>
    /// Residue number of the focus row's first residue: <c>start</c> of an id like <c>DYR_ECOLI/1-159</c>,
    /// 1 when the id carries no region.
    /// </summary>
    public int RegionStart { get; }

    /// <summary>The focus row's residues (either case, upper-cased), gaps removed.</summary>
    public string FocusSequence => _focusSequence ??= BuildFocusSequence(FocusRow);

    /// <summary>
    /// Residue number (in the focus protein's numbering) of the focus residue in <paramref name="column"/>:
    /// <see cref="RegionStart"/> plus the focus residues (either case) before the column; -1 where the focus
    /// has a gap. Not the column index: a2m focus rows can have gap columns.
    /// </summary>
    public int ResidueNumberOfColumn(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Width);
        _residueNumbers ??= BuildResidueNumbers(FocusRow, RegionStart);
        return _residueNumbers[column];
    }

    /// <summary>True for a gap character of an alignment row (<c>-</c> or <c>.</c>).</summary>
    public static bool IsGap(char c) => c is '-' or '.';

    private static string BuildFocusSequence(string row)
    {
        var chars = new char[row.Length];
        int n = 0;
        foreach (char c in row)
            if (!IsGap(c)) chars[n++] = char.ToUpperInvariant(c);
        return new string(chars, 0, n);
    }

    private static int[] BuildResidueNumbers(string row, int start)
    {
        var numbers = new int[row.Length];
        int next = start;
        for (int c = 0; c < row.Length; c++)
            numbers[c] = IsGap(row[c]) ? -1 : next++;
        return numbers;
    }

    // "ID/start-end" (a2m from jackhmmer / EVcouplings); anything else starts at residue 1.
    private static int ParseRegionStart(string id)
    {
        int slash = id.LastIndexOf('/');
        if (slash < 0) return 1;
        var region = id.AsSpan(slash + 1);
        int dash = region.IndexOf('-');
        if (dash <= 0) return 1;
        return int.TryParse(region[..dash], System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out int start) && dash < region.Length - 1
            ? start
            : 1;
    }
}
