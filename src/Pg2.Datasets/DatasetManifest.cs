namespace Pg2.Datasets;

/// <summary>
/// The dataset archive's <c>manifest.toml</c> (seed format, FORMATS.md §A.2). Field names follow the
/// TOML keys; defaults are the original's.
/// </summary>
public sealed record DatasetManifest
{
    /// <summary>Dataset name; used for output file names <c>{name}_{model}.csv</c>.</summary>
    public string Name { get; init; } = "";
    /// <summary>Free text.</summary>
    public string Description { get; init; } = "";
    /// <summary>Publication DOI.</summary>
    public string Doi { get; init; } = "";
    /// <summary>Source URI.</summary>
    public string Source { get; init; } = "";
    /// <summary>Cross reference.</summary>
    public string Xref { get; init; } = "";
    /// <summary>The assay table description, if any.</summary>
    public AssaysMeta? AssaysMeta { get; init; }
    /// <summary>Structure file or directory, if any.</summary>
    public StructuresMeta? StructuresMeta { get; init; }
    /// <summary>Multiple sequence alignment, if any.</summary>
    public MsaMeta? MsaMeta { get; init; }
}

/// <summary><c>[assays_meta]</c>: where the assay CSV is and how to read it.</summary>
public sealed record AssaysMeta
{
    /// <summary>CSV path inside the archive.</summary>
    public string FilePath { get; init; } = "";
    /// <summary>Column holding the sequence (or mutation string); renamed to <c>sequence</c>.</summary>
    public string SequenceFeature { get; init; } = "sequence";
    /// <summary>Column holding the engineering round; renamed to <c>engineering_round</c>.</summary>
    public string EngineeringRoundFeature { get; init; } = "";
    /// <summary>Column holding a predefined split (train/valid/test); renamed to <c>split</c>.</summary>
    public string SplitFeature { get; init; } = "";
    /// <summary>Split strategy class name; only <c>RandomSplitStrategy</c> is known.</summary>
    public string SplitStrategy { get; init; } = "";
    /// <summary>Per-target metadata keyed by target column name, in manifest order.</summary>
    public IReadOnlyDictionary<string, TargetMeta> Assays { get; init; } = new Dictionary<string, TargetMeta>();
    /// <summary>
    /// Precomputed cross-validation folds (<c>[assays_meta.folds]</c>): fold scheme (<c>random</c>,
    /// <c>modulo</c>, <c>contiguous</c>) → the column holding each row's fold (0-based; empty = in no fold),
    /// e.g. ProteinGym's <c>fold_random_5</c>. Empty when the archive carries none.
    /// </summary>
    public IReadOnlyDictionary<string, string> Folds { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The computed <c>columns</c> field: sorted non-empty values of the sequence, round and split
    /// features, every target and every target's features.
    /// </summary>
    public IReadOnlyList<string> Columns
    {
        get
        {
            var set = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var s in new[] { SequenceFeature, EngineeringRoundFeature, SplitFeature })
                if (s.Length > 0) set.Add(s);
            foreach (var (target, meta) in Assays)
            {
                set.Add(target);
                foreach (var f in meta.Features) set.Add(f);
            }
            foreach (var column in Folds.Values) set.Add(column);
            return set.ToList();
        }
    }
}

/// <summary><c>[assays_meta.assays.&lt;target&gt;]</c>: one prediction target.</summary>
public sealed record TargetMeta
{
    /// <summary>Free text.</summary>
    public string Description { get; init; } = "";
    /// <summary>Extra input columns for this target, in manifest order.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];
    /// <summary>
    /// Constants (finite number or string). Conventions: <c>sequence</c> = reference (wild-type)
    /// sequence, <c>mutation_col</c> = column holding mutation strings, <c>offset</c> = residue number of
    /// the reference's first character, <c>dms_score_bin_cutoff</c> = binarisation cutoff.
    /// </summary>
    public IReadOnlyDictionary<string, object> Constants { get; init; } = new Dictionary<string, object>();
}

/// <summary><c>[structures_meta]</c>.</summary>
public sealed record StructuresMeta
{
    /// <summary>Structure file or directory inside the archive.</summary>
    public string FilePath { get; init; } = "";
}

/// <summary><c>[msa_meta]</c>.</summary>
public sealed record MsaMeta
{
    /// <summary>Alignment file inside the archive.</summary>
    public string FilePath { get; init; } = "";
    /// <summary>Format: <c>a2m</c>, <c>a3m</c> or <c>fasta</c> (aligned FASTA).</summary>
    public string FileFormat { get; init; } = "";
    /// <summary>Characters read as gaps.</summary>
    public IReadOnlyList<string> GapChars { get; init; } = [];
    /// <summary>
    /// Precomputed sequence weights inside the archive (<c>weights_path</c>, as in proteingym-base's
    /// ProteinGym template): a 1-D float <c>.npy</c>, one weight per alignment record; empty when none.
    /// </summary>
    public string WeightsPath { get; init; } = "";
}
