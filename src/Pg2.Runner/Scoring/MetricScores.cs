using System.Text.Json.Nodes;
using Pg2.Datasets;
using Pg2.Metrics;
using Pg2.Contracts;

namespace Pg2.Runner.Scoring;

/// <summary>
/// Named metric values of one set of predictions, computed with <see cref="MetricRegistry"/>.
/// Undefined values (constant column, one class) are null, with the metric's warning kept.
/// </summary>
public sealed class MetricScores
{
    MetricScores(IReadOnlyDictionary<string, double?> values, IReadOnlyDictionary<string, string> warnings)
    {
        Values = values;
        Warnings = warnings;
    }

    /// <summary>Value per metric name, in the order asked; null when undefined.</summary>
    public IReadOnlyDictionary<string, double?> Values { get; }
    /// <summary>Warning per metric name, for the undefined or conventional values.</summary>
    public IReadOnlyDictionary<string, string> Warnings { get; }

    /// <summary>Checks every name is a registered metric before anything runs.</summary>
    public static void Validate(IEnumerable<string> names, string where)
    {
        try
        {
            MetricRegistry.Default.Resolve(names);
        }
        catch (MetricInputException e)
        {
            throw new InvalidInputException($"{where}: {e.Message}");
        }
    }

    /// <summary>Computes <paramref name="names"/> over <paramref name="predictions"/>; <paramref name="cutoff"/> binarises the truth for AUC and MCC (null: its median).</summary>
    public static MetricScores Compute(IReadOnlyList<string> names, Predictions predictions, double? cutoff = null)
    {
        var values = new Dictionary<string, double?>(StringComparer.Ordinal);
        var warnings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (predictions.Count < 2)
        {
            foreach (var n in names) { values[n] = null; warnings[n] = $"only {predictions.Count} scored row(s)"; }
            return new MetricScores(values, warnings);
        }
        var results = MetricRegistry.Default.Compute(names, predictions.Test, predictions.Pred, cutoff: cutoff);
        for (var i = 0; i < names.Count; i++)
        {
            var r = results[i];
            values[names[i]] = double.IsFinite(r.Value) ? r.Value : null;
            if (r.Warning is not null) warnings[names[i]] = r.Warning;
        }
        return new MetricScores(values, warnings);
    }

    /// <summary>The values as a JSON object (null for undefined).</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject();
        foreach (var (k, v) in Values) o[k] = v;
        return o;
    }
}
