using System.Collections.Concurrent;
using System.Globalization;
using Pg2.Contracts;
using Pg2.Datasets;
using Pg2.Datasets.Assays;

namespace Pg2.Runner.Costs;

/// <summary>
/// The sizes a job's cost depends on: assay rows, target length, and the alignment's focus length and
/// depth (0 without an alignment). Read from an imported ProteinGym archive's reference constants when it
/// has them (no need to open the assay), else from the archive itself.
/// </summary>
/// <param name="Rows">Assay rows (variants).</param>
/// <param name="Length">Target (wild-type) sequence length.</param>
/// <param name="AlignmentLength">Residues of the alignment's focus (the region it covers), 0 without one.</param>
/// <param name="Depth">Alignment records, 0 without one.</param>
public sealed record CostFeatures(long Rows, int Length, int AlignmentLength, long Depth)
{
    static readonly ConcurrentDictionary<(string Path, DateTime Written, long Size), CostFeatures> Cache = new();

    /// <summary>The sizes of the archive at <paramref name="archive"/> (cached per file version).</summary>
    public static CostFeatures Of(string archive)
    {
        var info = new FileInfo(archive);
        return Cache.GetOrAdd((info.FullName, info.Exists ? info.LastWriteTimeUtc : default, info.Exists ? info.Length : -1), _ => Read(archive));
    }

    /// <summary>
    /// The sizes of a row of ProteinGym's reference file (<c>DMS_substitutions.csv</c>): <c>DMS_total_number_mutants</c>,
    /// <c>seq_len</c>, <c>MSA_start</c>–<c>MSA_end</c> and <c>MSA_num_seqs</c> — an estimate before anything is downloaded.
    /// </summary>
    /// <exception cref="InvalidInputException">A size is missing or not a whole number (names the row and column).</exception>
    public static CostFeatures Of(Pg2.Datasets.ProteinGym.ReferenceAssay assay)
    {
        ArgumentNullException.ThrowIfNull(assay);
        var length = assay.Cell("seq_len").Length > 0 ? assay.Integer("seq_len") : assay.Cell("target_seq").Length;
        var depth = assay.Cell("MSA_num_seqs").Length > 0 ? assay.Integer("MSA_num_seqs") : 0;
        var region = assay.Cell("MSA_start").Length > 0 && assay.Cell("MSA_end").Length > 0 ? assay.Integer("MSA_end") - assay.Integer("MSA_start") + 1 : length;
        var rows = assay.Integer("DMS_total_number_mutants");
        foreach (var (value, column) in new[] { (length, "seq_len"), (depth, "MSA_num_seqs"), (region, "MSA_end"), (rows, "DMS_total_number_mutants") })
            if (value < 0) throw new InvalidInputException($"{assay.Where(column)}: expected a size of 0 or more, got {value}");
        return new CostFeatures(rows, length, depth > 0 ? region : 0, depth);
    }

    static CostFeatures Read(string archive)
    {
        var constants = Dataset.ReadManifest(archive).AssaysMeta?.Assays.Values.FirstOrDefault()?.Constants;
        if (constants is not null && Number(constants, "seq_len") is { } length && Number(constants, "dms_total_number_mutants") is { } rows)
        {
            // An imported ProteinGym archive: the reference file's sizes (MSA_start/MSA_end give the alignment's region).
            var depth = Number(constants, "msa_num_seqs") ?? 0;
            var region = Number(constants, "msa_start") is { } start && Number(constants, "msa_end") is { } end ? end - start + 1 : length;
            return new CostFeatures((long)rows, (int)length, depth > 0 ? (int)region : 0, (long)depth);
        }
        var dataset = Dataset.FromPath(archive);
        var target = dataset.Manifest.AssaysMeta?.Assays.Keys.FirstOrDefault();
        var reference = target is null ? null : dataset.ReferenceSequence(target);
        var msa = dataset.Msa;
        var focus = msa?.FocusSequence.Length ?? 0;
        var targetLength = reference?.Sequence.Length ?? (focus > 0 ? focus : LongestSequence(dataset));
        return new CostFeatures(dataset.Assays.RowCount, targetLength, focus, msa?.Depth ?? 0);
    }

    static int LongestSequence(Dataset dataset)
    {
        if (!dataset.Assays.TryGetColumn(AssayTable.SequenceColumn, out _)) return 0;
        var longest = 0;
        foreach (var s in dataset.Assays.Sequences) longest = Math.Max(longest, s?.Length ?? 0);
        return longest;
    }

    static double? Number(IReadOnlyDictionary<string, object> constants, string key) =>
        !constants.TryGetValue(key, out var v) ? null
        : v is double d && double.IsFinite(d) && d >= 0 ? d
        : v is string s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && double.IsFinite(p) && p >= 0 ? p
        : null;
}
