using System.Globalization;
using Pg2.Datasets.Alignments;
using Pg2.Datasets.Archives;
using Pg2.Datasets.Assays;
using Pg2.Datasets.Mutations;
using Pg2.Datasets.Splits;
using Pg2.Contracts;

namespace Pg2.Datasets;

/// <summary>
/// A pg2 dataset in memory: its manifest, the assay rows and optional alignment and structures.
/// Loaded from any registered archive format (seed <c>dataset.zip</c>, <c>.pgdata</c> b1 or rc0,
/// <c>.splits.pgdata</c>) by <see cref="FromPath"/>; written in any of them by <see cref="Save(string, string)"/>.
/// </summary>
public sealed class Dataset
{
    /// <summary>Constant naming the reference (wild-type) sequence.</summary>
    public const string SequenceConstant = "sequence";
    /// <summary>Constant naming the column that holds mutation strings.</summary>
    public const string MutationColumnConstant = "mutation_col";
    /// <summary>Constant giving the residue number of the reference's first character.</summary>
    public const string OffsetConstant = "offset";
    /// <summary>Constant giving the DMS score binarisation cutoff.</summary>
    public const string BinCutoffConstant = "dms_score_bin_cutoff";

    /// <summary>Creates a dataset from its parts.</summary>
    public Dataset(DatasetManifest manifest, AssayTable assays, Alignment? msa = null,
        IReadOnlyDictionary<string, byte[]>? structures = null)
    {
        Manifest = manifest;
        Assays = assays;
        Msa = msa;
        Structures = structures ?? new Dictionary<string, byte[]>();
    }

    /// <summary>The manifest (name, description, assays/MSA/structure metadata).</summary>
    public DatasetManifest Manifest { get; }
    /// <summary>Dataset name.</summary>
    public string Name => Manifest.Name;
    /// <summary>The assay rows, with canonical column names.</summary>
    public AssayTable Assays { get; }
    /// <summary>The alignment named by <c>msa_meta</c>, if any.</summary>
    public Alignment? Msa { get; }
    /// <summary>Structure files by archive path (raw bytes: PDB/mmCIF text).</summary>
    public IReadOnlyDictionary<string, byte[]> Structures { get; }

    /// <summary>The slices of a <c>.splits.pgdata</c> archive (named splits of folds), or null for a plain dataset.</summary>
    public DatasetSplits? Splits { get; private init; }

    /// <summary>A <c>.pgdata</c> archive's full content (several assays, raw assays, weights, …), kept so writing it again loses nothing.</summary>
    internal PgdataContent? Pgdata { get; init; }

    /// <summary>The archive formats <see cref="Save(string, string)"/> writes: <c>seed</c>, <c>b1</c>, <c>rc0</c>, <c>splits</c>.</summary>
    public static IReadOnlyList<string> Formats => [.. ArchiveFormats.All.Select(f => f.Name)];

    /// <summary>The format a file name asks for: <c>.splits.pgdata</c> → splits, <c>.pgdata</c> → rc0, else seed.</summary>
    public static string FormatFor(string path) => ArchiveFormats.ForPath(path).Name;

    /// <summary>This dataset with <paramref name="splits"/> (for a splits archive); every slice must fit its assays.</summary>
    public Dataset WithSplits(DatasetSplits? splits)
    {
        if (splits is not null)
        {
            var counts = PgdataSeedView.FromDataset(this).Assays.Select(a => a.Table.RowCount).ToList();
            foreach (var name in splits.Names)
                foreach (var slice in splits[name])
                    if (slice.Assays is { } assays && (assays.Count != counts.Count || assays.Where((a, i) => a.Records is { } r && r.Length != counts[i]).Any()))
                        throw new InvalidInputException($"dataset '{Name}': a slice of split '{name}' does not match the dataset's {counts.Count} assay(s) and their record counts");
        }
        return new Dataset(Manifest, Assays, Msa, Structures) { Pgdata = Pgdata, Splits = splits, AlignmentWeights = AlignmentWeights };
    }

    /// <summary>Rows of <see cref="Assays"/> a slice selects (assays are concatenated in archive order), ascending.</summary>
    public int[] SliceRows(DatasetSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var content = PgdataSeedView.FromDataset(this);
        var offsets = content.AssayOffsets();
        var rows = new List<int>();
        for (int a = 0; a < content.Assays.Count; a++)
        {
            var part = slice.Assays?[a];
            for (int r = 0; r < content.Assays[a].Table.RowCount; r++)
                if (part is null || part.Contains(r)) rows.Add(offsets[a] + r);
        }
        return [.. rows];
    }

    /// <summary>The slice selecting <paramref name="rows"/> of <see cref="Assays"/> (a record mask per assay, all columns).</summary>
    public DatasetSlice SliceOf(IEnumerable<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var content = PgdataSeedView.FromDataset(this);
        var offsets = content.AssayOffsets();
        var masks = content.Assays.Select(a => new bool[a.Table.RowCount]).ToArray();
        foreach (var row in rows)
        {
            int a = Array.FindLastIndex(offsets, o => o <= row);
            masks[a][row - offsets[a]] = true;
        }
        return new DatasetSlice([.. masks.Select(m => new AssaySlice(null, m))]);
    }

    /// <summary>
    /// Precomputed sequence weights of <see cref="Msa"/> (ProteinGym's <c>DMS_msa_weights</c>), one per
    /// alignment record in file order, or null. Set only with an alignment; every weight finite and
    /// non-negative, and exactly one per record, else an <see cref="InvalidInputException"/>.
    /// </summary>
    public IReadOnlyList<double>? AlignmentWeights
    {
        get => _alignmentWeights;
        init => _alignmentWeights = value is null ? null : CheckedWeights(value);
    }

    private readonly double[]? _alignmentWeights;

    private double[] CheckedWeights(IReadOnlyList<double> weights)
    {
        var msa = Msa ?? throw new InvalidInputException($"dataset '{Name}': alignment weights given without an alignment");
        if (weights.Count != msa.Depth)
            throw new InvalidInputException(
                $"dataset '{Name}': {weights.Count:N0} alignment weights for {msa.Depth:N0} alignment records (expected one weight per record)");
        var copy = weights.ToArray();
        for (int i = 0; i < copy.Length; i++)
            if (!double.IsFinite(copy[i]) || copy[i] < 0)
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                    $"dataset '{Name}': alignment weight {i + 1} (record '{msa.Ids[i]}') is {copy[i]}, expected a finite number >= 0"));
        return copy;
    }

    /// <summary>Target names (keys of <c>assays_meta.assays</c>), in manifest order.</summary>
    public IReadOnlyList<string> Targets =>
        Manifest.AssaysMeta?.Assays.Keys.ToList() ?? (IReadOnlyList<string>)[];

    /// <summary>All targets' features concatenated (pg2-dataset's <c>features</c>).</summary>
    public IReadOnlyList<string> Features =>
        Manifest.AssaysMeta?.Assays.Values.SelectMany(t => t.Features).ToList() ?? (IReadOnlyList<string>)[];

    /// <summary>
    /// Loads a dataset archive: a seed <c>dataset.zip</c> (root <c>manifest.toml</c>, FORMATS.md §A), a
    /// <c>.pgdata</c> archive (root <c>manifest.lock</c>, b1 or rc0 schema, §C) or a splits archive
    /// (<c>dataset.pgdata</c> + <c>slices.json</c>, §C.4), told apart by content. The zip is read in place,
    /// never extracted. Any problem with the file is an <see cref="InvalidInputException"/> naming the file,
    /// entry, field or line.
    /// </summary>
    public static Dataset FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var archive = ArchiveReader.Open(path);
        return ArchiveFormats.Read(archive);
    }

    /// <summary>
    /// Writes the dataset in archive format <paramref name="format"/> (one of <see cref="Formats"/>) atomically;
    /// <see cref="FromPath"/> loads it back equal. <c>splits</c> needs <see cref="Splits"/>.
    /// </summary>
    public void Save(string path, string format)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(format);
        var writer = ArchiveFormats.Named(format);
        AtomicFile.Write(path, s => writer.Write(this, s));
    }

    /// <summary>
    /// Writes the dataset as a seed-format zip (<c>manifest.toml</c>, <c>assays.csv</c> with canonical column
    /// names, the alignment as <c>msa.a2m</c>, structures under their paths). The file is replaced atomically;
    /// <see cref="FromPath"/> loads it back equal.
    /// </summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Save(path, "seed");
    }

    /// <summary>Metadata of one target.</summary>
    public TargetMeta Target(string target) =>
        Manifest.AssaysMeta?.Assays.TryGetValue(target, out var m) == true
            ? m
            : throw new InvalidInputException(
                $"dataset '{Name}' has no target '{target}' (targets: {string.Join(", ", Targets)})");

    /// <summary>Rows with a sequence and a value for <paramref name="target"/>: X (sequence + features) and Y.</summary>
    public TargetView ForTarget(string target)
    {
        var meta = Target(target);
        if (!Assays.TryGetColumn(target, out var column))
            throw new InvalidInputException($"dataset '{Name}': target column '{target}' is not in the assays");
        if (column is not NumericColumn y)
            throw new InvalidInputException($"dataset '{Name}': target column '{target}' is not numeric");
        var seq = (TextColumn)Assays[AssayTable.SequenceColumn];
        var rows = new List<int>(Assays.RowCount);
        for (int i = 0; i < Assays.RowCount; i++)
            if (!seq.IsNull(i) && !double.IsNaN(y.Values[i])) rows.Add(i);
        var features = meta.Features.Order(StringComparer.Ordinal).ToList();
        return new TargetView(Assays, target, features, rows.ToArray());
    }

    /// <summary>
    /// The split strategy the manifest asks for: predefined when <c>split_feature</c> is set, else
    /// <see cref="RandomSplitStrategy"/> (seeded with its default) for <c>split_strategy</c>
    /// <c>"RandomSplitStrategy"</c> or empty. Any other name is an error.
    /// </summary>
    public ISplitStrategy SplitStrategy(string target)
    {
        _ = Target(target);
        var meta = Manifest.AssaysMeta!;
        if (meta.SplitFeature.Length > 0) return new PredefinedSplitStrategy();
        return meta.SplitStrategy switch
        {
            "" or "RandomSplitStrategy" => new RandomSplitStrategy(),
            _ => throw new InvalidInputException(
                $"dataset '{Name}': unknown split_strategy '{meta.SplitStrategy}' (known: RandomSplitStrategy)"),
        };
    }

    /// <summary>
    /// The folds of <paramref name="scheme"/> the archive carries (<c>[assays_meta.folds]</c>, e.g. ProteinGym's
    /// <c>fold_modulo_5</c> column) over the rows of <paramref name="view"/>, or null when it carries none for
    /// that scheme (then folds are computed: <see cref="FoldAssignment.Compute"/>).
    /// </summary>
    public FoldAssignment? ArchiveFolds(TargetView view, FoldScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (Manifest.AssaysMeta?.Folds.GetValueOrDefault(FoldAssignment.NameOf(scheme)) is not { } name) return null;
        if (!Assays.TryGetColumn(name, out var column) || column is not NumericColumn folds)
            throw new InvalidInputException($"dataset '{Name}': fold column '{name}' ([assays_meta.folds] {FoldAssignment.NameOf(scheme)}) is not a numeric column of the assays");
        return FoldAssignment.FromColumn(view, scheme, folds, $"dataset '{Name}', fold column '{name}'");
    }

    /// <summary>
    /// Reads only the manifest of the archive at <paramref name="path"/> (cheap: no assay rows, no alignment),
    /// e.g. to filter or plan over many archives. A <c>.pgdata</c> archive is loaded whole.
    /// </summary>
    public static DatasetManifest ReadManifest(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var archive = ArchiveReader.Open(path);
        if (archive.Contains(SeedManifestToml.FileName))
            return SeedManifestToml.Parse(archive.ReadAllText(SeedManifestToml.FileName), $"{archive.Path}:{SeedManifestToml.FileName}");
        return FromPath(path).Manifest;
    }

    /// <summary>
    /// The reference (wild-type) sequence of <paramref name="target"/> from its constants (<c>sequence</c>,
    /// <c>offset</c>), or null when the dataset has none. Without an <c>offset</c> constant, when
    /// <c>mutation_col</c> names a column of mutation strings, the offset is inferred: 1 if every wild-type
    /// letter matches there, else the smallest offset under which all match (24 for the seed ranganathan
    /// dataset); 1 when none does.
    /// </summary>
    public ReferenceSequence? ReferenceSequence(string target)
    {
        var constants = Target(target).Constants;
        if (!constants.TryGetValue(SequenceConstant, out var s) || s is not string sequence || sequence.Length == 0)
            return null;
        if (constants.TryGetValue(OffsetConstant, out var o))
        {
            var offset = o switch
            {
                double d when d == Math.Floor(d) && Math.Abs(d) < int.MaxValue => (int)d,
                string text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) => i,
                _ => throw new InvalidInputException($"dataset '{Name}': constant 'offset' of target '{target}' must be an integer, got '{o}'"),
            };
            return new ReferenceSequence(sequence, offset);
        }
        var mutants = MutationStrings(target);
        if (mutants is null) return new ReferenceSequence(sequence, 1);
        return new ReferenceSequence(sequence, InferOffset(sequence, mutants) ?? 1, OffsetInferred: true);
    }

    /// <summary>The parsed mutation strings of the <c>mutation_col</c> column for the target's rows, or null.</summary>
    internal IReadOnlyList<Mutant>? MutationStrings(string target)
    {
        var constants = Target(target).Constants;
        if (!constants.TryGetValue(MutationColumnConstant, out var c) || c is not string column
            || !Assays.TryGetColumn(column, out var col) || col is not TextColumn text)
            return null;
        var view = ForTarget(target);
        var list = new List<Mutant>(view.Count);
        foreach (var r in view.Rows)
        {
            var v = text.Values[r];
            if (string.IsNullOrEmpty(v)) continue;
            // Not mutation strings (full sequences), or invalid ones that loading reports by row: no inference.
            if (!Mutant.LooksLikeMutant(v)) return null;
            try
            {
                list.Add(Mutant.Parse(v));
            }
            catch (InvalidInputException)
            {
                return null;
            }
        }
        return list;
    }

    private static int? InferOffset(string reference, IReadOnlyList<Mutant> mutants)
    {
        if (mutants.Count == 0) return null;
        if (mutants.All(m => m.Matches(reference, 1))) return 1;
        var first = mutants[0].Substitutions[0];
        var candidates = new List<int>();
        for (int i = 0; i < reference.Length; i++)
            if (char.ToUpperInvariant(reference[i]) == first.Wild) candidates.Add(first.Position - i);
        candidates.Sort();
        foreach (var offset in candidates)
            if (mutants.All(m => m.Matches(reference, offset))) return offset;
        return null;
    }
}
