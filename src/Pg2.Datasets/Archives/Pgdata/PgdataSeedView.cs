using System.Globalization;
using Pg2.Contracts;
using Pg2.Datasets.Alignments;
using Pg2.Datasets.Assays;
using Pg2.Datasets.Mutations;
using Tomlyn.Model;

namespace Pg2.Datasets.Archives;

/// <summary>
/// Maps a <c>.pgdata</c> archive's content onto the seed model every model sees, and back.
/// <para>
/// To the seed view: the assays are concatenated in order (one table; row offsets give each assay's
/// records, which is how slices map onto rows); each target column is named after its target; the
/// non-targets become every target's features except ProteinGym's fold columns (<c>fold_*</c>), a
/// <c>split</c> column (the predefined split) and <c>engineering_round</c>. With one assay its
/// <c>variables</c> become every target's constants; with several they become columns (and features), since
/// they tell the assays' records apart. The wild type (<c>reference_sequence_name</c>, else the first
/// <c>wild_type</c> sequence, else a variable <c>R</c> as E2's ranganathan uses) becomes the
/// <c>sequence</c> constant; when the sequence column holds mutation strings, <c>mutation_col</c> is set to
/// <c>sequence</c>.
/// </para>
/// <para>
/// From a seed dataset: one assay named after the dataset, targets and features (as non-targets) under
/// their names, constants as declared assay variables except the reference sequence (a <c>wild_type</c>
/// sequence named <c>reference</c>) and a derivable <c>mutation_col</c>, the MSA's aligned rows as
/// <c>msas/msa.a2m</c> (format <c>a2m</c>: rc0 itself writes a3m, which would drop insert states), structures under their names.
/// </para>
/// </summary>
internal static class PgdataSeedView
{
    /// <summary>Name of the wild-type sequence written for a seed dataset's reference.</summary>
    public const string ReferenceName = "reference";

    public static Dataset ToDataset(PgdataContent content, string source)
    {
        var wildType = WildType(content);
        var targetNames = content.Assays.SelectMany(a => a.Targets.Select(t => t.Name)).Distinct(StringComparer.Ordinal).ToList();
        bool several = content.Assays.Count > 1;
        var variableNames = several
            ? content.Assays.SelectMany(a => a.Variables.Select(v => v.Key)).Distinct(StringComparer.Ordinal).ToList()
            : [];

        // Column order: sequence, targets, non-targets (first assay first), then variables of several assays.
        var columnNames = new List<string> { AssayTable.SequenceColumn };
        foreach (var a in content.Assays)
            foreach (var c in a.Table.Columns)
                if (!columnNames.Contains(c.Name)) columnNames.Add(c.Name);
        foreach (var v in variableNames)
            if (columnNames.Contains(v))
                throw new InvalidInputException($"{source}: assay variable '{MessageText.Shown(v, 80)}' has the name of a column");
        var table = several ? Concatenate(content, columnNames, variableNames, source) : content.Assays[0].Table;

        var nonTargets = content.Assays.SelectMany(a => a.NonTargets.Select(f => f.Name)).Distinct(StringComparer.Ordinal).ToList();
        var features = nonTargets.Where(IsFeature).Concat(variableNames).ToList();
        var constants = new Dictionary<string, object>(StringComparer.Ordinal);
        if (!several)
            foreach (var (k, v) in content.Assays[0].Variables)
                constants[k] = v switch
                {
                    bool b => b ? "true" : "false",
                    long l => (double)l,
                    double d => d,
                    string s => s,
                    _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
                };
        if (wildType is not null)
        {
            constants[Dataset.SequenceConstant] = wildType;
            if (!constants.ContainsKey(Dataset.MutationColumnConstant) && HoldsMutationStrings(table[AssayTable.SequenceColumn]))
                constants[Dataset.MutationColumnConstant] = AssayTable.SequenceColumn;
        }
        var descriptions = content.AssayTargets.ToDictionary(t => t.Name, t => t.Description, StringComparer.Ordinal);
        var meta = new AssaysMeta
        {
            FilePath = "assays/" + content.Assays[0].Name + ".csv",
            SequenceFeature = AssayTable.SequenceColumn,
            EngineeringRoundFeature = nonTargets.Contains(AssayTable.EngineeringRoundColumn) ? AssayTable.EngineeringRoundColumn : "",
            SplitFeature = nonTargets.Contains(AssayTable.SplitColumn) ? AssayTable.SplitColumn : "",
            SplitStrategy = "RandomSplitStrategy",
            Assays = targetNames.ToDictionary(t => t, t => new TargetMeta
            {
                Description = descriptions.GetValueOrDefault(t, ""),
                Features = features,
                Constants = constants,
            }, StringComparer.Ordinal),
        };
        table = AssayRules.Apply(table, meta, source);

        Alignment? msa = null;
        MsaMeta? msaMeta = null;
        if (content.Msas.Count > 0)
        {
            var m = content.Msas[0];
            var format = m.Format switch
            {
                "a3m" => AlignmentFormat.A3m,
                "a2m" => AlignmentFormat.A2m,
                "fasta" => AlignmentFormat.Fasta,
                _ => AlignmentReader.FormatOf(m.Name + m.Extension),
            };
            using var stream = new MemoryStream(m.Text, writable: false);
            msa = AlignmentReader.Read(stream, format, $"{source}:msas/{m.Name}{m.Extension}");
            msaMeta = new MsaMeta { FilePath = $"msas/{m.Name}{m.Extension}", FileFormat = format.ToString().ToLowerInvariant() };
        }
        var structures = content.Structures.ToDictionary(s => $"structures/{s.Name}{s.Extension}", s => s.Bytes, StringComparer.Ordinal);
        var manifest = new DatasetManifest
        {
            Name = content.Name,
            Description = content.Description,
            Doi = content.Publication.FirstOrDefault(p => p.Key == "doi").Value as string ?? "",
            AssaysMeta = meta,
            MsaMeta = msaMeta,
            StructuresMeta = structures.Count == 1 ? new StructuresMeta { FilePath = structures.Keys.First() } : null,
        };
        var weights = msa is null ? null : content.MsaWeights.FirstOrDefault(w => w.Name == content.Msas[0].Name)?.Weights;
        return new Dataset(manifest, table, msa, structures) { Pgdata = content, AlignmentWeights = weights };
    }

    /// <summary>Whether a non-target column is an input feature (not a fold, split or round column).</summary>
    internal static bool IsFeature(string name) =>
        !name.StartsWith("fold_", StringComparison.Ordinal) && name is not (AssayTable.SplitColumn or AssayTable.EngineeringRoundColumn);

    private static AssayTable Concatenate(PgdataContent content, List<string> names, List<string> variableNames, string source)
    {
        int rows = content.Assays.Sum(a => a.Table.RowCount);
        var columns = new List<AssayColumn>();
        foreach (var name in names.Concat(variableNames))
        {
            bool isVariable = variableNames.Contains(name);
            bool numeric = isVariable
                ? content.Assays.All(a => a.Variables.FirstOrDefault(v => v.Key == name).Value is null or long or double)
                : content.Assays.All(a => !a.Table.TryGetColumn(name, out var c) || c is NumericColumn);
            var values = numeric ? new double[rows] : null;
            var texts = numeric ? null : new string?[rows];
            int at = 0;
            foreach (var a in content.Assays)
            {
                AssayColumn? column = null;
                object? constant = null;
                if (isVariable) constant = a.Variables.FirstOrDefault(v => v.Key == name).Value;
                else a.Table.TryGetColumn(name, out column);
                for (int r = 0; r < a.Table.RowCount; r++, at++)
                {
                    if (numeric)
                        values![at] = column is NumericColumn n ? n.Values[r] : constant is null ? double.NaN : Convert.ToDouble(constant, CultureInfo.InvariantCulture);
                    else
                        texts![at] = column is not null ? (column.IsNull(r) ? null : column.Format(r))
                            : constant is null ? null : constant is bool b ? (b ? "true" : "false") : Convert.ToString(constant, CultureInfo.InvariantCulture);
                }
            }
            columns.Add(numeric ? new NumericColumn(name, values!) : new TextColumn(name, texts!));
        }
        _ = source;
        return new AssayTable(columns);
    }

    private static string? WildType(PgdataContent content)
    {
        if (content.ReferenceSequenceName.Length > 0)
            return content.Sequences.First(s => s.Name == content.ReferenceSequenceName).Residues;
        if (content.Sequences.FirstOrDefault(s => s.Type == "wild_type") is { } wt) return wt.Residues;
        return content.Assays.Count == 1 && content.Assays[0].Variables.FirstOrDefault(v => v.Key == "R").Value is string r ? r : null;
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

    /// <summary>The archive content of <paramref name="dataset"/>: as read when it came from a <c>.pgdata</c>, else built from the seed model.</summary>
    public static PgdataContent FromDataset(Dataset dataset)
    {
        if (dataset.Pgdata is { } kept) return kept;
        var meta = dataset.Manifest.AssaysMeta
            ?? throw new InvalidInputException($"dataset '{dataset.Name}' has no assays to write as a .pgdata archive");
        var table = dataset.Assays;
        var first = meta.Assays.Values.FirstOrDefault() ?? new TargetMeta();
        var constants = first.Constants;
        string? reference = constants.TryGetValue(Dataset.SequenceConstant, out var s) && s is string { Length: > 0 } wt ? wt : null;

        var targets = meta.Assays.Keys.Select(t => new PgdataField(t)).ToList();
        var nonTargets = new List<PgdataField>();
        foreach (var c in table.Columns)
        {
            if (c.Name == AssayTable.SequenceColumn || meta.Assays.ContainsKey(c.Name)) continue;
            // The injected constant round carries nothing; a real one is kept.
            if (c.Name == AssayTable.EngineeringRoundColumn && c is NumericColumn n && n.Values.All(v => v == 1.0)) continue;
            nonTargets.Add(new PgdataField(c.Name));
        }
        var ordered = new List<AssayColumn> { table[AssayTable.SequenceColumn] };
        ordered.AddRange(targets.Select(t => table[t.Name]));
        ordered.AddRange(nonTargets.Select(f => table[f.Name]));

        var variables = new List<KeyValuePair<string, object>>();
        foreach (var (k, v) in constants)
        {
            if (k == Dataset.SequenceConstant) continue;
            if (k == Dataset.MutationColumnConstant && v is AssayTable.SequenceColumn && reference is not null) continue;
            variables.Add(new(k, v));
        }
        var sequences = reference is null ? new List<PgdataSequence>()
            : [new PgdataSequence(ReferenceName, "wild_type", "AA", reference, "", [])];

        var msas = new List<PgdataMsa>();
        if (dataset.Msa is { } msa)
        {
            var sb = new System.Text.StringBuilder();
            for (int i = 0; i < msa.Depth; i++)
                sb.Append('>').Append(msa.Ids[i]).Append('\n').Append(msa.Rows[i]).Append('\n');
            // The rows are aligned columns (a2m), written as they are: a3m would drop their insert states.
            msas.Add(new PgdataMsa("msa", "", "a2m", ".a2m", System.Text.Encoding.UTF8.GetBytes(sb.ToString()), []));
        }
        var weights = dataset.Msa is not null && dataset.AlignmentWeights is { } w ? new List<PgdataMsaWeights> { new("msa", [.. w]) } : [];
        var structures = dataset.Structures.Select(kv => new PgdataStructure(Path.GetFileNameWithoutExtension(kv.Key), "",
            Path.GetExtension(kv.Key).ToLowerInvariant() is { Length: > 0 } ext ? ext : ".pdb", kv.Value, [])).ToList();

        var publication = new List<KeyValuePair<string, object>>();
        if (dataset.Manifest.Doi.Length > 0) publication.Add(new("doi", dataset.Manifest.Doi));
        return new PgdataContent
        {
            Name = dataset.Name,
            Description = dataset.Manifest.Description,
            ReferenceSequenceName = reference is null ? "" : ReferenceName,
            Publication = publication,
            AssayVariables = variables.Select(v => new PgdataField(v.Key)).ToList(),
            AssayTargets = meta.Assays.Select(t => new PgdataField(t.Key, Description: t.Value.Description)).ToList(),
            Assays =
            [
                new PgdataAssay(dataset.Name, "", "AA", targets, nonTargets, variables, [], new AssayTable(ordered)),
            ],
            Sequences = sequences,
            Msas = msas,
            MsaWeights = weights,
            Structures = structures,
        };
    }
}
