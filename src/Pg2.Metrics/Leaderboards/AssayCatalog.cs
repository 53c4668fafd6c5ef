using nietras.SeparatedValues;

namespace Pg2.Metrics.Leaderboards;

/// <summary>An assay's grouping keys for leaderboard averaging.</summary>
/// <param name="DmsId">ProteinGym's assay id (<c>DMS_id</c>).</param>
/// <param name="UniProtId">The protein (<c>UniProt_ID</c>).</param>
/// <param name="SelectionType">The function type (<c>coarse_selection_type</c>: Activity, Binding, Expression, OrganismalFitness, Stability).</param>
/// <param name="MsaDepth">The alignment-depth category (<c>MSA_Neff_L_category</c>: Low, Medium, High), or null when unknown.</param>
/// <param name="Taxon">The taxon (<c>taxon</c>: Human, Eukaryote, Prokaryote, Virus), or null when unknown.</param>
public sealed record AssayInfo(string DmsId, string UniProtId, string SelectionType, string? MsaDepth = null, string? Taxon = null);

/// <summary>
/// Assay metadata by <c>DMS_id</c>, read from ProteinGym's reference file (<c>DMS_substitutions.csv</c>,
/// columns <c>DMS_id</c>, <c>UniProt_ID</c>, <c>coarse_selection_type</c>, and where present
/// <c>MSA_Neff_L_category</c> and <c>taxon</c> for the breakdowns).
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

    /// <summary>Every assay, in no particular order.</summary>
    public IEnumerable<AssayInfo> Assays => _assays.Values;

    /// <summary>Whether <paramref name="dmsId"/> is in the catalog.</summary>
    public bool Contains(string dmsId) => _assays.ContainsKey(dmsId);

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
        int Find(string column)
        {
            for (int i = 0; i < names.Count; i++)
                if (names[i] == column) return i;
            return -1;
        }
        int Index(string column) => Find(column) is >= 0 and var i ? i
            : throw new MetricInputException($"{path}: no column '{column}'; expected DMS_id, UniProt_ID, coarse_selection_type");
        int id = Index("DMS_id"), uniprot = Index("UniProt_ID"), type = Index("coarse_selection_type");
        int depth = Find("MSA_Neff_L_category"), taxon = Find("taxon");
        var assays = new List<AssayInfo>();
        int line = 1;
        foreach (var row in reader)
        {
            line++;
            var a = new AssayInfo(row[id].ToString().Trim(), row[uniprot].ToString().Trim(), row[type].ToString().Trim(),
                depth < 0 ? null : DepthCategory(row[depth].ToString()), taxon < 0 ? null : Blank(row[taxon].ToString()));
            if (a.DmsId.Length == 0 || a.UniProtId.Length == 0 || a.SelectionType.Length == 0)
                throw new MetricInputException($"{path}: line {line}: empty DMS_id, UniProt_ID or coarse_selection_type");
            assays.Add(a);
        }
        return new AssayCatalog(assays);
    }

    /// <summary>ProteinGym capitalises the depth category's first letter (<c>low</c> → <c>Low</c>) before grouping.</summary>
    internal static string? DepthCategory(string text) =>
        Blank(text) is { } t ? char.ToUpperInvariant(t[0]) + t[1..] : null;

    static string? Blank(string text) => text.Trim() is { Length: > 0 } t ? t : null;
}
