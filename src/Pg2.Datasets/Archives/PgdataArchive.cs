using System.Text;
using Pg2.Datasets.Alignments;
using Pg2.Datasets.Assays;
using Pg2.Datasets.Mutations;
using Pg2.Contracts;

namespace Pg2.Datasets.Archives;

/// <summary>
/// The proteingym-base <c>.pgdata</c> archive (FORMATS.md §C.1–C.2; the 0.1.0b1 schema, with the RC0
/// spellings <c>sequence_alias</c> and list-of-table <c>targets</c> accepted too), mapped onto the seed
/// model: the assay's sequence column becomes <c>sequence</c>, each target column is named after its
/// target, the assay's <c>variables</c> become every target's constants, and the wild-type sequence
/// (a <c>wild_type</c> sequence record, else a variable <c>R</c> as E2's ranganathan uses) becomes the
/// <c>sequence</c> constant; when the sequence column holds mutation strings, <c>mutation_col</c> is set
/// to <c>sequence</c>.
/// </summary>
internal static class PgdataArchive
{
    public const string ManifestFile = "manifest.lock";

    public static Dataset Read(ArchiveReader archive)
    {
        var file = $"{archive.Path}:{ManifestFile}";
        var root = TomlSection.Parse(archive.ReadAllText(ManifestFile), file);
        var name = SafeName.Check(root.RequiredString("name"), $"{file}: 'name'");
        var targetDescriptions = root.Sections("assay_targets")
            .ToDictionary(t => t.RequiredString("name"), t => t.String("description"), StringComparer.Ordinal);

        var assays = root.Sections("assays");
        if (assays.Count == 0) throw new InvalidInputException($"{file}: no [[assays]]");
        if (assays.Count > 1)
            throw new InvalidInputException($"{file}: {assays.Count} [[assays]]; only single-assay .pgdata archives are supported");
        var assay = assays[0];
        var path = SeedArchive.EntryName(archive, assay.RequiredString("path"), $"{assay.Name("path")}", file);
        var sequenceColumn = assay.String("sequence_alias", assay.String("sequence", AssayTable.SequenceColumn));

        // target name -> CSV column
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (assay.Section("targets") is { } targetTable)
            foreach (var key in targetTable.Keys) targets[key] = targetTable.String(key);
        else
            foreach (var t in assay.Sections("targets"))
                targets[t.RequiredString("name")] = t.String("alias", t.RequiredString("name"));
        var nonTargets = assay.Sections("non_targets").Select(t => t.String("alias", t.RequiredString("name"))).ToList();

        var constants = new Dictionary<string, object>(StringComparer.Ordinal);
        if (assay.Section("variables") is { } vars)
            foreach (var key in vars.Keys)
                constants[key] = vars.Table[key] is bool b ? (b ? "true" : "false") : vars.Scalar(key);

        var wildType = ReadWildType(archive, root, file)
            ?? (constants.TryGetValue("R", out var r) && r is string rs ? rs : null);

        var source = $"{archive.Path}:{path}";
        var wanted = new List<string> { sequenceColumn };
        wanted.AddRange(targets.Values.Where(c => !wanted.Contains(c)));
        wanted.AddRange(nonTargets.Where(c => !wanted.Contains(c)));
        AssayTable raw;
        using (var stream = archive.OpenRead(path))
            raw = AssayCsvReader.Read(stream, source, wanted,
                new HashSet<string>(targets.Values, StringComparer.Ordinal),
                new HashSet<string>(StringComparer.Ordinal) { sequenceColumn }, archive.SizeOf(path));

        // Target columns take their target's name, so the seed conventions (target = column) hold.
        var byColumn = targets.GroupBy(t => t.Value).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
        var renamed = new AssayTable(raw.Columns.Select(c => byColumn.TryGetValue(c.Name, out var t) && t != c.Name ? c.Renamed(t) : c).ToList());
        var meta = new AssaysMeta
        {
            FilePath = path,
            SequenceFeature = sequenceColumn,
            Assays = targets.Keys.ToDictionary(t => t, t => new TargetMeta
            {
                Description = targetDescriptions.GetValueOrDefault(t, ""),
                Constants = ConstantsFor(constants, wildType, renamed, sequenceColumn),
            }, StringComparer.Ordinal),
        };
        var table = AssayRules.Apply(renamed, meta, source);

        Alignment? msa = null;
        MsaMeta? msaMeta = null;
        if (root.Sections("msas") is { Count: > 0 } msas)
        {
            var m = msas[0];
            var msaPath = SeedArchive.EntryName(archive, m.RequiredString("path"), m.Name("path"), file);
            var format = m.String("format").ToLowerInvariant() switch
            {
                "" => AlignmentReader.FormatOf(msaPath),
                "a3m" => AlignmentFormat.A3m,
                "a2m" => AlignmentFormat.A2m,
                "fasta" => AlignmentFormat.Fasta,
                var f => throw new InvalidInputException($"{file}: {m.Name("format")} '{f}' is not one of fasta, a3m, a2m"),
            };
            using var stream = archive.OpenRead(msaPath);
            msa = AlignmentReader.Read(stream, format, $"{archive.Path}:{msaPath}");
            msaMeta = new MsaMeta { FilePath = msaPath, FileFormat = format.ToString().ToLowerInvariant() };
        }

        var structures = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var s in root.Sections("structures"))
        {
            var p = SeedArchive.EntryName(archive, s.RequiredString("path"), s.Name("path"), file);
            structures[p] = archive.ReadAllBytes(p);
        }

        var manifest = new DatasetManifest
        {
            Name = name,
            Description = root.String("description"),
            Doi = root.Section("publication")?.String("doi") ?? "",
            AssaysMeta = meta,
            MsaMeta = msaMeta,
            StructuresMeta = structures.Count == 1 ? new StructuresMeta { FilePath = structures.Keys.First() } : null,
        };
        return new Dataset(manifest, table, msa, structures);
    }

    private static Dictionary<string, object> ConstantsFor(Dictionary<string, object> variables, string? wildType,
        AssayTable raw, string sequenceColumn)
    {
        var constants = new Dictionary<string, object>(variables, StringComparer.Ordinal);
        if (wildType is not null)
        {
            constants[Dataset.SequenceConstant] = wildType;
            if (raw.TryGetColumn(sequenceColumn, out var col) && HoldsMutationStrings(col))
                constants[Dataset.MutationColumnConstant] = AssayTable.SequenceColumn;
        }
        return constants;
    }

    private static bool HoldsMutationStrings(AssayColumn column)
    {
        for (int i = 0; i < column.Count; i++)
        {
            if (column.IsNull(i)) continue;
            return Mutant.LooksLikeMutant(column.Format(i));
        }
        return false;
    }

    private static string? ReadWildType(ArchiveReader archive, TomlSection root, string file)
    {
        foreach (var s in root.Sections("sequences"))
        {
            if (s.String("type") != "wild_type") continue;
            var path = SeedArchive.EntryName(archive, s.RequiredString("path"), s.Name("path"), file);
            return FirstFastaRecord(archive.ReadAllText(path), $"{archive.Path}:{path}");
        }
        return null;
    }

    private static string FirstFastaRecord(string text, string source)
    {
        var sb = new StringBuilder();
        bool inRecord = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('>'))
            {
                if (inRecord) break;
                inRecord = true;
            }
            else if (inRecord) sb.Append(line);
        }
        return sb.Length > 0 ? sb.ToString() : throw new InvalidInputException($"{source}: no FASTA record");
    }
}
