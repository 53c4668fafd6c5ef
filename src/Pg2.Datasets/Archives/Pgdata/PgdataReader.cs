using System.Text;
using Pg2.Contracts;
using Pg2.Datasets.Assays;
using Pg2.Datasets.Numpy;
using Tomlyn.Model;

namespace Pg2.Datasets.Archives;

/// <summary>Which manifest schema a <c>.pgdata</c> archive follows (FORMATS.md §C.2, §H).</summary>
internal enum PgdataSchema
{
    /// <summary>proteingym-base 0.1.0b1: <c>sequence</c> key, <c>[assays.targets]</c> a table name → column.</summary>
    B1,
    /// <summary>proteingym-base 0.1.0rc0: <c>sequence_alias</c>, <c>[[assays.targets]]</c> Fields, raw assays, MSA weights, publication.</summary>
    Rc0,
}

/// <summary>
/// Reads a <c>.pgdata</c> archive's <c>manifest.lock</c> and entries into <see cref="PgdataContent"/>; both
/// schemas' spellings are accepted. Every path is checked against the archive (no entry outside it, each
/// must exist), every read is held to <see cref="ArchiveBudget"/>, and every error is one line naming the
/// archive entry and manifest key.
/// </summary>
internal static class PgdataReader
{
    public const string ManifestFile = "manifest.lock";

    /// <summary>The schema of a manifest: B1 when an assay uses B1's spellings, else RC0.</summary>
    public static PgdataSchema SchemaOf(ArchiveReader archive)
    {
        var root = TomlSection.Parse(archive.ReadAllText(ManifestFile), $"{archive.Path}:{ManifestFile}");
        foreach (var a in root.Sections("assays"))
            if (a.Has("sequence") || a.Table.TryGetValue("targets", out var t) && t is TomlTable) return PgdataSchema.B1;
        return PgdataSchema.Rc0;
    }

    public static PgdataContent Read(ArchiveReader archive)
    {
        var file = $"{archive.Path}:{ManifestFile}";
        var root = TomlSection.Parse(archive.ReadAllText(ManifestFile), file);
        var name = SafeName.Check(root.RequiredString("name"), $"{file}: 'name'");
        var variables = root.Sections("assay_variables").Select(Field).ToList();
        var targets = root.Sections("assay_targets").Select(Field).ToList();
        Unique(variables.Select(v => v.Name), file, "assay_variables");
        Unique(targets.Select(v => v.Name), file, "assay_targets");

        var assays = root.Sections("assays").Select(a => ReadAssay(archive, a, file, variables)).ToList();
        if (assays.Count == 0) throw new InvalidInputException($"{file}: no [[assays]]");
        Unique(assays.Select(a => a.Name), file, "assays");

        var raw = root.Sections("assays_raw").Select(r =>
        {
            var rawName = r.RequiredString("name");
            if (!assays.Any(a => a.Name == rawName))
                throw new InvalidInputException($"{file}: {r.Name("name")} '{MessageText.Shown(rawName, 80)}' names no assay (a raw assay shares its assay's name)");
            var path = Entry(archive, r, "path", file, ".csv");
            var bytes = archive.ReadAllBytes(path);
            var fields = r.Sections("fields").Select(Field).ToList();
            if (fields.Count == 0) throw new InvalidInputException($"{file}: {r.Name("fields")}: at least one field expected");
            var header = FirstLine(bytes);
            foreach (var f in fields)
                if (!header.Contains(f.Column, StringComparison.Ordinal))
                    throw new InvalidInputException($"{archive.Path}:{path}: field '{MessageText.Shown(f.Column, 80)}' of {r.Name("fields")} is not in the header");
            return new PgdataRawAssay(rawName, r.String("description"), fields, bytes);
        }).ToList();
        Unique(raw.Select(r => r.Name), file, "assays_raw");

        var sequences = new List<PgdataSequence>();
        foreach (var s in root.Sections("sequences"))
        {
            var path = Entry(archive, s, "path", file, ".fasta", ".fastq", ".fa");
            var records = Fasta(archive.ReadAllText(path), $"{archive.Path}:{path}");
            var props = Rest(s, "name", "type", "alphabet", "path", "description");
            for (int i = 0; i < records.Count; i++)
            {
                var (id, description, residues) = records[i];
                var seqName = s.String("name") is { Length: > 0 } given && records.Count == 1 ? given
                    : id.Length > 0 ? id : $"{Path.GetFileNameWithoutExtension(path)}_{i}";
                sequences.Add(new PgdataSequence(seqName, s.String("type"), s.RequiredString("alphabet"), residues,
                    s.String("description", description), props));
            }
        }
        Unique(sequences.Select(s => s.Name), file, "sequences");

        var referenceName = root.String("reference_sequence_name");
        if (referenceName.Length > 0 && !sequences.Any(s => s.Name == referenceName))
            throw new InvalidInputException($"{file}: 'reference_sequence_name' '{MessageText.Shown(referenceName, 80)}' is not the name of one of the [[sequences]]");

        var structures = root.Sections("structures").Select(s =>
        {
            var path = Entry(archive, s, "path", file, ".pdb", ".cif", ".bcif");
            return new PgdataStructure(s.String("name", Path.GetFileNameWithoutExtension(path)), s.String("description"),
                Path.GetExtension(path).ToLowerInvariant(), archive.ReadAllBytes(path), Rest(s, "name", "description", "path"));
        }).ToList();
        Unique(structures.Select(s => s.Name), file, "structures");

        var msas = root.Sections("msas").Select(m =>
        {
            var path = Entry(archive, m, "path", file);
            var format = m.String("format").ToLowerInvariant();
            if (format is not ("" or "a3m" or "a2m" or "fasta"))
                throw new InvalidInputException($"{file}: {m.Name("format")} '{MessageText.Shown(format, 40)}' is not one of a3m, a2m, fasta");
            var msaReference = m.String("reference_sequence_name");
            if (msaReference.Length > 0 && !sequences.Any(s => s.Name == msaReference))
                throw new InvalidInputException($"{file}: {m.Name("reference_sequence_name")} '{MessageText.Shown(msaReference, 80)}' is not the name of one of the [[sequences]]");
            return new PgdataMsa(m.String("name", Path.GetFileNameWithoutExtension(path)), m.String("description"), format,
                Path.GetExtension(path).ToLowerInvariant(), archive.ReadAllBytes(path), Rest(m, "name", "description", "path", "format"));
        }).ToList();
        Unique(msas.Select(m => m.Name), file, "msas");

        var weights = root.Sections("msa_weights").Select(w =>
        {
            var weightsName = w.RequiredString("name");
            var msa = msas.FirstOrDefault(m => m.Name == weightsName)
                ?? throw new InvalidInputException($"{file}: {w.Name("name")} '{MessageText.Shown(weightsName, 80)}' names no [[msas]] entry");
            var path = Entry(archive, w, "path", file, ".npy");
            double[] values;
            using (var stream = archive.OpenRead(path))
                values = NpyFile.ReadVector(stream, $"{archive.Path}:{path}", archive.SizeOf(path));
            int rows = MsaRows(msa.Text);
            if (values.Length != rows)
                throw new InvalidInputException($"{archive.Path}:{path}: {values.Length} weights for the {rows} sequences of MSA '{MessageText.Shown(msa.Name, 80)}'; expected one per sequence");
            return new PgdataMsaWeights(weightsName, values);
        }).ToList();
        Unique(weights.Select(w => w.Name), file, "msa_weights");

        return new PgdataContent
        {
            Version = root.String("version", "1.0.0"),
            Name = name,
            Description = root.String("description"),
            ReferenceSequenceName = referenceName,
            Publication = root.Section("publication") is { } p ? Rest(p) : [],
            AssayVariables = variables,
            AssayTargets = targets,
            Assays = assays,
            AssaysRaw = raw,
            Sequences = sequences,
            Structures = structures,
            Msas = msas,
            MsaWeights = weights,
        };
    }

    private static PgdataAssay ReadAssay(ArchiveReader archive, TomlSection a, string file, IReadOnlyList<PgdataField> declaredVariables)
    {
        var path = Entry(archive, a, "path", file, ".csv");
        var name = a.String("name", Path.GetFileNameWithoutExtension(path));
        var sequenceColumn = a.String("sequence_alias", a.String("sequence", AssayTable.SequenceColumn));
        List<PgdataField> targets;
        bool b1 = a.Table.TryGetValue("targets", out var t) && t is TomlTable;
        if (b1)
            targets = a.Section("targets")!.Keys.Select(k => new PgdataField(k, Alias: a.Section("targets")!.String(k) is var c && c != k ? c : "")).ToList();
        else
            targets = a.Sections("targets").Select(Field).ToList();
        var nonTargets = a.Sections("non_targets").Select(Field).ToList();
        Unique(targets.Select(f => f.Name).Concat(nonTargets.Select(f => f.Name)).Prepend(AssayTable.SequenceColumn), file, $"{a.Name("targets")} and non_targets");

        var variables = a.Section("variables") is { } vars ? Rest(vars) : [];
        foreach (var (key, _) in variables)
            if (declaredVariables.Count > 0 && !declaredVariables.Any(v => v.Name == key))
                throw new InvalidInputException($"{file}: {a.Name("variables")}.{key} is not declared in [[assay_variables]]");

        // Columns are read under their aliases, then named after their fields.
        var source = $"{archive.Path}:{path}";
        var wanted = new List<string> { sequenceColumn };
        foreach (var f in targets.Concat(nonTargets))
            if (!wanted.Contains(f.Column)) wanted.Add(f.Column);
        var numeric = new HashSet<string>(targets.Select(f => f.Column), StringComparer.Ordinal);
        var text = new HashSet<string>(StringComparer.Ordinal) { sequenceColumn };
        foreach (var f in nonTargets.Where(f => f.Value is string)) text.Add(f.Column);
        AssayTable raw;
        try
        {
            using var stream = archive.OpenRead(path);
            // B1 declares no non-targets: the CSV's other columns are kept as such.
            raw = AssayCsvReader.Read(stream, source, b1 ? [] : wanted, numeric, text, archive.SizeOf(path));
        }
        catch (InvalidInputException e) when (e.Message.Contains("no column", StringComparison.Ordinal))
        {
            throw new InvalidInputException($"{e.Message} (named by {a.Name("sequence_alias")}, {a.Name("targets")} or {a.Name("non_targets")})", e);
        }
        if (raw.RowCount == 0) throw new InvalidInputException($"{source}: no assay rows (only a header)");
        foreach (var w in wanted)
            if (!raw.TryGetColumn(w, out _)) throw new InvalidInputException($"{source}: no column '{MessageText.Shown(w, 80)}' (named by {a.Name("targets")})");
        if (b1)
            nonTargets = [.. raw.Columns.Select(c => c.Name).Where(c => !wanted.Contains(c)).Select(c => new PgdataField(c))];
        var columns = new List<AssayColumn> { Named(raw[sequenceColumn], AssayTable.SequenceColumn) };
        if (columns[0] is NumericColumn n)
            columns[0] = new TextColumn(AssayTable.SequenceColumn, Enumerable.Range(0, n.Count).Select(i => n.IsNull(i) ? null : n.Format(i)).ToArray());
        foreach (var f in targets.Concat(nonTargets)) columns.Add(Named(raw[f.Column], f.Name));
        return new PgdataAssay(name, a.String("description"), a.String("sequence_alphabet"), targets, nonTargets, variables,
            Rest(a, "name", "description", "path", "sequence", "sequence_alias", "sequence_alphabet", "targets", "non_targets", "variables"),
            new AssayTable(columns));
    }

    private static AssayColumn Named(AssayColumn c, string name) => c.Name == name ? c : c.Renamed(name);

    private static PgdataField Field(TomlSection f)
    {
        object? value = f.Table.TryGetValue("value", out var v) ? v : null;
        var encoding = f.String("encoding");
        if (encoding is not ("" or "categorical" or "numerical"))
            throw new InvalidInputException($"{f.Name("encoding")}: '{MessageText.Shown(encoding, 40)}' is not categorical or numerical");
        return new PgdataField(f.RequiredString("name"), value, f.String("unit"), f.String("description"), encoding, f.String("alias"));
    }

    /// <summary>The section's keys but <paramref name="except"/>, as they are, in file order.</summary>
    private static List<KeyValuePair<string, object>> Rest(TomlSection s, params string[] except) =>
        s.Table.Where(kv => !except.Contains(kv.Key) && kv.Value is not null).Select(kv => new KeyValuePair<string, object>(kv.Key, kv.Value!)).ToList();

    private static string Entry(ArchiveReader archive, TomlSection s, string key, string file, params string[] suffixes)
    {
        var path = s.RequiredString(key);
        var entry = SeedArchive.EntryName(archive, path, s.Name(key), file);
        if (suffixes.Length > 0 && !suffixes.Contains(Path.GetExtension(entry).ToLowerInvariant()))
            throw new InvalidInputException($"{file}: {s.Name(key)} '{MessageText.Shown(path, 80)}' must end in {string.Join(" or ", suffixes)}");
        return entry;
    }

    private static void Unique(IEnumerable<string> names, string file, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in names)
            if (!seen.Add(n)) throw new InvalidInputException($"{file}: the name '{MessageText.Shown(n, 80)}' is used twice in {what}; names must be unique");
    }

    private static string FirstLine(byte[] bytes)
    {
        int end = Array.IndexOf(bytes, (byte)'\n');
        return Encoding.UTF8.GetString(bytes, 0, end < 0 ? bytes.Length : end).TrimEnd('\r');
    }

    internal static int MsaRows(byte[] text)
    {
        int rows = 0;
        bool lineStart = true;
        foreach (var b in text)
        {
            if (lineStart && b == '>') rows++;
            lineStart = b == '\n';
        }
        return rows;
    }

    /// <summary>FASTA records: (id, description, residues).</summary>
    internal static List<(string Id, string Description, string Residues)> Fasta(string text, string source)
    {
        var records = new List<(string, string, string)>();
        string? id = null, description = null;
        var sb = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0) continue;
            if (line[0] == '>')
            {
                if (id is not null) records.Add((id, description!, sb.ToString()));
                var header = line[1..].Trim();
                int space = header.IndexOfAny([' ', '\t']);
                id = space < 0 ? header : header[..space];
                description = space < 0 ? "" : header[(space + 1)..].Trim();
                sb.Clear();
            }
            else if (id is null) throw new InvalidInputException($"{source}: expected a '>' header before sequence data");
            else sb.Append(line);
        }
        if (id is not null) records.Add((id, description!, sb.ToString()));
        return records.Count > 0 ? records : throw new InvalidInputException($"{source}: no FASTA record");
    }
}
