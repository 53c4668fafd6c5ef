using System.Globalization;
using System.IO.Compression;
using System.Text;
using Pg2.Datasets.Assays;
using Pg2.Datasets.Numpy;
using Tomlyn.Model;

namespace Pg2.Datasets.Archives;

/// <summary>
/// Writes <see cref="PgdataContent"/> as a <c>.pgdata</c> zip the way proteingym-base's <c>Dataset.dump</c> lays it
/// out (FORMATS.md §C.1): <c>assays/&lt;name&gt;.csv</c>, <c>assays_raw/</c>, <c>sequences/&lt;name&gt;.fasta</c>,
/// <c>structures/</c>, <c>msas/</c> (weights as <c>msas/&lt;name&gt;_weights.npy</c>) and <c>manifest.lock</c> in the
/// chosen schema. Entry names are derived from object names with anything but letters, digits, <c>-_.</c>
/// replaced, so no name can make an entry outside its folder.
/// </summary>
internal static class PgdataWriter
{
    public static void Write(PgdataContent content, Stream output, PgdataSchema schema)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var manifest = new Toml();
        manifest.Add("version", content.Version);
        manifest.Add("name", content.Name);
        manifest.Add("description", content.Description);
        if (schema == PgdataSchema.Rc0) manifest.Add("reference_sequence_name", content.ReferenceSequenceName);
        if (schema == PgdataSchema.Rc0 && content.Publication.Count > 0) manifest.Add("publication", Toml.Of(content.Publication));
        manifest.AddTables("assay_variables", content.AssayVariables.Select(f => FieldToml(f, schema)));
        manifest.AddTables("assay_targets", content.AssayTargets.Select(f => FieldToml(f, schema)));

        var assays = new List<Toml>();
        foreach (var a in content.Assays)
        {
            var path = EntryName(used, "assays/", a.Name, ".csv");
            Add(zip, path, s => AssayCsvWriter.Write(a.Table, s));
            var t = new Toml();
            t.Add("name", a.Name);
            t.Add("description", a.Description);
            if (schema == PgdataSchema.B1)
            {
                t.Add("sequence", AssayTable.SequenceColumn);
                t.Add("sequence_alphabet", a.SequenceAlphabet.Length > 0 ? a.SequenceAlphabet : "AA");
                t.Add("path", path);
                var targets = new Toml();
                foreach (var f in a.Targets) targets.Add(f.Name, f.Name);
                t.Add("targets", targets);
            }
            else
            {
                t.Add("sequence_alphabet", a.SequenceAlphabet);
                t.Add("path", path);
                foreach (var (k, v) in a.Properties) t.Add(k, v);
                // Columns are written under their field names, so aliases are dropped (as Assay.dump does).
                t.AddTables("targets", a.Targets.Select(f => FieldToml(f with { Alias = "" }, schema)));
                t.AddTables("non_targets", a.NonTargets.Select(f => FieldToml(f with { Alias = "" }, schema)));
            }
            if (a.Variables.Count > 0) t.Add("variables", Toml.Of(a.Variables));
            assays.Add(t);
        }
        manifest.AddTables("assays", assays);

        if (schema == PgdataSchema.Rc0)
            manifest.AddTables("assays_raw", content.AssaysRaw.Select(r =>
            {
                var path = EntryName(used, "assays_raw/", r.Name, ".csv");
                Add(zip, path, s => s.Write(r.Csv));
                var t = new Toml();
                t.Add("name", r.Name);
                t.Add("path", path);
                t.Add("description", r.Description);
                t.AddTables("fields", r.Fields.Select(f => FieldToml(f, schema)));
                return t;
            }).ToList());

        manifest.AddTables("sequences", content.Sequences.Select(q =>
        {
            var path = EntryName(used, "sequences/", q.Name, ".fasta");
            Add(zip, path, s => s.Write(Encoding.UTF8.GetBytes(FastaRecord(q))));
            var t = new Toml();
            t.Add("name", q.Name);
            t.Add("type", q.Type);
            t.Add("alphabet", q.Alphabet);
            t.Add("path", path);
            t.Add("description", q.Description);
            foreach (var (k, v) in q.Properties) t.Add(k, v);
            return t;
        }).ToList());

        manifest.AddTables("structures", content.Structures.Select(x =>
        {
            var path = EntryName(used, "structures/", x.Name, x.Extension);
            Add(zip, path, s => s.Write(x.Bytes));
            var t = new Toml();
            t.Add("path", path);
            t.Add("name", x.Name);
            t.Add("description", x.Description);
            foreach (var (k, v) in x.Properties) t.Add(k, v);
            return t;
        }).ToList());

        manifest.AddTables("msas", content.Msas.Select(m =>
        {
            var path = EntryName(used, "msas/", m.Name, m.Extension);
            Add(zip, path, s => s.Write(m.Text));
            var t = new Toml();
            t.Add("path", path);
            t.Add("name", m.Name);
            t.Add("description", m.Description);
            t.Add("format", m.Format);
            foreach (var (k, v) in m.Properties.Where(p => schema == PgdataSchema.Rc0 || p.Key == "metadata")) t.Add(k, v);
            return t;
        }).ToList());

        if (schema == PgdataSchema.Rc0)
            manifest.AddTables("msa_weights", content.MsaWeights.Select(w =>
            {
                var path = EntryName(used, "msas/", w.Name + "_weights", ".npy");
                Add(zip, path, s => NpyFile.Write(s, w.Weights));
                var t = new Toml();
                t.Add("name", w.Name);
                t.Add("path", path);
                return t;
            }).ToList());

        var text = manifest.Format();
        Add(zip, PgdataReader.ManifestFile, s => s.Write(Encoding.UTF8.GetBytes(text)));
    }

    private static Toml FieldToml(PgdataField f, PgdataSchema schema)
    {
        var t = new Toml();
        t.Add("name", f.Name);
        if (f.Value is not null) t.Add("value", f.Value);
        t.Add("unit", f.Unit);
        t.Add("description", f.Description);
        if (schema == PgdataSchema.Rc0)
        {
            t.Add("encoding", f.Encoding);
            t.Add("alias", f.Alias);
        }
        return t;
    }

    private static string FastaRecord(PgdataSequence q)
    {
        var sb = new StringBuilder().Append('>').Append(q.Name);
        if (q.Description.Length > 0) sb.Append(' ').Append(q.Description);
        sb.Append('\n');
        for (int i = 0; i < q.Residues.Length; i += 60)
            sb.Append(q.Residues, i, Math.Min(60, q.Residues.Length - i)).Append('\n');
        return sb.ToString();
    }

    private static void Add(ZipArchive zip, string name, Action<Stream> write)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var s = entry.Open();
        write(s);
    }

    /// <summary><c>folder + name + extension</c> with unsafe characters replaced and a number added on a clash.</summary>
    internal static string EntryName(HashSet<string> used, string folder, string name, string extension)
    {
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '|' ? c : '_')]).TrimStart('.');
        if (safe.Length == 0) safe = "item";
        var candidate = folder + safe + extension;
        for (int i = 1; !used.Add(candidate); i++) candidate = $"{folder}{safe}_{i.ToString(CultureInfo.InvariantCulture)}{extension}";
        return candidate;
    }
}

/// <summary>
/// An ordered TOML table written the way proteingym-base dumps manifests: scalars first, then sub-tables
/// (<c>[a.b]</c>) and arrays of tables (<c>[[a]]</c>); empty strings are omitted (as on dump).
/// </summary>
internal sealed class Toml
{
    private readonly List<KeyValuePair<string, object>> _items = [];

    public static Toml Of(IEnumerable<KeyValuePair<string, object>> items)
    {
        var t = new Toml();
        foreach (var (k, v) in items) t.Add(k, v);
        return t;
    }

    public void Add(string key, object? value)
    {
        if (value is null || value is string { Length: 0 }) return;
        _items.Add(new(key, value is TomlTable table ? Of(table!) : value));
    }

    public void AddTables(string key, IEnumerable<Toml> tables)
    {
        var list = tables.ToList();
        if (list.Count > 0) _items.Add(new(key, list));
    }

    public string Format()
    {
        var sb = new StringBuilder();
        Emit(sb, "");
        return sb.ToString();
    }

    private void Emit(StringBuilder sb, string prefix)
    {
        foreach (var (k, v) in _items)
            if (v is not Toml and not List<Toml> && !(v is TomlTableArray))
                sb.Append(Key(k)).Append(" = ").Append(Value(v)).Append('\n');
        foreach (var (k, v) in _items)
        {
            var name = prefix.Length == 0 ? Key(k) : $"{prefix}.{Key(k)}";
            if (v is Toml t)
            {
                sb.Append('\n').Append('[').Append(name).Append("]\n");
                t.Emit(sb, name);
            }
            else if (v is List<Toml> list)
                foreach (var item in list)
                {
                    sb.Append('\n').Append("[[").Append(name).Append("]]\n");
                    item.Emit(sb, name);
                }
            else if (v is TomlTableArray array)
                foreach (var item in array)
                {
                    sb.Append('\n').Append("[[").Append(name).Append("]]\n");
                    Of(item!).Emit(sb, name);
                }
        }
    }

    private static string Key(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? key : SeedManifestToml.Quote(key);

    private static string Value(object v) => v switch
    {
        string s => SeedManifestToml.Quote(s),
        bool b => b ? "true" : "false",
        long or int => Convert.ToString(v, CultureInfo.InvariantCulture)!,
        double d when double.IsNaN(d) => "nan",
        double d when double.IsPositiveInfinity(d) => "inf",
        double d when double.IsNegativeInfinity(d) => "-inf",
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => d.ToString("0.0", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        TomlArray a => "[" + string.Join(", ", a.Select(x => Value(x!))) + "]",
        IEnumerable<string> list => "[" + string.Join(", ", list.Select(SeedManifestToml.Quote)) + "]",
        TomlTable t => "{ " + string.Join(", ", t.Select(kv => $"{Key(kv.Key)} = {Value(kv.Value!)}")) + " }",
        DateTimeOffset or DateTime => SeedManifestToml.Quote(Convert.ToString(v, CultureInfo.InvariantCulture)!),
        _ => SeedManifestToml.Quote(Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""),
    };
}
