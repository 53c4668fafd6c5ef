using nietras.SeparatedValues;

namespace Pg2.Metrics.Leaderboards;

/// <summary>An assay's grouping keys for leaderboard averaging.</summary>
/// <param name="DmsId">ProteinGym's assay id (<c>DMS_id</c>).</param>
/// <param name="UniProtId">The protein (<c>UniProt_ID</c>).</param>
/// <param name="SelectionType">The function type (<c>coarse_selection_type</c>: Activity, Binding, Expression, OrganismalFitness, Stability).</param>
public sealed record AssayInfo(string DmsId, string UniProtId, string SelectionType);

/// <summary>
/// Assay metadata by <c>DMS_id</c>, read from ProteinGym's reference file (<c>DMS_substitutions.csv</c>,
/// columns <c>DMS_id</c>, <c>UniProt_ID</c>, <c>coarse_selection_type</c>).
/// </summary>
public sealed class AssayCatalog
{
    private readonly Dictionary<string, AssayInfo> _assays;

    /// <summary>Creates a catalog from records (later duplicates of a DMS_id replace earlier ones).</summary>
    public AssayCatalog(IEnumerable<AssayInfo> assays)
    {
        ArgumentNullException.ThrowIfNull(assays);
        _assays = new Dictionary<string, AssayInfo>(StringComparer.Ordinal);
        foreach (var a in assays) _assays[a.DmsId] = a;
    }

    /// <summary>Number of assays.</summary>
    public int Count => _assays.Count;

    /// <summary>The metadata of <paramref name="dmsId"/>.</summary>
    /// <exception cref="MetricInputException">The assay is not in the catalog.</exception>
    public AssayInfo this[string dmsId] =>
        _assays.TryGetValue(dmsId, out var a) ? a : throw new MetricInputException($"assay '{dmsId}' is not in the assay metadata ({_assays.Count} assays)");

    /// <summary>Reads <c>DMS_substitutions.csv</c> (or any CSV with the three columns).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="MetricInputException">A required column is missing or a cell is empty.</exception>
    public static AssayCatalog Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"assay metadata not found: {path}", path);
        using var reader = Sep.Reader(o => o with { Sep = new Sep(','), Unescape = true }).FromFile(path);
        var names = reader.Header.ColNames;
        int Index(string column)
        {
            for (int i = 0; i < names.Count; i++)
                if (names[i] == column) return i;
            throw new MetricInputException($"{path}: no column '{column}'; expected DMS_id, UniProt_ID, coarse_selection_type");
        }
        int id = Index("DMS_id"), uniprot = Index("UniProt_ID"), type = Index("coarse_selection_type");
        var assays = new List<AssayInfo>();
        int line = 1;
        foreach (var row in reader)
        {
            line++;
            var a = new AssayInfo(row[id].ToString().Trim(), row[uniprot].ToString().Trim(), row[type].ToString().Trim());
            if (a.DmsId.Length == 0 || a.UniProtId.Length == 0 || a.SelectionType.Length == 0)
                throw new MetricInputException($"{path}: line {line}: empty DMS_id, UniProt_ID or coarse_selection_type");
            assays.Add(a);
        }
        return new AssayCatalog(assays);
    }
}
