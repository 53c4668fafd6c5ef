using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using nietras.SeparatedValues;
using Pg2.Contracts;
using Pg2.Datasets.Alignments;
using Pg2.Datasets.Archives;
using Pg2.Datasets.Mutations;
using Pg2.Datasets.Numpy;

namespace Pg2.Datasets.ProteinGym;

/// <summary>What importing one assay gave.</summary>
/// <param name="Rows">Assay rows written.</param>
/// <param name="MultipleMutants">Rows with more than one substitution.</param>
/// <param name="MsaDepth">Alignment records written (null: no alignment).</param>
/// <param name="Weights">True when ProteinGym's weights are in the archive.</param>
/// <param name="FoldColumns">Fold columns carried, by scheme.</param>
/// <param name="Warnings">What was accepted but is worth knowing (focus mismatches, weights left out).</param>
public sealed record AssayImportResult(int Rows, int MultipleMutants, int? MsaDepth, bool Weights,
    IReadOnlyDictionary<string, string> FoldColumns, IReadOnlyList<string> Warnings);

/// <summary>
/// Imports one ProteinGym substitution assay into a seed-format archive, streaming: the assay CSV row by
/// row (each mutant checked against <c>target_seq</c> and its <c>mutated_sequence</c>), the alignment record
/// by record, so memory stays bounded whatever the row count or depth. The archive holds <c>assays.csv</c>
/// (<c>sequence,mutant,DMS_score[,DMS_score_bin]</c> + ProteinGym's fold columns), <c>msa.a2m</c> (its focus
/// renamed <c>&lt;name&gt;/&lt;MSA_start&gt;-&lt;MSA_end&gt;</c> so the region the alignment covers is honoured),
/// <c>msa_weights.npy</c> and a manifest whose target constants carry the reference metadata.
/// </summary>
public static class AssayImport
{
    /// <summary>
    /// The fold columns ProteinGym's CV files carry and the scheme each stands for, in order of preference:
    /// a multi-mutant assay's random folds are its multiples file's <c>fold_rand_multiples</c> (over every row,
    /// as proteingym-base maps them), its modulo and contiguous folds the singles file's (singles only).
    /// </summary>
    public static readonly IReadOnlyList<(string Column, string Scheme)> FoldColumns =
    [
        ("fold_rand_multiples", "random"), ("fold_random_5", "random"), ("fold_modulo_5", "modulo"), ("fold_contiguous_5", "contiguous"),
    ];

    /// <summary>Reference columns copied into every target's constants (lower-cased), for filters and reports.</summary>
    public static readonly IReadOnlyList<string> MetadataColumns =
    [
        "UniProt_ID", "taxon", "source_organism", "selection_assay", "selection_type", "coarse_selection_type", "seq_len",
        "includes_multiple_mutants", "DMS_total_number_mutants", "MSA_start", "MSA_end", "MSA_num_seqs", "MSA_Neff_L_category",
        "MSA_theta", "DMS_binarization_method",
    ];

    /// <summary>Inputs of one assay, found in the download.</summary>
    /// <param name="Assay">The assay CSV.</param>
    /// <param name="Folds">Its CV fold files (singles and/or multiples); may be empty.</param>
    /// <param name="Msa">Its alignment, or null.</param>
    /// <param name="Weights">Its weights, or null.</param>
    public sealed record Inputs(DistributionFile Assay, IReadOnlyList<DistributionFile> Folds, DistributionFile? Msa, DistributionFile? Weights);

    /// <summary>Writes the archive for <paramref name="assay"/> to <paramref name="output"/> (atomically).</summary>
    /// <exception cref="InvalidInputException">Any input is wrong: the message names the file, row and field.</exception>
    public static AssayImportResult Run(ReferenceAssay assay, Inputs inputs, string output)
    {
        ArgumentNullException.ThrowIfNull(assay);
        ArgumentNullException.ThrowIfNull(inputs);
        var dmsId = SafeName.Check(assay.DmsId, assay.Where("DMS_id"));
        var target = assay.Cell("target_seq").ToUpperInvariant();
        if (target.Length == 0 || !target.All(c => ProteinAlphabet.CodeOf(c) is not (ProteinAlphabet.Invalid or ProteinAlphabet.Gap)))
            throw new InvalidInputException($"{assay.Where("target_seq")}: expected the amino-acid sequence (letters ACDEFGHIKLMNPQRSTVWY)");
        var warnings = new List<string>();
        var folds = FoldTable.Read(inputs.Folds);
        double[]? weights = inputs.Weights is { } w ? ReadWeights(w) : null;

        AssayImportResult? result = null;
        AtomicFile.Write(output, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            var (rows, multiples, hasBin) = WriteAssays(zip, assay, inputs.Assay, target, folds);
            int? depth = null;
            bool weightsStored = false;
            if (inputs.Msa is { } msa)
            {
                depth = WriteAlignment(zip, assay, msa, target, warnings);
                if (weights is not null)
                {
                    var problem = WeightsProblem(weights, depth.Value);
                    if (problem is null)
                    {
                        using var s = zip.CreateEntry(SeedArchive.WeightsFile, CompressionLevel.Optimal).Open();
                        NpyFile.Write(s, weights);
                        weightsStored = true;
                    }
                    else warnings.Add($"{inputs.Weights!.Where}: {problem}; weights left out (models compute their own)");
                }
            }
            else if (weights is not null) warnings.Add($"{inputs.Weights!.Where}: no alignment to weigh; weights left out");
            var manifest = Manifest(assay, dmsId, target, hasBin, folds.SchemeColumns, inputs.Msa is not null, weightsStored);
            using (var w = new StreamWriter(zip.CreateEntry(SeedManifestToml.FileName, CompressionLevel.Optimal).Open(), new UTF8Encoding(false)))
                w.Write(SeedManifestToml.Format(manifest));
            result = new AssayImportResult(rows, multiples, depth, weightsStored, folds.SchemeColumns, warnings);
        });
        return result!;
    }

    private static (int Rows, int Multiples, bool HasBin) WriteAssays(ZipArchive zip, ReferenceAssay assay, DistributionFile file, string target, FoldTable folds)
    {
        using var input = file.OpenRead();
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(input);
        var where = file.Where;
        var names = reader.Header.ColNames;
        int Column(string name) => names.ToList().IndexOf(name) is var i and >= 0 ? i
            : throw new InvalidInputException($"{where}: no column '{name}' (expected ProteinGym's mutant,mutated_sequence,DMS_score,DMS_score_bin)");
        int mutantCol = Column("mutant"), sequenceCol = Column("mutated_sequence"), scoreCol = Column("DMS_score");
        int binCol = names.ToList().IndexOf("DMS_score_bin");
        bool hasBin = binCol >= 0;

        using var output = new StreamWriter(zip.CreateEntry(SeedArchive.AssaysFile, CompressionLevel.Optimal).Open(), new UTF8Encoding(false), 1 << 16);
        output.Write("sequence,mutant,DMS_score");
        if (hasBin) output.Write(",DMS_score_bin");
        foreach (var c in folds.Columns) output.Write("," + c);
        output.Write('\n');

        var seen = new HashSet<ulong>();
        int rows = 0, multiples = 0;
        foreach (var row in reader)
        {
            int line = row.LineNumberFrom;
            if (row.ColCount != names.Count)
                throw new InvalidInputException($"{where} line {line}: {row.ColCount} fields, expected {names.Count} like the header");
            var mutantText = row[mutantCol].ToString().Trim();
            var sequence = row[sequenceCol].ToString().Trim();
            if (mutantText.Length == 0) throw new InvalidInputException($"{where} line {line}: mutant is empty");
            var mutant = Mutant.Parse(mutantText, $"{where} line {line}: mutant");
            var expected = mutant.Apply(target, 1, $"{where} line {line}: mutant '{MessageText.Shown(mutantText, 60)}' against {assay.DmsId}'s target_seq");
            if (!string.Equals(expected, sequence, StringComparison.Ordinal))
                throw new InvalidInputException($"{where} line {line}: mutated_sequence is not target_seq with {MessageText.Shown(mutantText, 60)} applied");
            var key = FoldTable.Key(mutantText);
            if (!seen.Add(key)) throw new InvalidInputException($"{where} line {line}: mutant '{MessageText.Shown(mutantText, 60)}' appears twice");
            var score = Number(row[scoreCol].Span, $"{where} line {line}: DMS_score");
            output.Write(sequence);
            output.Write(',');
            output.Write(mutantText);
            output.Write(',');
            output.Write(score);
            if (hasBin)
            {
                var bin = Number(row[binCol].Span, $"{where} line {line}: DMS_score_bin");
                if (bin.Length > 0 && bin is not ("0" or "1" or "0.0" or "1.0"))
                    throw new InvalidInputException($"{where} line {line}: DMS_score_bin '{MessageText.Shown(bin, 20)}' is not 0 or 1");
                output.Write(',');
                output.Write(bin);
            }
            folds.WriteCells(output, key);
            output.Write('\n');
            rows++;
            if (mutant.Substitutions.Count > 1) multiples++;
        }
        if (rows == 0) throw new InvalidInputException($"{where}: no assay rows (only a header)");
        folds.CheckAllIn(seen);
        return (rows, multiples, hasBin);
    }

    // The cell as written when it is a number, empty when missing (NA, NaN, empty), an error otherwise.
    private static string Number(ReadOnlySpan<char> cell, string where)
    {
        var text = cell.Trim();
        if (text.IsEmpty || text is "NA" or "NaN" or "nan" or "null" or "None") return "";
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw new InvalidInputException($"{where}: '{MessageText.Shown(text, 40)}' is not a number");
        return text.ToString();
    }

    private static int WriteAlignment(ZipArchive zip, ReferenceAssay assay, DistributionFile file, string target, List<string> warnings)
    {
        int start = assay.Cell("MSA_start").Length > 0 ? assay.Integer("MSA_start") : 1;
        int end = assay.Cell("MSA_end").Length > 0 ? assay.Integer("MSA_end") : target.Length;
        if (start < 1 || end < start || end > target.Length)
            throw new InvalidInputException($"{assay.Where("MSA_start")}: region {start}-{end} is not inside target_seq (1-{target.Length})");
        var format = AlignmentReader.FormatOf(file.Key);
        using var input = file.OpenRead();
        using var output = new StreamWriter(zip.CreateEntry(SeedArchive.MsaFile, CompressionLevel.Optimal).Open(), new UTF8Encoding(false), 1 << 16);
        int count = 0;
        foreach (var (id, row) in AlignmentReader.Records(input, format, file.Where))
        {
            var name = id;
            if (count == 0)
            {
                var focus = new string(row.Where(c => !Alignment.IsGap(c)).Select(char.ToUpperInvariant).ToArray());
                if (focus.Length != end - start + 1)
                    throw new InvalidInputException(
                        $"{file.Where}: focus '{id}' has {focus.Length} residues, but {assay.Where("MSA_start")}/MSA_end say the alignment covers residues {start}-{end} ({end - start + 1})");
                var mismatches = FocusMatch.Check(focus, start, target, 1, $"{file.Where}: focus '{id}' against {assay.DmsId}'s target_seq from MSA_start {start}");
                if (mismatches.Count > 0)
                    warnings.Add($"{file.Where}: focus '{id}' differs from target_seq at {mismatches.Count} position(s) ({string.Join("; ", mismatches)}); accepted, variants are scored on target_seq");
                // The region the reference file gives is the one honoured: it becomes the focus id's.
                int slash = id.LastIndexOf('/');
                name = string.Create(CultureInfo.InvariantCulture, $"{(slash > 0 ? id[..slash] : id)}/{start}-{end}");
            }
            output.Write('>');
            output.Write(name);
            output.Write('\n');
            output.Write(row);
            output.Write('\n');
            count++;
        }
        return count;
    }

    private static double[] ReadWeights(DistributionFile file)
    {
        using var s = file.OpenRead();
        return NpyFile.ReadVector(s, file.Where, file.Length);
    }

    private static string? WeightsProblem(double[] weights, int depth)
    {
        if (weights.Length != depth) return $"{weights.Length:N0} weights for {depth:N0} alignment records (expected one per record)";
        for (int i = 0; i < weights.Length; i++)
            if (!double.IsFinite(weights[i]) || weights[i] < 0)
                return string.Create(CultureInfo.InvariantCulture, $"weight {i + 1} is {weights[i]}, expected a finite number >= 0");
        return null;
    }

    private static DatasetManifest Manifest(ReferenceAssay assay, string dmsId, string target, bool hasBin,
        IReadOnlyDictionary<string, string> folds, bool hasMsa, bool hasWeights)
    {
        var constants = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [Dataset.SequenceConstant] = target,
            [Dataset.MutationColumnConstant] = "mutant",
            [Dataset.OffsetConstant] = 1.0,
            ["dms_id"] = dmsId,
        };
        if (double.TryParse(assay.Cell("DMS_binarization_cutoff"), NumberStyles.Float, CultureInfo.InvariantCulture, out var cutoff) && double.IsFinite(cutoff))
            constants[Dataset.BinCutoffConstant] = cutoff;
        foreach (var column in MetadataColumns)
        {
            var text = assay.Cell(column);
            if (text.Length == 0) continue;
            constants[column.ToLowerInvariant()] =
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : text;
        }
        var targets = new Dictionary<string, TargetMeta>(StringComparer.Ordinal)
        {
            ["DMS_score"] = new() { Description = "DMS score (higher = fitter)", Features = ["mutant"], Constants = constants },
        };
        if (hasBin)
            targets["DMS_score_bin"] = new() { Description = "DMS score binarised (1 = fit)", Features = ["mutant"], Constants = constants };
        return new DatasetManifest
        {
            Name = dmsId,
            Description = $"ProteinGym DMS substitution assay {dmsId}",
            Source = "ProteinGym",
            AssaysMeta = new AssaysMeta
            {
                FilePath = SeedArchive.AssaysFile,
                SequenceFeature = "sequence",
                SplitStrategy = "RandomSplitStrategy",
                Assays = targets,
                Folds = folds,
            },
            MsaMeta = hasMsa
                ? new MsaMeta { FilePath = SeedArchive.MsaFile, FileFormat = "a2m", GapChars = ["-", "."], WeightsPath = hasWeights ? SeedArchive.WeightsFile : "" }
                : null,
        };
    }

    /// <summary>
    /// The fold columns of an assay's CV files, keyed by a 64-bit hash of the mutant string (16 bytes per
    /// row instead of the string: multiples files have hundreds of thousands of rows).
    /// </summary>
    private sealed class FoldTable
    {
        private readonly Dictionary<ulong, (int Packed, string Where)> _rows = new();

        public List<string> Columns { get; } = [];
        public Dictionary<string, string> SchemeColumns { get; } = new(StringComparer.Ordinal);

        public static ulong Key(string mutant) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(mutant));


        public static FoldTable Read(IReadOnlyList<DistributionFile> files)
        {
            var table = new FoldTable();
            foreach (var file in files) table.Add(file);
            foreach (var (column, scheme) in FoldColumns)
                if (table.Columns.Contains(column)) table.SchemeColumns.TryAdd(scheme, column);
            return table;
        }

        private void Add(DistributionFile file)
        {
            using var input = file.OpenRead();
            using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(input);
            var names = reader.Header.ColNames.ToList();
            int mutantCol = names.IndexOf("mutant");
            if (mutantCol < 0) throw new InvalidInputException($"{file.Where}: no column 'mutant' (expected ProteinGym's CV fold file)");
            var present = FoldColumns.Select(f => f.Column).Where(names.Contains).ToList();
            if (present.Count == 0)
                throw new InvalidInputException($"{file.Where}: no fold column (expected {string.Join(", ", FoldColumns.Select(f => f.Column))})");
            foreach (var c in present)
            {
                if (Columns.Contains(c)) throw new InvalidInputException($"{file.Where}: fold column '{c}' is also in another fold file of this assay");
                if (Columns.Count == 4) throw new InvalidInputException($"{file.Where}: more than four fold columns");
                Columns.Add(c);
            }
            var indices = present.Select(c => (Index: names.IndexOf(c), Slot: Columns.IndexOf(c))).ToList();
            foreach (var row in reader)
            {
                int line = row.LineNumberFrom;
                if (row.ColCount != names.Count)
                    throw new InvalidInputException($"{file.Where} line {line}: {row.ColCount} fields, expected {names.Count} like the header");
                var mutant = row[mutantCol].ToString().Trim();
                if (mutant.Length == 0) throw new InvalidInputException($"{file.Where} line {line}: mutant is empty");
                var key = Key(mutant);
                var (packed, firstWhere) = _rows.GetValueOrDefault(key, (0, ""));
                foreach (var (index, slot) in indices)
                {
                    var cell = row[index].Span.Trim();
                    if (cell.IsEmpty) continue;
                    if (!int.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out int fold) || fold > 99)
                        throw new InvalidInputException($"{file.Where} line {line}: {names[index]} '{MessageText.Shown(cell, 20)}' is not a fold number from 0 to 99");
                    if (((packed >> (8 * slot)) & 0xFF) != 0)
                        throw new InvalidInputException($"{file.Where} line {line}: mutant '{MessageText.Shown(mutant, 60)}' appears twice");
                    packed |= (fold + 1) << (8 * slot);
                }
                _rows[key] = (packed, firstWhere.Length > 0 ? firstWhere : $"{file.Where} line {line}: mutant '{MessageText.Shown(mutant, 60)}'");
            }
        }

        public void WriteCells(TextWriter output, ulong key)
        {
            int packed = _rows.TryGetValue(key, out var r) ? r.Packed : 0;
            for (int slot = 0; slot < Columns.Count; slot++)
            {
                output.Write(',');
                int v = (packed >> (8 * slot)) & 0xFF;
                if (v > 0) output.Write((v - 1).ToString(CultureInfo.InvariantCulture));
            }
        }

        // A fold row for a mutant the assay lacks means the files disagree: refuse rather than guess.
        public void CheckAllIn(HashSet<ulong> assayMutants)
        {
            foreach (var (key, (_, where)) in _rows)
                if (!assayMutants.Contains(key))
                    throw new InvalidInputException($"{where} is not in the assay");
        }
    }
}
