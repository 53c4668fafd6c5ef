using System.Buffers;
using System.Globalization;
using System.Text;

namespace Pg2.Datasets.Assays;

/// <summary>
/// Writes an assay table as UTF-8 CSV (RFC 4180 quoting, LF line ends, empty cell for null). Text read from
/// an archive is copied as bytes, numbers are formatted round-trip (<c>R</c>) straight into the buffer.
/// </summary>
internal static class AssayCsvWriter
{
    private static readonly SearchValues<byte> NeedsQuotes = SearchValues.Create(",\"\r\n"u8);

    public static void Write(AssayTable table, Stream output)
    {
        var buffered = new BufferedStream(output, 1 << 20); // not disposed: the caller owns output
        var scratch = new byte[64];
        for (int c = 0; c < table.Columns.Count; c++)
        {
            if (c > 0) buffered.WriteByte((byte)',');
            Cell(buffered, Encoding.UTF8.GetBytes(table.Columns[c].Name));
        }
        buffered.WriteByte((byte)'\n');
        for (int r = 0; r < table.RowCount; r++)
        {
            for (int c = 0; c < table.Columns.Count; c++)
            {
                if (c > 0) buffered.WriteByte((byte)',');
                switch (table.Columns[c])
                {
                    case NumericColumn n:
                        if (!double.IsNaN(n.Values[r]) && n.Values[r].TryFormat(scratch, out int written, "R", CultureInfo.InvariantCulture))
                            buffered.Write(scratch, 0, written);
                        break;
                    case TextColumn t when t.TryGetUtf8(r, out var bytes):
                        Cell(buffered, bytes);
                        break;
                    case var other:
                        Cell(buffered, Encoding.UTF8.GetBytes(other.Format(r)));
                        break;
                }
            }
            buffered.WriteByte((byte)'\n');
        }
        buffered.Flush();
    }

    private static void Cell(Stream s, ReadOnlySpan<byte> cell)
    {
        if (!cell.ContainsAny(NeedsQuotes))
        {
            s.Write(cell);
            return;
        }
        s.WriteByte((byte)'"');
        foreach (var b in cell)
        {
            if (b == '"') s.WriteByte((byte)'"');
            s.WriteByte(b);
        }
        s.WriteByte((byte)'"');
    }
}
