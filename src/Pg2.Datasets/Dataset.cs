using Pg2.Datasets.Alignments;
using Pg2.Datasets.Assays;

namespace Pg2.Datasets;

/// <summary>
/// A pg2 dataset in memory: its manifest, the assay rows and optional alignment and structures.
/// Loaded from a seed-format <c>dataset.zip</c> or a <c>.pgdata</c> archive by
/// <c>FromPath</c>; written back as a seed-format archive by <c>Save</c>.
/// </summary>
public sealed class Dataset
{
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

    /// <summary>Target names (keys of <c>assays_meta.assays</c>), in manifest order.</summary>
    public IReadOnlyList<string> Targets =>
        Manifest.AssaysMeta?.Assays.Keys.ToList() ?? (IReadOnlyList<string>)[];

    /// <summary>All targets' features concatenated (pg2-dataset's <c>features</c>).</summary>
    public IReadOnlyList<string> Features =>
        Manifest.AssaysMeta?.Assays.Values.SelectMany(t => t.Features).ToList() ?? (IReadOnlyList<string>)[];

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
        var seq = Assays.Sequences;
        var y = Assays.Numeric(target);
        var rows = new List<int>(Assays.RowCount);
        for (int i = 0; i < Assays.RowCount; i++)
            if (!string.IsNullOrEmpty(seq[i]) && !double.IsNaN(y[i])) rows.Add(i);
        var features = meta.Features.Order(StringComparer.Ordinal).ToList();
        return new TargetView(Assays, target, features, rows.ToArray());
    }
}
