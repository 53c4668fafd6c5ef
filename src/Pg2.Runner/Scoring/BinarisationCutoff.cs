using System.Globalization;
using Pg2.Datasets;
using Pg2.Metrics;
using Pg2.Runner.Games;
using Pg2.Contracts;

namespace Pg2.Runner.Scoring;

/// <summary>
/// The cutoff that turns measured values into fit / not fit for AUC and MCC: the target's
/// <c>dms_score_bin_cutoff</c> constant (ProteinGym's DMS_binarization_cutoff) when the archive has
/// one. Fold jobs get none: their values are standardised per fold, so a raw-scale cutoff would
/// not apply; the metrics then binarise at the median.
/// </summary>
public static class BinarisationCutoff
{
    /// <summary>Whether any of <paramref name="metrics"/> needs labels (<see cref="IMetric.NeedsLabels"/>), hence a cutoff.</summary>
    public static bool Needed(IEnumerable<string> metrics) => MetricRegistry.Default.Resolve(metrics).Any(m => m.NeedsLabels);

    /// <summary>The cutoff of <paramref name="dataset"/>'s target, or null (absent, or the archive cannot be read).</summary>
    public static double? Of(GameDataset dataset)
    {
        try
        {
            var data = Dataset.FromPath(dataset.Path);
            var target = dataset.Target ?? data.Targets.FirstOrDefault();
            if (target is null) return null;
            return data.Target(target).Constants.TryGetValue(Dataset.BinCutoffConstant, out var v) ? v switch
            {
                double d => d,
                long l => l,
                int i => i,
                string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) => p,
                _ => null,
            } : null;
        }
        catch (InvalidInputException)
        {
            // The model job reports a broken archive itself; scoring falls back to the median rule.
            return null;
        }
    }
}
