using System.Text;
using System.Text.Json;
using Pg2.Metrics.Folds;

namespace Pg2.Metrics;

/// <summary>
/// Writes metric results in pg2-benchmark's JSON shapes (FORMATS.md §D.4): a flat object of metric
/// values, the per-fold run object (<c>test</c>, <c>train_available</c>, <c>per_fold</c>, <c>full_dataset</c>,
/// <c>metadata</c>) and the aggregated object (<c>&lt;m&gt;</c>, <c>&lt;m&gt;_std</c>). NaN is written as
/// <c>null</c> (JSON has no NaN; pg2-benchmark keeps undefined values as null). Aggregated sections also
/// carry <c>"rule"</c>, naming how their numbers were formed.
/// </summary>
public static class MetricsJson
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    /// <summary>Writes <c>{"name": value, …}</c> as the value of the current property (or at top level).</summary>
    public static void WriteValues(Utf8JsonWriter writer, IEnumerable<MetricResult> results)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(results);
        writer.WriteStartObject();
        WriteNumbers(writer, results);
        writer.WriteEndObject();
    }

    /// <summary>Writes each result as a property of the current object (NaN and ±∞ as <c>null</c>).</summary>
    public static void WriteNumbers(Utf8JsonWriter writer, IEnumerable<MetricResult> results)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(results);
        foreach (var r in results) WriteNumber(writer, r.Name, r.Value);
    }

    /// <summary>
    /// Writes <c>{"name": value, "name_std": std, …, "rule": "per_fold_mean"}</c>; pooled values have no std.
    /// </summary>
    public static void WriteAggregated(Utf8JsonWriter writer, IReadOnlyList<AggregatedMetric> metrics)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(metrics);
        writer.WriteStartObject();
        foreach (var m in metrics)
        {
            WriteNumber(writer, m.Name, m.Value);
            if (m.Rule == ScoringRule.PerFoldMean) WriteNumber(writer, m.Name + "_std", m.StandardDeviation);
        }
        var rules = metrics.Select(m => m.Rule).Distinct().ToList();
        if (rules.Count == 1) writer.WriteString("rule", rules[0].ToName());
        writer.WriteEndObject();
    }

    /// <summary>One fold run in pg2-benchmark's per-fold file layout; <paramref name="metadata"/> adds to <c>metadata</c>.</summary>
    public static string FoldRun(FoldRunScores run, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Document(w =>
        {
            w.WriteStartObject();
            if (run.Test is { } test) { w.WritePropertyName("test"); WriteValues(w, test); }
            if (run.TrainAvailable is { } train) { w.WritePropertyName("train_available"); WriteValues(w, train); }
            if (run.PerFold is { } perFold)
            {
                w.WriteStartObject("per_fold");
                foreach (var (fold, results) in perFold.OrderBy(kv => kv.Key))
                {
                    w.WritePropertyName($"fold_{fold}");
                    WriteValues(w, results);
                }
                w.WriteEndObject();
            }
            if (run.FullDataset is { } full) { w.WritePropertyName("full_dataset"); WriteValues(w, full); }
            w.WriteStartObject("metadata");
            w.WriteStartArray("test_folds");
            w.WriteNumberValue(run.TestFold);
            w.WriteEndArray();
            w.WriteStartArray("train_available_folds");
            foreach (var f in run.TrainAvailableFolds) w.WriteNumberValue(f);
            w.WriteEndArray();
            w.WriteNumber("total_folds", run.TotalFolds);
            WriteMetadata(w, metadata);
            w.WriteNumber("test_fold", run.TestFold);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>Runs aggregated over folds, in pg2-benchmark's <c>*_aggregated.json</c> layout.</summary>
    public static string Aggregated(AggregatedScores scores, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return Document(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("metadata");
            WriteMetadata(w, metadata);
            w.WriteNumber("total_folds", scores.TotalFolds);
            w.WriteEndObject();
            if (scores.Test is { } test) { w.WritePropertyName("test"); WriteAggregated(w, test); }
            if (scores.TrainAvailable is { } train) { w.WritePropertyName("train_available"); WriteAggregated(w, train); }
            if (scores.FullDataset is { } full) { w.WritePropertyName("full_dataset"); WriteValues(w, full); }
            w.WriteEndObject();
        });
    }

    /// <summary>Renders one JSON document (indented, UTF-8, trailing newline).</summary>
    public static string Document(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Indented)) write(w);
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>
    /// Writes one metric value. NaN (undefined) and infinities (an overflowing MSE) are written as
    /// <c>null</c>: JSON has no number for them.
    /// </summary>
    public static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (double.IsNaN(value) || double.IsInfinity(value)) w.WriteNull(name);
        else w.WriteNumber(name, value);
    }

    private static void WriteMetadata(Utf8JsonWriter w, IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null) return;
        foreach (var (k, v) in metadata) w.WriteString(k, v);
    }
}
