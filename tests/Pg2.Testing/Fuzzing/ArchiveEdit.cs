using System.IO.Compression;
using System.Text;

namespace Pg2.Fuzzing;

/// <summary>One file inside a zip archive.</summary>
internal sealed record ArchiveEntry(string Name, byte[] Content)
{
    public override string ToString() => $"{Name} ({Content.Length} bytes)";
}

/// <summary>
/// One edit of an archive's entry list: rename (to a hostile name or another entry's name), duplicate, drop,
/// add, or an edit of one entry's text or bytes. Indexes are taken modulo the entry count.
/// </summary>
internal abstract record EntryEdit
{
    public abstract void Apply(List<ArchiveEntry> entries);

    protected static int At(int at, int count) => (int)((uint)at % (uint)count);

    public sealed record Rename(int Index, string Name) : EntryEdit
    {
        public override void Apply(List<ArchiveEntry> entries)
        {
            if (entries.Count == 0) return;
            int i = At(Index, entries.Count);
            entries[i] = entries[i] with { Name = Name };
        }
    }

    /// <summary>Renames an entry to another entry's name: two entries with one name.</summary>
    public sealed record RenameToSibling(int Index, int Sibling) : EntryEdit
    {
        public override void Apply(List<ArchiveEntry> entries)
        {
            if (entries.Count < 2) return;
            int i = At(Index, entries.Count);
            entries[i] = entries[i] with { Name = entries[At(Sibling, entries.Count)].Name };
        }
    }

    public sealed record Duplicate(int Index) : EntryEdit
    {
        public override void Apply(List<ArchiveEntry> entries)
        {
            if (entries.Count == 0) return;
            int i = At(Index, entries.Count);
            entries.Insert(i + 1, entries[i]);
        }
    }

    public sealed record Drop(int Index) : EntryEdit
    {
        public override void Apply(List<ArchiveEntry> entries)
        {
            if (entries.Count == 0) return;
            entries.RemoveAt(At(Index, entries.Count));
        }
    }

    public sealed record Add(string Name, string Text) : EntryEdit
    {
        public override void Apply(List<ArchiveEntry> entries) => entries.Add(new ArchiveEntry(Name, Encoding.UTF8.GetBytes(Text)));
    }

    public sealed record EditText(int Index, TextEdit Edit) : EntryEdit
    {
        public override void Apply(List<ArchiveEntry> entries)
        {
            if (entries.Count == 0) return;
            int i = At(Index, entries.Count);
            var text = Encoding.UTF8.GetString(entries[i].Content);
            entries[i] = entries[i] with { Content = Encoding.UTF8.GetBytes(Edit.Apply(text)) };
        }
    }

    public sealed record EditBytes(int Index, ByteEdit Edit) : EntryEdit
    {
        public override void Apply(List<ArchiveEntry> entries)
        {
            if (entries.Count == 0) return;
            int i = At(Index, entries.Count);
            entries[i] = entries[i] with { Content = Edit.Apply(entries[i].Content) };
        }
    }
}

/// <summary>
/// A fuzz case for an archive reader: a valid seed archive, edits of its entries, the compression
/// (stored entries let byte edits of the zip reach the parsers behind it), then edits of the zip's bytes.
/// </summary>
internal sealed record ArchiveCase(FuzzSeed<IReadOnlyList<ArchiveEntry>> Seed, EntryEdit[] EntryEdits, bool Stored, ByteEdit[] ZipEdits)
{
    public byte[] Build()
    {
        var entries = Seed.Value.ToList();
        foreach (var e in EntryEdits) e.Apply(entries);
        var zip = Zip(entries, Stored ? CompressionLevel.NoCompression : CompressionLevel.Fastest);
        foreach (var e in ZipEdits) zip = e.Apply(zip);
        return zip;
    }

    public static byte[] Zip(IEnumerable<ArchiveEntry> entries, CompressionLevel level)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                if (entry.Name.Length == 0) continue; // ZipArchive cannot write a nameless entry
                using var s = zip.CreateEntry(entry.Name, level).Open();
                s.Write(entry.Content);
            }
        }
        return buffer.ToArray();
    }

    public IEnumerable<ArchiveCase> Shrink() =>
        FuzzShrink.Removals(EntryEdits).Select(e => this with { EntryEdits = e })
            .Concat(FuzzShrink.Removals(ZipEdits).Select(z => this with { ZipEdits = z }));

    public override string ToString() =>
        $"{Seed.Name}, stored={Stored}, entry edits [{string.Join("; ", EntryEdits.AsEnumerable())}], zip edits [{string.Join("; ", ZipEdits.AsEnumerable())}]";
}

/// <summary>A fuzz case for a text parser: a valid seed text, text edits, then byte edits of its UTF-8 form.</summary>
internal sealed record TextCase(FuzzSeed<string> Seed, TextEdit[] TextEdits, ByteEdit[] ByteEdits)
{
    public byte[] Build()
    {
        var text = Seed.Value;
        foreach (var e in TextEdits) text = e.Apply(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        foreach (var e in ByteEdits) bytes = e.Apply(bytes);
        return bytes;
    }

    public IEnumerable<TextCase> Shrink() =>
        FuzzShrink.Removals(TextEdits).Select(e => this with { TextEdits = e })
            .Concat(FuzzShrink.Removals(ByteEdits).Select(b => this with { ByteEdits = b }));

    public override string ToString() =>
        $"{Seed.Name}, text edits [{string.Join("; ", TextEdits.AsEnumerable())}], byte edits [{string.Join("; ", ByteEdits.AsEnumerable())}]";
}

/// <summary>A named valid input a case starts from (the name keeps failure reports short).</summary>
internal sealed record FuzzSeed<T>(string Name, T Value)
{
    public override string ToString() => Name;
}

/// <summary>Shrinking by dropping edits: a failing case shrinks to the fewest edits that still fail.</summary>
internal static class FuzzShrink
{
    public static IEnumerable<T[]> Removals<T>(T[] items)
    {
        for (int i = 0; i < items.Length; i++)
            yield return [.. items[..i], .. items[(i + 1)..]];
    }
}
