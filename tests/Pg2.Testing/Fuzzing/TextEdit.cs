namespace Pg2.Fuzzing;

/// <summary>
/// One line- or cell-level edit of a text file (CSV, TOML, FASTA, JSON). Line and cell indexes are taken
/// modulo the counts present, so every edit applies to every text.
/// </summary>
internal abstract record TextEdit
{
    public abstract string Apply(string text);

    protected static int At(int at, int count) => count == 0 ? 0 : (int)((uint)at % (uint)count);

    protected static List<string> Lines(string text) => [.. text.Split('\n')];

    protected static string Join(List<string> lines) => string.Join('\n', lines);

    /// <summary>Replaces one comma-separated cell of one line (line 0 is a CSV header: a header edit).</summary>
    public sealed record ReplaceCell(int Line, int Cell, string Value) : TextEdit
    {
        public override string Apply(string text)
        {
            var lines = Lines(text);
            int l = At(Line, lines.Count);
            var cells = lines[l].Split(',');
            cells[At(Cell, cells.Length)] = Value;
            lines[l] = string.Join(',', cells);
            return Join(lines);
        }
    }

    /// <summary>Replaces what follows the first <c>=</c> or <c>:</c> of a line (a TOML/JSON value edit), else the whole line.</summary>
    public sealed record ReplaceValue(int Line, string Value) : TextEdit
    {
        public override string Apply(string text)
        {
            var lines = Lines(text);
            int l = At(Line, lines.Count);
            int eq = lines[l].IndexOfAny(['=', ':']);
            lines[l] = eq < 0 ? Value : lines[l][..(eq + 1)] + " " + Value;
            return Join(lines);
        }
    }

    /// <summary>Inserts a whole line.</summary>
    public sealed record InsertLine(int Line, string Value) : TextEdit
    {
        public override string Apply(string text)
        {
            var lines = Lines(text);
            lines.Insert(At(Line, lines.Count + 1), Value);
            return Join(lines);
        }
    }

    /// <summary>Deletes one line.</summary>
    public sealed record DeleteLine(int Line) : TextEdit
    {
        public override string Apply(string text)
        {
            var lines = Lines(text);
            lines.RemoveAt(At(Line, lines.Count));
            return Join(lines);
        }
    }

    /// <summary>Repeats one line (a duplicate header, key, record or row).</summary>
    public sealed record DuplicateLine(int Line) : TextEdit
    {
        public override string Apply(string text)
        {
            var lines = Lines(text);
            int l = At(Line, lines.Count);
            lines.Insert(l, lines[l]);
            return Join(lines);
        }
    }

    /// <summary>Deletes or inserts characters inside one line.</summary>
    public sealed record Splice(int Line, int Column, int DeleteCount, string Insert) : TextEdit
    {
        public override string Apply(string text)
        {
            var lines = Lines(text);
            int l = At(Line, lines.Count);
            var s = lines[l];
            int c = At(Column, s.Length + 1);
            int n = Math.Min(DeleteCount, s.Length - c);
            lines[l] = s[..c] + Insert + s[(c + n)..];
            return Join(lines);
        }
    }

    /// <summary>Windows line ends throughout.</summary>
    public sealed record CrLf : TextEdit
    {
        public override string Apply(string text) => text.Replace("\n", "\r\n", StringComparison.Ordinal);
    }
}
