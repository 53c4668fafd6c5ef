using System.Text;

namespace Pg2.Datasets.Assays;

/// <summary>Writes an assay table as CSV (RFC 4180 quoting, LF line ends, empty cell for null).</summary>
internal static class AssayCsvWriter
{
    public static void Write(AssayTable table, Stream output)
    {
        using var w = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        w.Write(string.Join(",", table.Columns.Select(c => Escape(c.Name))));
        w.Write('\n');
        for (int r = 0; r < table.RowCount; r++)
        {
            for (int c = 0; c < table.Columns.Count; c++)
            {
                if (c > 0) w.Write(',');
                w.Write(Escape(table.Columns[c].Format(r)));
            }
            w.Write('\n');
        }
    }

    private static string Escape(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"") + "\"";
}
