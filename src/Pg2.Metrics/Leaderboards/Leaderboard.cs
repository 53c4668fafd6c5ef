namespace Pg2.Metrics.Leaderboards;

/// <summary>How a leaderboard's overall value was averaged.</summary>
public enum LeaderboardRule
{
    /// <summary>Plain mean over assays (no assay metadata available).</summary>
    PlainMean,
    /// <summary>
    /// ProteinGym's rule: assay values → mean per (UniProt_ID, coarse_selection_type) → mean per
    /// coarse_selection_type → mean of the function means.
    /// </summary>
    ProteinMeanThenFunctionMean,
}

/// <summary>One model's metric summarised over many assays.</summary>
/// <param name="Overall">The summary value.</param>
/// <param name="ByFunction">Mean per coarse_selection_type (empty under <see cref="LeaderboardRule.PlainMean"/>).</param>
/// <param name="Assays">Number of assays with a defined value.</param>
/// <param name="Rule">How <see cref="Overall"/> was formed.</param>
public sealed record LeaderboardSummary(double Overall, IReadOnlyDictionary<string, double> ByFunction, int Assays, LeaderboardRule Rule);

/// <summary>
/// Averages per-assay metric values into a leaderboard number the way ProteinGym does (FORMATS.md §D.5),
/// so proteins with many assays and over-represented function types do not dominate. NaN values are
/// skipped at every level (pandas' mean).
/// </summary>
public static class Leaderboard
{
    /// <summary>
    /// Summarises <paramref name="assayValues"/> (DMS_id → value). With a <paramref name="catalog"/> the
    /// ProteinGym rule applies; without, the plain mean.
    /// </summary>
    /// <exception cref="MetricInputException">An assay is missing from the catalog.</exception>
    public static LeaderboardSummary Summarise(IReadOnlyDictionary<string, double> assayValues, AssayCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(assayValues);
        var defined = assayValues.Where(kv => !double.IsNaN(kv.Value)).ToList();
        if (catalog is null)
        {
            return new LeaderboardSummary(Mean(defined.Select(kv => kv.Value)), new Dictionary<string, double>(), defined.Count, LeaderboardRule.PlainMean);
        }
        // Resolve every assay first so a missing one is reported even if its value is NaN.
        var infos = assayValues.Keys.ToDictionary(id => id, id => catalog[id]);
        var byFunction = defined
            .GroupBy(kv => (infos[kv.Key].UniProtId, infos[kv.Key].SelectionType))
            .Select(g => (Function: g.Key.SelectionType, Value: Mean(g.Select(kv => kv.Value))))
            .GroupBy(p => p.Function, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Mean(g.Select(p => p.Value)), StringComparer.Ordinal);
        return new LeaderboardSummary(Mean(byFunction.Values), byFunction, defined.Count, LeaderboardRule.ProteinMeanThenFunctionMean);
    }

    private static double Mean(IEnumerable<double> values)
    {
        double sum = 0;
        int n = 0;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            sum += v;
            n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }
}
