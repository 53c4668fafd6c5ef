using System.Buffers;
using System.Globalization;
using System.Text;
using nietras.SeparatedValues;
using Pg2.Contracts;

namespace Pg2.Datasets.Assays;

/// <summary>
/// Streams an assay CSV into typed columns in one pass: a column is numeric when every non-empty cell
/// parses as a double, otherwise text. Cells are kept as UTF-8 until the column's type is known, so no
/// string is created per row.
/// </summary>
internal static class AssayCsvReader
{
    /// <summary>Cells pandas reads as missing in a numeric column (besides the empty cell).</summary>
    internal static readonly string[] MissingMarkers = ["NA", "N/A", "NaN", "nan", "NULL", "null", "None", "<NA>", "-nan", "-NaN"];

    /// <summary>
    /// Reads <paramref name="stream"/>. <paramref name="only"/>: columns to keep (all when empty; each must exist);
    /// <paramref name="numeric"/>: columns that must be numeric (a bad cell is an error naming its line);
    /// <paramref name="text"/>: columns kept as text even when they look numeric. <paramref name="expectedBytes"/>
    /// (the uncompressed size, if known) pre-sizes the buffers.
    /// </summary>
    public static AssayTable Read(Stream stream, string source, IReadOnlyCollection<string> only,
        IReadOnlySet<string> numeric, IReadOnlySet<string> text, long expectedBytes = -1)
    {
        try
        {
            return ReadCore(stream, source, only, numeric, text, expectedBytes);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidInputException($"{source}: malformed CSV: {FirstLine(e.Message)}", e);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidInputException($"{source}: not valid UTF-8 text", e);
        }
    }

    private static AssayTable ReadCore(Stream stream, string source, IReadOnlyCollection<string> only,
        IReadOnlySet<string> numeric, IReadOnlySet<string> text, long expectedBytes)
    {
        if (expectedBytes is > 0 and < int.MaxValue - 1)
        {
            // Files without quotes (nearly all assay CSVs) take the byte-level path; others fall back to Sep
            // over the bytes already read.
            var fast = QuotelessCsvReader.TryRead(stream, (int)expectedBytes, source, only, numeric, text, out var buffer, out int filled);
            if (fast is not null) return fast;
            return ReadCore(new MemoryStream(buffer, 0, filled, writable: false), source, only, numeric, text, -1);
        }
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(stream);
        var names = reader.Header.ColNames;
        var keep = SelectColumns(names, only, source);
        var builders = keep.Select(i => new ColumnBuilder(names[i], i, numeric.Contains(names[i]), text.Contains(names[i]))).ToArray();
        int rows = 0;
        int capacity = 0;
        foreach (var row in reader)
        {
            if (row.ColCount != names.Count)
            {
                if (row.ColCount == 1 && row[0].Span.IsEmpty) continue; // blank line, skipped as pandas does
                throw new InvalidInputException(
                    $"{source} line {row.LineNumberFrom}: {row.ColCount} fields, expected {names.Count} like the header");
            }
            if (rows == capacity)
            {
                // After a first sample, size every buffer from the mean row length: no growth copies later.
                capacity = rows == 0 ? 1024 : rows == 1024 ? EstimateRows(builders, rows, expectedBytes, rows * 2) : rows * 2;
                foreach (var b in builders) b.Grow(capacity, rows);
            }
            foreach (var b in builders)
                b.Add(row[b.Index].Span, rows, row.LineNumberFrom, source);
            rows++;
        }
        return new AssayTable(builders.Select(b => b.Build(rows)).ToArray());
    }

    /// <summary>Checks the header and returns the indices of the columns to keep, ascending.</summary>
    internal static List<int> SelectColumns(IReadOnlyList<string> names, IReadOnlyCollection<string> only, string source)
    {
        if (names.Count == 0 || (names.Count == 1 && names[0].Length == 0))
            throw new InvalidInputException($"{source}: empty file (expected a header line)");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in names)
            if (!seen.Add(n)) throw new InvalidInputException($"{source}: column '{MessageText.Shown(n)}' appears twice in the header");

        var keep = new List<int>();
        if (only.Count == 0)
            for (int i = 0; i < names.Count; i++) keep.Add(i);
        else
        {
            foreach (var wanted in only)
            {
                int idx = IndexOf(names, wanted);
                if (idx < 0)
                    throw new InvalidInputException(
                        $"{source}: column '{wanted}' named in the manifest is missing (header: {MessageText.Shown(string.Join(",", names), 200)})");
                keep.Add(idx);
            }
            keep.Sort();
        }
        return keep;
    }

    private static int EstimateRows(ColumnBuilder[] builders, int rowsSoFar, long expectedBytes, int fallback)
    {
        if (expectedBytes <= 0) return fallback;
        long bytesSoFar = builders.Sum(b => (long)b.BytesSoFar) + (long)rowsSoFar * (builders.Length + 1);
        double perRow = Math.Max(1.0, (double)bytesSoFar / rowsSoFar);
        long estimate = (long)(expectedBytes / perRow * 1.02) + 16;
        return (int)Math.Clamp(estimate, fallback, Array.MaxLength / 2);
    }

    internal static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
            if (names[i] == name) return i;
        return -1;
    }

    internal static string FirstLine(string s) => s.Split('\n')[0].Trim();

    internal static bool IsMissing(ReadOnlySpan<char> cell)
    {
        if (cell.IsEmpty) return true;
        if (cell.Length > 5) return false;
        foreach (var m in MissingMarkers)
            if (cell.SequenceEqual(m)) return true;
        return false;
    }

    private sealed class ColumnBuilder(string name, int index, bool mustBeNumeric, bool forceText)
    {
        public int Index { get; } = index;
        private bool _numeric = !forceText;
        private double[] _values = [];
        private byte[] _utf8 = [];
        private int[] _ends = [];
        // Hashes of forced-text cells (the sequence column), taken while the cell is in cache, for the uniqueness rule.
        private int[] _hashes = [];
        private int _length;

        public int BytesSoFar => _length;

        public void Grow(int rows, int rowsSoFar)
        {
            if (_numeric) Resize(ref _values, rows, rowsSoFar);
            if (forceText) Resize(ref _hashes, rows, rowsSoFar);
            Resize(ref _ends, rows, rowsSoFar);
            if (rowsSoFar > 0)
            {
                long bytes = (long)((double)_length / rowsSoFar * rows * 1.02) + 64;
                if (bytes > _utf8.Length) Resize(ref _utf8, (int)Math.Min(bytes, Array.MaxLength), _length);
            }
            else if (_utf8.Length < 16 * 1024) Resize(ref _utf8, 16 * 1024, _length);
        }

        public void Add(ReadOnlySpan<char> cell, int row, int line, string source)
        {
            if (_numeric)
            {
                if (IsMissing(cell)) _values[row] = double.NaN;
                else if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) _values[row] = v;
                else if (mustBeNumeric)
                    throw new InvalidInputException(
                        $"{source} line {line}: column '{name}' must be numeric, got '{MessageText.Shown(cell)}'");
                else _numeric = false;
            }
            int start = _length;
            int needed = _length + Encoding.UTF8.GetMaxByteCount(cell.Length);
            if (needed > _utf8.Length)
            {
                long size = Math.Max((long)_utf8.Length * 2, needed);
                if (size > Array.MaxLength)
                    throw new InvalidInputException($"{source}: column '{name}' holds more than 2 GB of text");
                Resize(ref _utf8, (int)size, _length);
            }
            _length += Ascii.FromUtf16(cell, _utf8.AsSpan(_length), out int written) == OperationStatus.Done
                ? written
                : Encoding.UTF8.GetBytes(cell, _utf8.AsSpan(_length));
            _ends[row] = _length;
            if (forceText) _hashes[row] = start == _length ? 0 : CellHashing.Hash(_utf8.AsSpan(start, _length - start));
        }

        public AssayColumn Build(int rows)
        {
            if (_numeric)
            {
                if (_values.Length != rows) Resize(ref _values, rows, rows);
                return new NumericColumn(name, _values);
            }
            var starts = GC.AllocateUninitializedArray<int>(rows);
            for (int i = 0; i < rows; i++) starts[i] = i == 0 ? 0 : _ends[i - 1];
            return new TextColumn(name, _utf8, starts, _ends, rows, forceText ? _hashes : null);
        }

        /// <summary>Grows without zeroing the new part (it is always written before it is read).</summary>
        private static void Resize<T>(ref T[] array, int size, int used)
        {
            var bigger = GC.AllocateUninitializedArray<T>(size);
            array.AsSpan(0, Math.Min(used, Math.Min(array.Length, size))).CopyTo(bigger);
            array = bigger;
        }

    }
}
