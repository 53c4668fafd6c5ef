using Pg2.Contracts;
using Pg2.Datasets.Assays;

namespace Pg2.Datasets.Splits;

/// <summary>
/// The slices of a <c>.splits.pgdata</c> archive (FORMATS.md §C.4, proteingym-base's <c>Subsets</c>): either
/// one unnamed list of slices or named splits (<c>random</c>, <c>modulo</c>, …), each a list whose index is
/// the fold number. A slice selects records of each assay by a boolean mask.
/// </summary>
public sealed class DatasetSplits
{
    private readonly Dictionary<string, IReadOnlyList<DatasetSlice>> _splits;

    /// <summary>Named splits, in order; <paramref name="named"/> false = one unnamed list (stored under <see cref="Unnamed"/>).</summary>
    public DatasetSplits(IReadOnlyList<KeyValuePair<string, IReadOnlyList<DatasetSlice>>> splits, bool named)
    {
        ArgumentNullException.ThrowIfNull(splits);
        Named = named;
        Names = splits.Select(s => s.Key).ToList();
        _splits = new Dictionary<string, IReadOnlyList<DatasetSlice>>(StringComparer.Ordinal);
        foreach (var (k, v) in splits)
            if (!_splits.TryAdd(k, v)) throw new ArgumentException($"split '{k}' given twice", nameof(splits));
    }

    /// <summary>The key of the one list of an unnamed <c>slices.json</c>.</summary>
    public const string Unnamed = "";

    /// <summary>Whether <c>slices.json</c> is an object of named splits (else a plain list).</summary>
    public bool Named { get; }

    /// <summary>Split names in file order (<see cref="Unnamed"/> for a plain list).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The slices (folds) of split <paramref name="name"/>; a plain list answers to any name.</summary>
    /// <exception cref="InvalidInputException">No such split.</exception>
    public IReadOnlyList<DatasetSlice> this[string name] =>
        !Named ? _splits[Unnamed]
        : _splits.TryGetValue(name, out var s) ? s
        : throw new InvalidInputException($"no split '{name}' in the splits archive (splits: {string.Join(", ", Names)})");
}

/// <summary>One slice (one fold): a record mask per assay, aligned with the dataset's assays; null = every record of every assay.</summary>
/// <param name="Assays">One entry per assay, or null.</param>
/// <param name="Metadata">Free metadata (e.g. <c>top_k</c>), strings or numbers, or null.</param>
public sealed record DatasetSlice(IReadOnlyList<AssaySlice>? Assays, IReadOnlyDictionary<string, object>? Metadata = null);

/// <summary>One assay's part of a slice.</summary>
/// <param name="Columns">Columns kept (null = all, empty = the assay is left out).</param>
/// <param name="Records">Mask over the assay's records in file order (null = all).</param>
/// <param name="Metadata">Free metadata, or null.</param>
public sealed record AssaySlice(IReadOnlyList<string>? Columns, bool[]? Records, IReadOnlyDictionary<string, object>? Metadata = null)
{
    /// <summary>Whether record <paramref name="record"/> is in the slice.</summary>
    public bool Contains(int record) => Columns is not { Count: 0 } && (Records is null || Records[record]);
}
