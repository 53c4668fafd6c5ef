using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Pg2.Contracts;

namespace Pg2.Datasets.Assays;

/// <summary>
/// The fast path of <see cref="AssayCsvReader"/> for CSV without quote characters: the file is read once into
/// one UTF-8 block, lines and fields are found with vectorised searches while the rest is still arriving,
/// numbers are parsed straight from the bytes, and text columns point into the block — no copy, no
/// per-cell string. Gives up (returns null) at the first <c>"</c>, handing over the bytes read so far.
/// </summary>
internal static class QuotelessCsvReader
{
    // The same markers as the general reader, as UTF-8: one list, so the two paths cannot drift.
    private static readonly byte[][] MissingMarkers =
        [.. AssayCsvReader.MissingMarkers.Select(m => System.Text.Encoding.UTF8.GetBytes(m))];

    /// <summary>
    /// Reads the whole stream (<paramref name="size"/> bytes expected). Returns the table, or null when a quote
    /// was seen; then <paramref name="buffer"/>[0..<paramref name="filled"/>] holds the complete file.
    /// </summary>
    public static AssayTable? TryRead(Stream stream, int size, string source, IReadOnlyCollection<string> only,
        IReadOnlySet<string> numeric, IReadOnlySet<string> text, out byte[] buffer, out int filled)
    {
        buffer = GC.AllocateUninitializedArray<byte>(size + 1);
        filled = 0;
        var state = new Scan(source, only, numeric, text);
        int parsed = 0;
        bool quoted = false;
        while (true)
        {
            if (filled == buffer.Length) Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
            int n = stream.Read(buffer, filled, buffer.Length - filled);
            if (n == 0) break;
            var chunk = buffer.AsSpan(filled, n);
            filled += n;
            if (quoted) continue;
            if (chunk.Contains((byte)'"'))
            {
                quoted = true; // keep reading the rest for the general parser
                continue;
            }
            int lastNewline = buffer.AsSpan(parsed, filled - parsed).LastIndexOf((byte)'\n');
            if (lastNewline < 0) continue;
            int end = parsed + lastNewline + 1;
            state.Lines(buffer, parsed, end);
            parsed = end;
        }
        if (quoted) return null;
        if (parsed < filled) state.Lines(buffer, parsed, filled);
        return state.Finish(buffer);
    }

    private sealed class Scan(string source, IReadOnlyCollection<string> only, IReadOnlySet<string> numeric, IReadOnlySet<string> text)
    {
        private int _line; // 1-based number of the last line scanned
        private int _fieldCount = -1;
        private Column[] _columns = [];
        private int[] _columnOfField = [];
        private int _rows, _capacity;
        private long _size;
        private int _firstRow;

        public void Lines(byte[] buffer, int start, int end)
        {
            if (!Utf8.IsValid(buffer.AsSpan(start, end - start)))
                throw new InvalidInputException($"{source}: not valid UTF-8 text (near line {_line + 1})");
            _size = Math.Max(_size, buffer.Length - 1);
            int pos = start;
            if (_fieldCount < 0)
            {
                int nl = buffer.AsSpan(pos, end - pos).IndexOf((byte)'\n');
                int lineEnd = nl < 0 ? end : pos + nl;
                int headerEnd = lineEnd > pos && buffer[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
                _line++;
                Header(buffer, pos, headerEnd);
                pos = nl < 0 ? end : lineEnd + 1;
                _firstRow = pos;
            }
            Rows(buffer, pos, end);
        }

        /// <summary>
        /// Data lines in [pos, end): one vectorised search per field for the next ',' or '\n', so each byte is
        /// looked at once.
        /// </summary>
        private void Rows(byte[] buffer, int pos, int end)
        {
            while (pos < end)
            {
                _line++;
                int field = 0, fieldStart = pos;
                while (true)
                {
                    int k = buffer.AsSpan(pos, end - pos).IndexOfAny((byte)',', (byte)'\n');
                    int delimiter = k < 0 ? end : pos + k;
                    bool endOfLine = k < 0 || buffer[delimiter] == '\n';
                    int fieldEnd = endOfLine && delimiter > fieldStart && buffer[delimiter - 1] == '\r' ? delimiter - 1 : delimiter;
                    pos = delimiter + 1;
                    if (field == 0)
                    {
                        if (endOfLine && fieldEnd == fieldStart) break; // blank line, skipped as pandas does
                        if (_rows == _capacity) Grow(fieldStart);
                    }
                    if (field < _fieldCount && _columnOfField[field] is var c and >= 0)
                        _columns[c].Add(buffer, fieldStart, fieldEnd, _rows, _line, source);
                    field++;
                    if (endOfLine)
                    {
                        if (field != _fieldCount)
                            throw new InvalidInputException(
                                $"{source} line {_line}: {field} fields, expected {_fieldCount} like the header");
                        _rows++;
                        break;
                    }
                    fieldStart = pos;
                }
            }
        }

        private void Grow(int rowStart)
        {
            // Size every array from the mean row length seen so far: no growth copies later.
            _capacity = _rows == 0 ? 1024
                : _rows == 1024 ? (int)Math.Clamp((_size - _firstRow) / ((double)(rowStart - _firstRow) / _rows) * 1.02 + 16, 2048, Array.MaxLength / 2)
                : _rows * 2;
            foreach (var c in _columns) c.Grow(_capacity, _rows);
        }

        private void Header(byte[] buffer, int start, int end)
        {
            var span = buffer.AsSpan(start, end - start);
            if (span.StartsWith("\uFEFF"u8)) span = span[3..];
            var names = Encoding.UTF8.GetString(span).Split(',');
            var keep = AssayCsvReader.SelectColumns(names, only, source);
            _fieldCount = names.Length;
            _columnOfField = Enumerable.Repeat(-1, names.Length).ToArray();
            _columns = new Column[keep.Count];
            for (int i = 0; i < keep.Count; i++)
            {
                var name = names[keep[i]];
                _columns[i] = new Column(name, numeric.Contains(name), text.Contains(name));
                _columnOfField[keep[i]] = i;
            }
        }

        public AssayTable Finish(byte[] buffer)
        {
            if (_fieldCount < 0) throw new InvalidInputException($"{source}: empty file (expected a header line)");
            return new AssayTable(_columns.Select(c => c.Build(buffer, _rows)).ToArray());
        }
    }

    private sealed class Column(string name, bool mustBeNumeric, bool forceText)
    {
        private bool _numeric = !forceText;
        private double[] _values = [];
        private int[] _starts = [];
        private int[] _ends = [];
        private int[] _hashes = [];

        public void Grow(int rows, int used)
        {
            if (_numeric) Resize(ref _values, rows, used);
            if (forceText) Resize(ref _hashes, rows, used);
            Resize(ref _starts, rows, used);
            Resize(ref _ends, rows, used);
        }

        public void Add(byte[] buffer, int start, int end, int row, int line, string source)
        {
            _starts[row] = start;
            _ends[row] = end;
            var cell = buffer.AsSpan(start, end - start);
            if (forceText)
            {
                _hashes[row] = cell.IsEmpty ? 0 : CellHashing.Hash(cell);
            }
            else if (_numeric)
            {
                if (IsMissing(cell)) _values[row] = double.NaN;
                else if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) _values[row] = v;
                else if (mustBeNumeric)
                    throw new InvalidInputException(
                        $"{source} line {line}: column '{name}' must be numeric, got '{MessageText.Shown(Encoding.UTF8.GetString(cell))}'");
                else _numeric = false;
            }
        }

        public AssayColumn Build(byte[] buffer, int rows)
        {
            if (_numeric)
            {
                if (_values.Length != rows) Resize(ref _values, rows, rows);
                return new NumericColumn(name, _values);
            }
            return new TextColumn(name, buffer, _starts, _ends, rows, forceText ? _hashes : null);
        }

        private static bool IsMissing(ReadOnlySpan<byte> cell)
        {
            if (cell.IsEmpty) return true;
            if (cell.Length > 5) return false;
            foreach (var m in MissingMarkers)
                if (cell.SequenceEqual(m)) return true;
            return false;
        }

        private static void Resize<T>(ref T[] array, int size, int used)
        {
            var bigger = GC.AllocateUninitializedArray<T>(size);
            array.AsSpan(0, Math.Min(used, Math.Min(array.Length, size))).CopyTo(bigger);
            array = bigger;
        }
    }
}
