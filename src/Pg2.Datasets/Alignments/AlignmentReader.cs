using System.Text;
using Pg2.Contracts;

namespace Pg2.Datasets.Alignments;

/// <summary>
/// Reads a2m, a3m and aligned FASTA files in one streaming pass. The first record is the focus
/// sequence. a3m insertions (lower case, <c>.</c>) are dropped so every row has the focus row's width;
/// a2m and FASTA rows are kept as written and must already have equal width.
/// </summary>
public static class AlignmentReader
{
    /// <summary>Reads the alignment at <paramref name="path"/>, choosing the format from its extension.</summary>
    public static Alignment Read(string path)
    {
        var format = FormatOf(path);
        if (!File.Exists(path))
            throw new InvalidInputException($"alignment file '{path}' does not exist", ExitCodes.FileNotFound);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
            FileOptions.SequentialScan);
        return Read(stream, format, path);
    }

    /// <summary>
    /// Reads an alignment from <paramref name="stream"/>; <paramref name="sourceName"/> names it in error messages.
    /// </summary>
    public static Alignment Read(Stream stream, AlignmentFormat format, string sourceName)
    {
        var ids = new List<string>();
        var rows = new List<string>();
        foreach (var (id, row) in Records(stream, format, sourceName))
        {
            ids.Add(id);
            rows.Add(row);
        }
        return new Alignment(ids, rows);
    }

    /// <summary>
    /// The records of an alignment one at a time, in file order, with the checks of <see cref="Read(Stream, AlignmentFormat, string)"/>
    /// (equal widths, a3m insertions dropped, at least one record with columns), holding one record in
    /// memory: for copying alignments of millions of sequences.
    /// </summary>
    public static IEnumerable<(string Id, string Row)> Records(Stream stream, AlignmentFormat format, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16,
            leaveOpen: true);
        var row = new StringBuilder(1024);
        bool dropInsertions = format == AlignmentFormat.A3m;
        string? id = null, focusId = null;
        int lineNumber = 0, count = 0;
        int width = -1;

        (string, string) Finish()
        {
            if (width < 0)
            {
                width = row.Length;
                focusId = id;
                if (width == 0)
                    throw new InvalidInputException($"{sourceName}: focus record '{id}' has no aligned columns");
            }
            else if (row.Length != width)
                throw new InvalidInputException(
                    $"{sourceName}: record {count + 1} ('{id}') has {row.Length} aligned columns, expected {width} like the focus record '{focusId}'");
            count++;
            var record = (id!, row.ToString());
            row.Clear();
            return record;
        }

        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var span = line.AsSpan().TrimEnd();
            if (span.IsEmpty) continue;
            if (span[0] == '>')
            {
                if (id is not null) yield return Finish();
                var header = line.AsSpan().TrimEnd()[1..].TrimStart();
                int end = header.IndexOfAny(' ', '\t');
                id = (end < 0 ? header : header[..end]).ToString();
                if (id.Length == 0)
                    throw new InvalidInputException($"{sourceName}: line {lineNumber}: header without a sequence id");
                continue;
            }
            if (id is null)
            {
                // hhblits a3m files may open with a '#' comment line.
                if (span[0] == '#' && count == 0) continue;
                throw new InvalidInputException(
                    $"{sourceName}: line {lineNumber}: expected a '>' header before sequence data");
            }
            if (dropInsertions)
            {
                foreach (char c in span)
                    if (!(char.IsAsciiLetterLower(c) || c == '.')) row.Append(c);
            }
            else row.Append(span);
        }
        if (id is not null) yield return Finish();
        if (count == 0)
            throw new InvalidInputException($"{sourceName}: alignment has no sequences (expected FASTA records starting with '>')");
    }

    /// <summary>
    /// The format for a file name: <c>.a2m</c>, <c>.a3m</c>, or aligned FASTA for <c>.fasta</c>, <c>.fa</c>,
    /// <c>.fas</c>, <c>.afa</c>, <c>.aln</c>, <c>.faa</c>.
    /// </summary>
    public static AlignmentFormat FormatOf(string fileName)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        return ext switch
        {
            ".a2m" => AlignmentFormat.A2m,
            ".a3m" => AlignmentFormat.A3m,
            ".fasta" or ".fa" or ".fas" or ".afa" or ".aln" or ".faa" => AlignmentFormat.Fasta,
            _ => throw new InvalidInputException(
                $"alignment file '{fileName}': unknown extension '{ext}' (expected .a2m, .a3m or aligned FASTA .fasta/.fa/.afa)"),
        };
    }
}
