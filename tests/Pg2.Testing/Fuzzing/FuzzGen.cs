using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Pg2.Fuzzing;

/// <summary>
/// FsCheck generators of edits. Values come from lists of what breaks parsers (numbers at the edge of
/// range, NA spellings, quotes, separators, path-like names); positions are plain integers taken modulo
/// the input's length by the edits themselves.
/// </summary>
internal static class FuzzGen
{
    /// <summary>Cell and value replacements: numbers out of range, NaN/inf spellings, empty, quotes, separators.</summary>
    public static readonly string[] HostileValues =
    [
        "", " ", "NaN", "nan", "-nan", "inf", "-inf", "Infinity", "-Infinity", "1e308", "-1e308", "1e309", "-1e309",
        "1.7976931348623157e308", "4.9e-324", "-0", "-1", "0", "1", "2", "2147483647", "2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "99999999999999999999999999", "0x1F", "1,5", "1.5.2", "1e", "--1",
        "\"", "\"\"", "\"a\"b\"", "\"unterminated", "'", "true", "false", "[", "]", "{", "}", "[[x]]", "= 1", "#", "\\",
        "NA", "None", "null", "<NA>", "#N/A", "H24Z", "A10C:A10D", "a10c", "M0A", "M-1A", "M99999999999A", "X1Y:",
        "../../x", "/tmp/x", "C:\\x", "é", "\u00A0", "\u0000", "\uFEFF", "\uFFFD", "\t", "ACDEFGHIKLMNPQRSTVWY", ">",
        new string('A', 5000), new string('9', 400), "1" + new string('0', 400),
    ];

    /// <summary>Whole lines to insert: section headers, duplicate keys, FASTA headers, JSON fragments.</summary>
    public static readonly string[] HostileLines =
    [
        "", "[assays_meta]", "[[assays]]", "[hyper_params]", "[[datasets]]", "[[models]]", "name = \"x\"", "name = 1",
        "name = \"../../x\"", "folds = 1000000", "folds = -1", "offset = 1e308", "x = [1, \"a\"]", "a.b.c = {", "\"\"\"",
        ">", "> ", ">id", ">id with spaces", "#comment", "ACDEF", "acdef...", "-----", "*", ",,,,", "a,b,c,d,e,f,g,h",
        "sequence,test,pred", "{", "}", "[", "]", "\"k\": 1,", "\"k\": [1, 2", "\"k\": {\"nested\": true}", "\u0000\u0001",
    ];

    /// <summary>Entry names for renames and additions.</summary>
    public static readonly string[] HostileNames =
    [
        "../x", "../../etc/passwd", "/abs/manifest.toml", "C:/x", "a\\..\\..\\b", "dir/", "./manifest.toml",
        "MANIFEST.TOML", "manifest.toml", "manifest.lock", "assays.csv", "assays/Assay1.csv", "msa.a2m", "x.csv",
        "é.csv", " manifest.toml", "manifest.toml ", "a//b", "assays.csv/", "...", "\u0001",
    ];

    private static readonly byte[][] OverwriteRuns =
    [
        [0xFF, 0xFF, 0xFF, 0xFF], [0x00, 0x00, 0x00, 0x00], [0xFF, 0xFF, 0xFF, 0x7F], [0x50, 0x4B, 0x03, 0x04],
        [0x50, 0x4B, 0x01, 0x02], [0x50, 0x4B, 0x05, 0x06], [0xFF, 0xFF], [0x00], [0x0A], [0x22], [0x2C], [0xC3], [0xFE, 0xFF],
    ];

    private static Gen<int> Position => Gen.Choose(0, 1 << 30);

    public static Gen<ByteEdit> ByteEdit { get; } = Gen.Frequency(
        (5, Gen.Zip(Position, Gen.Choose(0, 7), (p, b) => (ByteEdit)new ByteEdit.BitFlip(p, b))),
        (2, Gen.Zip(Position, Gen.Elements(OverwriteRuns), (p, r) => (ByteEdit)new ByteEdit.Overwrite(p, r))),
        (2, Gen.Zip(Position, Gen.OneOf(Gen.Elements(OverwriteRuns), Gen.Elements(HostileValues).Select(v => Encoding.UTF8.GetBytes(v))),
            (p, r) => (ByteEdit)new ByteEdit.Insert(p, r))),
        (2, Gen.Zip(Position, Gen.Choose(1, 64), (p, n) => (ByteEdit)new ByteEdit.Delete(p, n))),
        (1, Position.Select(p => (ByteEdit)new ByteEdit.Truncate(p))));

    public static Gen<TextEdit> TextEdit { get; } = Gen.Frequency(
        (5, from l in Position from c in Position from v in Gen.Elements(HostileValues) select (TextEdit)new TextEdit.ReplaceCell(l, c, v)),
        (2, Gen.Zip(Position, Gen.Elements(HostileValues), (int c, string v) => (TextEdit)new TextEdit.ReplaceCell(0, c, v))), // header edit
        (4, Gen.Zip(Position, Gen.Elements(HostileValues), (l, v) => (TextEdit)new TextEdit.ReplaceValue(l, v))),
        (2, Gen.Zip(Position, Gen.Elements(HostileLines), (l, v) => (TextEdit)new TextEdit.InsertLine(l, v))),
        (2, Position.Select(l => (TextEdit)new TextEdit.DeleteLine(l))),
        (2, Position.Select(l => (TextEdit)new TextEdit.DuplicateLine(l))),
        (3, from l in Position from c in Position from n in Gen.Choose(0, 8)
            from v in Gen.OneOf(Gen.Constant(""), Gen.Elements(HostileValues))
            select (TextEdit)new TextEdit.Splice(l, c, n, v)),
        (1, Gen.Constant((TextEdit)new TextEdit.CrLf())));

    public static Gen<EntryEdit> EntryEdit { get; } = Gen.Frequency(
        (2, Gen.Zip(Position, Gen.Elements(HostileNames), (i, n) => (EntryEdit)new EntryEdit.Rename(i, n))),
        (1, Gen.Zip(Position, Position, (i, s) => (EntryEdit)new EntryEdit.RenameToSibling(i, s))),
        (1, Position.Select(i => (EntryEdit)new EntryEdit.Duplicate(i))),
        (1, Position.Select(i => (EntryEdit)new EntryEdit.Drop(i))),
        (1, Gen.Zip(Gen.Elements(HostileNames), Gen.Elements(HostileLines), (n, t) => (EntryEdit)new EntryEdit.Add(n, t))),
        (8, Gen.Zip(Position, TextEdit, (i, e) => (EntryEdit)new EntryEdit.EditText(i, e))),
        (2, Gen.Zip(Position, ByteEdit, (i, e) => (EntryEdit)new EntryEdit.EditBytes(i, e))));

    /// <summary>Between <paramref name="min"/> and <paramref name="max"/> items.</summary>
    public static Gen<T[]> Some<T>(Gen<T> item, int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(item, n));

    /// <summary>Archive cases: 0–3 entry edits, and zip byte edits in a third of the cases.</summary>
    public static Arbitrary<ArchiveCase> Archives(IReadOnlyList<FuzzSeed<IReadOnlyList<ArchiveEntry>>> seeds)
    {
        var gen =
            from seed in Gen.Elements(seeds.ToArray())
            from entryEdits in Some(EntryEdit, 0, 3)
            from stored in Gen.Elements(true, false)
            from zipEdits in Gen.Frequency((2, Gen.Constant(Array.Empty<ByteEdit>())), (1, Some(ByteEdit, 1, 3)))
            select new ArchiveCase(seed, entryEdits, stored, zipEdits);
        return Arb.From(gen, c => c.Shrink());
    }

    /// <summary>Text cases: 1–4 text edits, and byte edits (invalid UTF-8, cut files) in a quarter of the cases.</summary>
    public static Arbitrary<TextCase> Texts(IReadOnlyList<FuzzSeed<string>> seeds)
    {
        var gen =
            from seed in Gen.Elements(seeds.ToArray())
            from textEdits in Some(TextEdit, 1, 4)
            from byteEdits in Gen.Frequency((3, Gen.Constant(Array.Empty<ByteEdit>())), (1, Some(ByteEdit, 1, 2)))
            select new TextCase(seed, textEdits, byteEdits);
        return Arb.From(gen, c => c.Shrink());
    }
}
