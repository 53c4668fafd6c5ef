using System.Globalization;
using System.Text;

namespace Pg2.Datasets.Assays;

/// <summary>One column of an assay table. Columns are typed once, at load time.</summary>
public abstract class AssayColumn
{
    private protected AssayColumn(string name) => Name = name;

    /// <summary>Column name (after the manifest's renames, e.g. <c>sequence</c>).</summary>
    public string Name { get; }

    /// <summary>Number of rows.</summary>
    public abstract int Count { get; }

    /// <summary>True when row <paramref name="row"/> holds no value (empty cell / NaN).</summary>
    public abstract bool IsNull(int row);

    /// <summary>The cell as text, as it would be written back to CSV (empty for null).</summary>
    public abstract string Format(int row);

    /// <summary>A copy of this column under another name (used for the manifest's renames).</summary>
    internal abstract AssayColumn Renamed(string name);

    /// <summary>Hash of one cell, consistent with <see cref="CellEquals"/>.</summary>
    internal abstract int CellHash(int row);

    /// <summary>Whether two cells of this column hold the same value (null equals null).</summary>
    internal abstract bool CellEquals(int a, int b);

    /// <summary><see cref="CellHash"/> of every row (the array may be longer than <see cref="Count"/>).</summary>
    internal virtual int[] CellHashes()
    {
        var h = new int[Count];
        for (int r = 0; r < h.Length; r++) h[r] = CellHash(r);
        return h;
    }
}

/// <summary>A numeric column; null cells are <see cref="double.NaN"/>.</summary>
public sealed class NumericColumn(string name, double[] values) : AssayColumn(name)
{
    /// <summary>The values; NaN marks a missing cell.</summary>
    public double[] Values { get; } = values;

    /// <inheritdoc />
    public override int Count => Values.Length;

    /// <inheritdoc />
    public override bool IsNull(int row) => double.IsNaN(Values[row]);

    /// <inheritdoc />
    public override string Format(int row) =>
        IsNull(row) ? "" : Values[row].ToString("R", CultureInfo.InvariantCulture);

    internal override AssayColumn Renamed(string name) => new NumericColumn(name, Values);

    // NaN == NaN here: two missing cells are the same value for the uniqueness rule (pandas' duplicated).
    internal override int CellHash(int row) => double.IsNaN(Values[row]) ? 0 : Values[row].GetHashCode();

    internal override bool CellEquals(int a, int b) =>
        Values[a] == Values[b] || (double.IsNaN(Values[a]) && double.IsNaN(Values[b]));
}

/// <summary>
/// A text column; null cells are <c>null</c> (an empty CSV cell reads as null).
/// Columns read from CSV keep their cells as one UTF-8 block and create the strings of
/// <see cref="Values"/> only when first asked for, so loading a large archive allocates no string per row.
/// </summary>
public sealed class TextColumn : AssayColumn
{
    private string?[]? _values;
    private readonly byte[]? _utf8;
    private readonly int[]? _starts;
    private readonly int[]? _ends;
    private readonly int[]? _hashes;
    private readonly int _count;

    /// <summary>Creates a column from strings.</summary>
    public TextColumn(string name, string?[] values) : base(name)
    {
        _values = values;
        _count = values.Length;
    }

    /// <summary>
    /// Creates a column over UTF-8 cells: cell i is <c>utf8[starts[i]..ends[i]]</c> (empty = null). The block may be
    /// shared with other columns (the whole CSV, read once).
    /// </summary>
    internal TextColumn(string name, byte[] utf8, int[] starts, int[] ends, int count, int[]? hashes = null) : base(name)
    {
        _utf8 = utf8;
        _starts = starts;
        _ends = ends;
        _count = count;
        _hashes = hashes;
    }

    private TextColumn(string name, TextColumn other) : base(name)
    {
        _values = other._values;
        _utf8 = other._utf8;
        _starts = other._starts;
        _ends = other._ends;
        _hashes = other._hashes;
        _count = other._count;
    }

    /// <summary>The values; null marks a missing cell. Created on first use for columns read from CSV.</summary>
    public string?[] Values => _values ?? LazyInitializer.EnsureInitialized(ref _values, Materialize);

    /// <inheritdoc />
    public override int Count => _count;

    /// <inheritdoc />
    public override bool IsNull(int row) =>
        _utf8 is null ? string.IsNullOrEmpty(_values![row]) : Start(row) == _ends![row];

    /// <inheritdoc />
    public override string Format(int row) => Values[row] ?? "";

    /// <summary>Length in characters of a cell (0 for null), without creating its string for ASCII cells.</summary>
    public int CellLength(int row)
    {
        if (_utf8 is null) return _values![row]?.Length ?? 0;
        var bytes = Utf8(row);
        return Ascii.IsValid(bytes) ? bytes.Length : Encoding.UTF8.GetCharCount(bytes);
    }

    internal override AssayColumn Renamed(string name) => new TextColumn(name, this);

    internal override int[] CellHashes() => _hashes ?? base.CellHashes(); // may be longer than Count

    internal override int CellHash(int row)
    {
        if (_hashes is not null) return _hashes[row];
        if (_utf8 is not null) return IsNull(row) ? 0 : CellHashing.Hash(Utf8(row));
        return string.IsNullOrEmpty(_values![row]) ? 0 : StringComparer.Ordinal.GetHashCode(_values[row]!);
    }

    internal override bool CellEquals(int a, int b) =>
        _utf8 is not null
            ? Utf8(a).SequenceEqual(Utf8(b))
            : string.Equals(_values![a] ?? "", _values[b] ?? "", StringComparison.Ordinal);

    /// <summary>The cell's UTF-8 bytes when the column was read from CSV (no string made); false otherwise.</summary>
    internal bool TryGetUtf8(int row, out ReadOnlySpan<byte> bytes)
    {
        bytes = _utf8 is null ? default : Utf8(row);
        return _utf8 is not null;
    }

    private int Start(int row) => _starts![row];

    private ReadOnlySpan<byte> Utf8(int row) => _utf8.AsSpan(Start(row), _ends![row] - Start(row));

    private string?[] Materialize()
    {
        var values = new string?[_count];
        for (int i = 0; i < _count; i++)
        {
            var bytes = Utf8(i);
            values[i] = bytes.IsEmpty ? null : Encoding.UTF8.GetString(bytes);
        }
        return values;
    }
}
