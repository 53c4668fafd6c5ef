namespace Pg2.Metrics.Leaderboards;

/// <summary>How a leaderboard's overall value was averaged.</summary>
public enum AssayAggregationRule
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
/// <param name="ByFunction">Mean per coarse_selection_type (empty under <see cref="AssayAggregationRule.PlainMean"/>).</param>
/// <param name="Assays">Number of assays with a defined value.</param>
/// <param name="Rule">How <see cref="Overall"/> was formed.</param>
public sealed record AssaySummary(double Overall, IReadOnlyDictionary<string, double> ByFunction, int Assays, AssayAggregationRule Rule)
{
    /// <summary>
    /// Per alignment-depth category (Low, Medium, High): that category's assays → mean per UniProt_ID → mean
    /// (no function level); empty when the catalog has no depth categories.
    /// </summary>
    public IReadOnlyDictionary<string, double> ByMsaDepth { get; init; } = new Dictionary<string, double>();

    /// <summary>Per taxon (Human, Eukaryote, Prokaryote, Virus), the same way as <see cref="ByMsaDepth"/>.</summary>
    public IReadOnlyDictionary<string, double> ByTaxon { get; init; } = new Dictionary<string, double>();
}

/// <summary>
/// Averages per-assay metric values into a leaderboard number the way ProteinGym does (FORMATS.md §D.5),
/// so proteins with many assays and over-represented function types do not dominate. NaN values are
/// skipped at every level (pandas' mean).
/// </summary>
public static class AssayAggregation
{
    /// <summary>
    /// Summarises <paramref name="assayValues"/> (DMS_id → value). With a <paramref name="catalog"/> the
    /// ProteinGym rule applies; without, the plain mean.
    /// </summary>
    /// <param name="assayValues">One value per assay.</param>
    /// <param name="catalog">Assay metadata; null for the plain mean.</param>
    /// <param name="assayDecimals">Round each assay value first, half to even (ProteinGym's published tables
    /// round DMS-level values to 3 decimals before averaging); null keeps full precision.</param>
    /// <exception cref="MetricInputException">An assay is missing from the catalog.</exception>
    public static AssaySummary Summarise(IReadOnlyDictionary<string, double> assayValues, AssayCatalog? catalog = null, int? assayDecimals = null)
    {
        ArgumentNullException.ThrowIfNull(assayValues);
        var defined = assayValues.Where(kv => !double.IsNaN(kv.Value))
            .Select(kv => assayDecimals is { } d ? KeyValuePair.Create(kv.Key, RoundLikeNumpy(kv.Value, d)) : kv)
            .ToList();
        if (catalog is null)
        {
            return new AssaySummary(Mean(defined.Select(kv => kv.Value)), new Dictionary<string, double>(), defined.Count, AssayAggregationRule.PlainMean);
        }
        // Resolve every assay first so a missing one is reported even if its value is NaN.
        var infos = assayValues.Keys.ToDictionary(id => id, id => catalog[id]);
        var byFunction = defined
            .GroupBy(kv => (infos[kv.Key].UniProtId, infos[kv.Key].SelectionType))
            .Select(g => (Function: g.Key.SelectionType, Value: Mean(g.Select(kv => kv.Value))))
            .GroupBy(p => p.Function, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Mean(g.Select(p => p.Value)), StringComparer.Ordinal);
        return new AssaySummary(Mean(byFunction.Values), byFunction, defined.Count, AssayAggregationRule.ProteinMeanThenFunctionMean)
        {
            ByMsaDepth = Breakdown(defined, id => infos[id].MsaDepth, infos),
            ByTaxon = Breakdown(defined, id => infos[id].Taxon, infos),
        };
    }

    /// <summary>
    /// ProteinGym's supervised summary (<c>performance_DMS_supervised_benchmarks.py</c>): each fold scheme is
    /// summarised on its own with <see cref="Summarise"/>, then every number (overall, per function, per depth,
    /// per taxon) is the mean over the schemes that have it.
    /// </summary>
    /// <param name="schemes">Fold scheme → (DMS_id → value).</param>
    /// <param name="catalog">Assay metadata.</param>
    /// <param name="assayDecimals">As in <see cref="Summarise"/>.</param>
    /// <returns>The mean summary; <see cref="AssaySummary.Assays"/> is the most assays any scheme had.</returns>
    public static AssaySummary SummariseSchemes(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> schemes, AssayCatalog catalog, int? assayDecimals = null)
    {
        ArgumentNullException.ThrowIfNull(schemes);
        ArgumentNullException.ThrowIfNull(catalog);
        var each = schemes.Values.Select(v => Summarise(v, catalog, assayDecimals)).ToList();
        static Dictionary<string, double> MeanOf(IEnumerable<IReadOnlyDictionary<string, double>> parts) =>
            parts.SelectMany(p => p).GroupBy(kv => kv.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Mean(g.Select(kv => kv.Value)), StringComparer.Ordinal);
        return new AssaySummary(Mean(each.Select(e => e.Overall)), MeanOf(each.Select(e => e.ByFunction)),
            each.Count == 0 ? 0 : each.Max(e => e.Assays), AssayAggregationRule.ProteinMeanThenFunctionMean)
        {
            ByMsaDepth = MeanOf(each.Select(e => e.ByMsaDepth)),
            ByTaxon = MeanOf(each.Select(e => e.ByTaxon)),
        };
    }

    /// <summary>Per category: its assays → mean per UniProt_ID → mean over those proteins; assays without a category are left out.</summary>
    static Dictionary<string, double> Breakdown(List<KeyValuePair<string, double>> defined, Func<string, string?> category, Dictionary<string, AssayInfo> infos) =>
        defined.Where(kv => category(kv.Key) is not null)
            .GroupBy(kv => (Category: category(kv.Key)!, infos[kv.Key].UniProtId))
            .Select(g => (g.Key.Category, Value: Mean(g.Select(kv => kv.Value))))
            .GroupBy(p => p.Category, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Mean(g.Select(p => p.Value)), StringComparer.Ordinal);

    /// <summary>
    /// ProteinGym's leaderboard bootstrap standard error (<c>compute_bootstrap_standard_error_functional_categories</c>):
    /// the per-(UniProt_ID, coarse_selection_type) means of the model, minus those of a
    /// <paramref name="reference"/> model when given (ProteinGym centres on its reference model), are
    /// resampled with replacement within each function type; each resample's value is the mean over function
    /// types of the per-type means; the standard error is the sample std (ddof = 1) over resamples.
    /// Seeded with <c>new Random(seed)</c>; not bit-equal to pandas' sampler, equal in distribution.
    /// </summary>
    /// <returns>NaN when no (protein, function) group has a defined value.</returns>
    /// <remarks>Without a <paramref name="catalog"/> every assay is its own protein and all share one function
    /// type: the plain bootstrap over assays, matching <see cref="AssayAggregationRule.PlainMean"/>.</remarks>
    public static double BootstrapStandardError(IReadOnlyDictionary<string, double> assayValues, AssayCatalog? catalog,
        IReadOnlyDictionary<string, double>? reference = null, int resamples = 10_000, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(assayValues);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 2);
        var model = GroupMeans(assayValues, catalog);
        var baseline = reference is null ? null : GroupMeans(reference, catalog);
        var byFunction = model
            .Select(kv => (kv.Key.Function, Value: baseline is null ? kv.Value : kv.Value - baseline.GetValueOrDefault(kv.Key, double.NaN)))
            .Where(p => !double.IsNaN(p.Value))
            .GroupBy(p => p.Function, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Select(p => p.Value).ToArray())
            .ToArray();
        if (byFunction.Length == 0) return double.NaN;
        var random = new Random(seed);
        var combined = new double[resamples];
        for (int b = 0; b < resamples; b++)
        {
            double sum = 0;
            foreach (var values in byFunction)
            {
                double s = 0;
                for (int i = 0; i < values.Length; i++) s += values[random.Next(values.Length)];
                sum += s / values.Length;
            }
            combined[b] = sum / byFunction.Length;
        }
        return Bootstrap.SampleStandardDeviation(combined);
    }

    private static Dictionary<(string UniProt, string Function), double> GroupMeans(IReadOnlyDictionary<string, double> values, AssayCatalog? catalog) =>
        values
            .Select(kv => (Group: catalog is null ? (kv.Key, "") : (catalog[kv.Key].UniProtId, catalog[kv.Key].SelectionType), kv.Value))
            .Where(p => !double.IsNaN(p.Value))
            .GroupBy(p => p.Group)
            .ToDictionary(g => g.Key, g => g.Average(p => p.Value));

    /// <summary>numpy's <c>round(x, decimals)</c>: rint(x·10^d) / 10^d, ties to even.</summary>
    internal static double RoundLikeNumpy(double x, int decimals)
    {
        double scale = Math.Pow(10, decimals);
        return Math.Round(x * scale, MidpointRounding.ToEven) / scale;
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
