using System.Text.Json;
using System.Text.Json.Serialization;
using Pg2.Contracts;

namespace Pg2.Metrics;

/// <summary>
/// <c>metrics.json</c>, typed: the metrics of one job's predictions (<see cref="Test"/>), or of a fold
/// scheme (<see cref="Test"/> = mean and <c>&lt;m&gt;_std</c> over folds, <see cref="PerFold"/>,
/// <see cref="Pooled"/>). Undefined values are <c>null</c>. Every writer and reader of the file uses this record.
/// </summary>
public sealed record MetricsFile
{
    /// <summary>File name inside a job or fold-scheme folder.</summary>
    public const string FileName = "metrics.json";

    /// <summary>What was scored.</summary>
    public MetricsMetadata Metadata { get; init; } = new();
    /// <summary>Rows scored (a job's file).</summary>
    public int? Rows { get; init; }
    /// <summary>Rows dropped for a missing or non-finite value (a job's file).</summary>
    public int? DroppedRows { get; init; }
    /// <summary>Metric values over the test rows; in a scheme's file their mean and <c>&lt;m&gt;_std</c> over folds.</summary>
    public IReadOnlyDictionary<string, double?> Test { get; init; } = new Dictionary<string, double?>();
    /// <summary>ProteinGym's pooled value per metric (a scheme's file).</summary>
    public IReadOnlyDictionary<string, double?>? Pooled { get; init; }
    /// <summary>Each fold's test values, keyed <c>fold_&lt;k&gt;</c> (a scheme's file).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double?>>? PerFold { get; init; }
    /// <summary>How AUC/MCC labels were made, when a metric needs them.</summary>
    public string? Binarisation { get; init; }
    /// <summary>Why a value is undefined or conventional, per metric.</summary>
    public IReadOnlyDictionary<string, string>? Warnings { get; init; }
    /// <summary>How each section's numbers were formed, in words.</summary>
    public IReadOnlyDictionary<string, string>? Rules { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The file of one set of scored rows: <paramref name="results"/> as values (NaN and ±∞ → null),
    /// their warnings, the table's row counts, and the labelling rule when a metric needs labels.
    /// </summary>
    public static MetricsFile Of(PredictionTable table, IReadOnlyList<IMetric> metrics, IReadOnlyList<MetricResult> results, double? cutoff = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(results);
        var warnings = results.Where(r => r.Warning is not null).ToDictionary(r => r.Name, r => r.Warning!, StringComparer.Ordinal);
        return new MetricsFile
        {
            Rows = table.Count,
            DroppedRows = table.DroppedRows,
            Test = Values(results),
            Binarisation = metrics.Any(m => m.NeedsLabels) && table.Count > 0 ? table.Context(cutoff).LabelRule : null,
            Warnings = warnings.Count == 0 ? null : warnings,
        };
    }

    /// <summary>Name → value, with undefined (NaN, ±∞) values as null.</summary>
    public static IReadOnlyDictionary<string, double?> Values(IEnumerable<MetricResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var values = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var r in results) values[r.Name] = double.IsFinite(r.Value) ? r.Value : null;
        return values;
    }

    /// <summary>Whether <see cref="Test"/> holds exactly <paramref name="metrics"/> (else the file is rescored).</summary>
    public bool Covers(IReadOnlyCollection<string> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return Test.Count == metrics.Count && metrics.All(Test.ContainsKey);
    }

    /// <summary>Reads <paramref name="path"/>; null when absent or not a metrics file (the job is then rescored or shown empty).</summary>
    public static MetricsFile? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<MetricsFile>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the file atomically (indented JSON, trailing newline).</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
}

/// <summary>What a <see cref="MetricsFile"/> scored.</summary>
public sealed record MetricsMetadata
{
    /// <summary>Game name.</summary>
    public string? Game { get; init; }
    /// <summary>Dataset label.</summary>
    public string? Dataset { get; init; }
    /// <summary>Model label.</summary>
    public string? Model { get; init; }
    /// <summary>Fold scheme, or null for a single job.</summary>
    public string? Split { get; init; }
    /// <summary>Target column, or null for the model's default.</summary>
    public string? Target { get; init; }
    /// <summary>Test fold of a fold job.</summary>
    public int? Fold { get; init; }
    /// <summary>The model's file name, as written.</summary>
    public string? SourceFile { get; init; }
    /// <summary>Folds of the scheme (a scheme's file).</summary>
    public int? TotalFolds { get; init; }
}
