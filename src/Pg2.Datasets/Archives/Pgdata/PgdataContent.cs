using Pg2.Datasets.Assays;

namespace Pg2.Datasets.Archives;

/// <summary>
/// Everything a <c>.pgdata</c> archive holds (FORMATS.md §C.1–C.2), as read, so that writing it again
/// loses nothing: several assays, raw assays, sequences, structures, MSAs with their weights and the
/// publication. The seed view every model sees (<see cref="Dataset"/>) is derived from it by
/// <see cref="PgdataSeedView"/>.
/// </summary>
internal sealed record PgdataContent
{
    public string Version { get; init; } = "1.0.0";
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public string ReferenceSequenceName { get; init; } = "";
    /// <summary>The <c>[publication]</c> table (title, author, …, doi), string values, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Publication { get; init; } = [];
    public IReadOnlyList<PgdataField> AssayVariables { get; init; } = [];
    public IReadOnlyList<PgdataField> AssayTargets { get; init; } = [];
    public required IReadOnlyList<PgdataAssay> Assays { get; init; }
    public IReadOnlyList<PgdataRawAssay> AssaysRaw { get; init; } = [];
    public IReadOnlyList<PgdataSequence> Sequences { get; init; } = [];
    public IReadOnlyList<PgdataStructure> Structures { get; init; } = [];
    public IReadOnlyList<PgdataMsa> Msas { get; init; } = [];
    public IReadOnlyList<PgdataMsaWeights> MsaWeights { get; init; } = [];

    /// <summary>The first row of each assay in the seed view's table (assays are concatenated in order).</summary>
    public int[] AssayOffsets()
    {
        var offsets = new int[Assays.Count];
        int next = 0;
        for (int a = 0; a < Assays.Count; a++)
        {
            offsets[a] = next;
            next += Assays[a].Table.RowCount;
        }
        return offsets;
    }
}

/// <summary>A declared variable, target or column (<c>Field</c>): <c>alias</c> is the CSV column when it differs from <c>name</c>.</summary>
internal sealed record PgdataField(string Name, object? Value = null, string Unit = "", string Description = "", string Encoding = "", string Alias = "")
{
    /// <summary>The CSV column holding this field.</summary>
    public string Column => Alias.Length > 0 ? Alias : Name;
}

/// <summary>
/// One <c>[[assays]]</c> entry. <see cref="Table"/> holds its records with columns named after the fields
/// (<c>sequence</c>, then targets, then non-targets: aliases resolved).
/// </summary>
internal sealed record PgdataAssay(
    string Name,
    string Description,
    string SequenceAlphabet,
    IReadOnlyList<PgdataField> Targets,
    IReadOnlyList<PgdataField> NonTargets,
    IReadOnlyList<KeyValuePair<string, object>> Variables,
    IReadOnlyList<KeyValuePair<string, object>> Properties,
    AssayTable Table);

/// <summary>One <c>[[assays_raw]]</c> entry: the CSV as it was, with its declared fields.</summary>
internal sealed record PgdataRawAssay(string Name, string Description, IReadOnlyList<PgdataField> Fields, byte[] Csv);

/// <summary>One sequence record (<c>[[sequences]]</c>, one FASTA record each); other keys (uniprot_id, …) in <see cref="Properties"/>.</summary>
internal sealed record PgdataSequence(string Name, string Type, string Alphabet, string Residues, string Description,
    IReadOnlyList<KeyValuePair<string, object>> Properties);

/// <summary>One structure file (<c>.pdb</c>, <c>.cif</c>, <c>.bcif</c>) with its metadata.</summary>
internal sealed record PgdataStructure(string Name, string Description, string Extension, byte[] Bytes,
    IReadOnlyList<KeyValuePair<string, object>> Properties);

/// <summary>One MSA file as it was, its format and other keys (metadata, theta, …).</summary>
internal sealed record PgdataMsa(string Name, string Description, string Format, string Extension, byte[] Text,
    IReadOnlyList<KeyValuePair<string, object>> Properties);

/// <summary>One MSA's sequence weights (<c>.npy</c>, one weight per MSA row).</summary>
internal sealed record PgdataMsaWeights(string Name, double[] Weights);
