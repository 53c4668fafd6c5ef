using System.Globalization;
using Pg2.Datasets.Alignments;
using Pg2.Datasets.Assays;
using Pg2.Datasets.Mutations;
using Pg2.Contracts;

namespace Pg2.Datasets.Archives;

/// <summary>
/// Builds a seed-format dataset from a ProteinGym substitution assay CSV
/// (<c>mutant,mutated_sequence,DMS_score,DMS_score_bin</c>), optionally its alignment and its row of
/// ProteinGym's <c>DMS_substitutions.csv</c>. The dataset is named after the DMS id; its sequence column is
/// <c>mutated_sequence</c>; targets <c>DMS_score</c> and (when present) <c>DMS_score_bin</c> get feature
/// <c>mutant</c> and constants <c>sequence</c> (the reference <c>target_seq</c>), <c>mutation_col</c> =
/// <c>mutant</c>, <c>offset</c> = 1 (ProteinGym positions are 1-based on <c>target_seq</c>), <c>dms_id</c>, and
/// from the reference row <c>dms_score_bin_cutoff</c>, <c>uniprot_id</c>, <c>coarse_selection_type</c>.
/// Without a reference file the wild type is rebuilt from the first row by undoing its mutations.
/// Every row's mutant must agree with the reference and give its <c>mutated_sequence</c>; the alignment's
/// focus must equal the reference from the focus's region start but for a few positions (<see cref="FocusMatch"/>).
/// </summary>
public static class ProteinGymImport
{
    /// <summary>
    /// Builds the dataset; any inconsistency is an <see cref="InvalidInputException"/> naming file and line.
    /// An alignment focus that differs from the reference at a few positions (<see cref="FocusMatch"/>) is
    /// accepted with a message to <paramref name="warn"/> naming them.
    /// </summary>
    public static Dataset Create(string assayCsv, string? msaPath = null, string? referenceCsv = null, string? dmsId = null,
        Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(assayCsv);
        dmsId = SafeName.Check(dmsId ?? Path.GetFileNameWithoutExtension(assayCsv), dmsId is null ? $"{assayCsv}: dataset name (the file name)" : "--dms-id");
        AssayTable all;
        using (var stream = OpenFile(assayCsv))
            all = AssayCsvReader.Read(stream, assayCsv, [],
                new HashSet<string>(["DMS_score", "DMS_score_bin"], StringComparer.Ordinal),
                new HashSet<string>(["mutant", "mutated_sequence"], StringComparer.Ordinal), new FileInfo(assayCsv).Length);
        foreach (var required in new[] { "mutant", "mutated_sequence", "DMS_score" })
            if (!all.TryGetColumn(required, out _))
                throw new InvalidInputException(
                    $"{assayCsv}: no column '{required}' (expected ProteinGym's mutant,mutated_sequence,DMS_score,DMS_score_bin)");
        bool hasBin = all.TryGetColumn("DMS_score_bin", out _);
        var raw = new AssayTable(all.Columns.Where(c => c.Name is "mutant" or "mutated_sequence" or "DMS_score" or "DMS_score_bin").ToList());
        if (raw.RowCount == 0) throw new InvalidInputException($"{assayCsv}: no assay rows (only a header)");

        var mutants = ((TextColumn)raw["mutant"]).Values;
        var variants = ((TextColumn)raw["mutated_sequence"]).Values;
        var constants = new Dictionary<string, object>(StringComparer.Ordinal);
        string reference;
        if (referenceCsv is not null)
        {
            var row = ReferenceRow(referenceCsv, dmsId);
            reference = row["target_seq"];
            constants[Dataset.SequenceConstant] = reference;
            constants[Dataset.MutationColumnConstant] = "mutant";
            constants[Dataset.OffsetConstant] = 1.0;
            if (double.TryParse(row.GetValueOrDefault("DMS_binarization_cutoff"), NumberStyles.Float, CultureInfo.InvariantCulture, out var cutoff))
                constants[Dataset.BinCutoffConstant] = cutoff;
            if (row.GetValueOrDefault("UniProt_ID") is { Length: > 0 } uniprot) constants["uniprot_id"] = uniprot;
            if (row.GetValueOrDefault("coarse_selection_type") is { Length: > 0 } sel) constants["coarse_selection_type"] = sel;
        }
        else
        {
            reference = WildTypeFrom(mutants[0], variants[0], assayCsv);
            constants[Dataset.SequenceConstant] = reference;
            constants[Dataset.MutationColumnConstant] = "mutant";
            constants[Dataset.OffsetConstant] = 1.0;
        }
        constants["dms_id"] = dmsId;

        for (int r = 0; r < raw.RowCount; r++)
        {
            var where = $"{assayCsv} line {r + 2}";
            if (string.IsNullOrEmpty(mutants[r]) || string.IsNullOrEmpty(variants[r]))
                throw new InvalidInputException($"{where}: empty mutant or mutated_sequence");
            var variant = Mutant.Parse(mutants[r]!, where).Apply(reference, 1, where);
            if (!string.Equals(variant, variants[r], StringComparison.Ordinal))
                throw new InvalidInputException($"{where}: mutated_sequence is not the reference with {mutants[r]} applied");
        }

        Alignment? msa = null;
        if (msaPath is not null)
        {
            msa = AlignmentReader.Read(msaPath);
            var mismatches = FocusMatch.Check(msa.FocusSequence, msa.RegionStart, reference, 1, $"{msaPath}: focus '{msa.FocusId}' against {dmsId}'s target_seq");
            if (mismatches.Count > 0)
                warn?.Invoke($"{msaPath}: focus '{msa.FocusId}' differs from {dmsId}'s target_seq at {mismatches.Count} position(s) ({string.Join("; ", mismatches)}); accepted (at most {FocusMatch.Allowed(msa.FocusSequence.Length)}), variants are scored on target_seq");
        }

        var targets = new Dictionary<string, TargetMeta>(StringComparer.Ordinal)
        {
            ["DMS_score"] = new() { Description = "DMS score (higher = fitter)", Features = ["mutant"], Constants = constants },
        };
        if (hasBin)
            targets["DMS_score_bin"] = new() { Description = "DMS score binarised (1 = fit)", Features = ["mutant"], Constants = constants };
        var meta = new AssaysMeta
        {
            FilePath = Path.GetFileName(assayCsv),
            SequenceFeature = "mutated_sequence",
            SplitStrategy = "RandomSplitStrategy",
            Assays = targets,
        };
        var table = AssayRules.Apply(raw, meta, assayCsv);
        var manifest = new DatasetManifest
        {
            Name = dmsId,
            Description = $"ProteinGym DMS substitution assay {dmsId}",
            Source = "ProteinGym",
            AssaysMeta = meta,
            MsaMeta = msa is null ? null : new MsaMeta { FilePath = SeedArchive.MsaFile, FileFormat = "a2m" },
        };
        return new Dataset(manifest, table, msa);
    }

    private static Dictionary<string, string> ReferenceRow(string referenceCsv, string dmsId)
    {
        using var stream = OpenFile(referenceCsv);
        var table = AssayCsvReader.Read(stream, referenceCsv, [], new HashSet<string>(StringComparer.Ordinal),
            new HashSet<string>(["DMS_id", "target_seq", "UniProt_ID", "coarse_selection_type", "DMS_binarization_cutoff"], StringComparer.Ordinal));
        if (!table.TryGetColumn("DMS_id", out var ids) || !table.TryGetColumn("target_seq", out _))
            throw new InvalidInputException($"{referenceCsv}: expected ProteinGym's DMS_substitutions.csv (columns DMS_id, target_seq, ...)");
        for (int r = 0; r < table.RowCount; r++)
        {
            if (ids.Format(r) != dmsId) continue;
            return table.Columns.ToDictionary(c => c.Name, c => c.Format(r), StringComparer.Ordinal);
        }
        throw new InvalidInputException($"{referenceCsv}: no row with DMS_id '{dmsId}' (pass --dms-id)");
    }

    private static string WildTypeFrom(string? mutant, string? variant, string source)
    {
        if (string.IsNullOrEmpty(mutant) || string.IsNullOrEmpty(variant))
            throw new InvalidInputException($"{source} line 2: empty mutant or mutated_sequence");
        var chars = variant.ToCharArray();
        foreach (var s in Mutant.Parse(mutant, $"{source} line 2").Substitutions)
        {
            int i = s.Position - 1;
            if ((uint)i >= (uint)chars.Length || chars[i] != s.Mutant)
                throw new InvalidInputException($"{source} line 2: mutated_sequence does not carry {s} (pass --reference)");
            chars[i] = s.Wild;
        }
        return new string(chars);
    }

    private static FileStream OpenFile(string path) =>
        File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16)
            : throw new InvalidInputException($"{path}: file not found", ExitCodes.FileNotFound);
}
