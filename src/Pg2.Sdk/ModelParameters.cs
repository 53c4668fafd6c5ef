using System.Text.Json;
using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Sdk;

/// <summary>
/// A trained model's state as named numbers, number arrays and strings, plus provenance metadata.
/// The SDK persists it as a small JSON document (see <see cref="Save"/>), so any model gets
/// persistence without writing serialisation code.
/// </summary>
public sealed class ModelParameters
{
    /// <summary>Format identifier written to and required in every file.</summary>
    public const string Format = "pg2-model-parameters";
    /// <summary>Format version.</summary>
    public const int Version = 1;

    /// <summary>Named scalars (e.g. <c>intercept</c>).</summary>
    public Dictionary<string, double> Scalars { get; } = new(StringComparer.Ordinal);
    /// <summary>Named arrays (e.g. <c>coefficients</c>).</summary>
    public Dictionary<string, double[]> Arrays { get; } = new(StringComparer.Ordinal);
    /// <summary>Named strings (e.g. the alphabet).</summary>
    public Dictionary<string, string> Texts { get; } = new(StringComparer.Ordinal);
    /// <summary>Provenance set by the host: model, dataset, target, split, fold, target scaling, time.</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>A required scalar.</summary>
    public double Scalar(string name) =>
        Scalars.TryGetValue(name, out var v) ? v : throw Missing("scalar", name);

    /// <summary>A required array.</summary>
    public double[] Array(string name) =>
        Arrays.TryGetValue(name, out var v) ? v : throw Missing("array", name);

    /// <summary>A required string.</summary>
    public string Text(string name) =>
        Texts.TryGetValue(name, out var v) ? v : throw Missing("text", name);

    /// <summary>
    /// Writes the parameters atomically as UTF-8 JSON:
    /// <c>{"format": "pg2-model-parameters", "version": 1, "metadata": {str: str},
    /// "hyper_parameters": {...}, "scalars": {str: number}, "texts": {str: str}, "arrays": {str: [number]}}</c>.
    /// Non-finite numbers are written as the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>.
    /// </summary>
    public void Save(string path, HyperParameters? hyperParameters = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            w.WriteStartObject("metadata");
            foreach (var (k, v) in Metadata) w.WriteString(k, v);
            w.WriteEndObject();
            if (hyperParameters is not null)
            {
                w.WritePropertyName("hyper_parameters");
                hyperParameters.WriteJson(w);
            }
            w.WriteStartObject("scalars");
            foreach (var (k, v) in Scalars) { w.WritePropertyName(k); WriteNumber(w, v); }
            w.WriteEndObject();
            w.WriteStartObject("texts");
            foreach (var (k, v) in Texts) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteStartObject("arrays");
            foreach (var (k, values) in Arrays)
            {
                w.WriteStartArray(k);
                foreach (var v in values) WriteNumber(w, v);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>Reads a file written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidInputException">Missing file, not JSON, or not this format.</exception>
    public static ModelParameters Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new InvalidInputException($"model file not found: {path}", ExitCodes.FileNotFound);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var f) || f.GetString() != Format)
                throw new InvalidInputException($"{path}: not a pg2 model file (expected \"format\": \"{Format}\")");
            if (root.GetProperty("version").GetInt32() != Version)
                throw new InvalidInputException($"{path}: unsupported model file version {root.GetProperty("version")}");
            var p = new ModelParameters();
            foreach (var e in Object(root, "metadata")) p.Metadata[e.Name] = e.Value.GetString() ?? "";
            foreach (var e in Object(root, "scalars")) p.Scalars[e.Name] = ReadNumber(e.Value);
            foreach (var e in Object(root, "texts")) p.Texts[e.Name] = e.Value.GetString() ?? "";
            foreach (var e in Object(root, "arrays"))
            {
                var values = new double[e.Value.GetArrayLength()];
                int i = 0;
                foreach (var v in e.Value.EnumerateArray()) values[i++] = ReadNumber(v);
                p.Arrays[e.Name] = values;
            }
            return p;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new InvalidInputException($"{path}: malformed model file: {e.Message}");
        }
    }

    private static IEnumerable<JsonProperty> Object(JsonElement root, string name) =>
        root.TryGetProperty(name, out var o) ? o.EnumerateObject() : [];

    private static void WriteNumber(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteStringValue(double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
    }

    private static double ReadNumber(JsonElement v) => v.ValueKind == JsonValueKind.String
        ? v.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => throw new FormatException($"'{s}' is not a number"),
        }
        : v.GetDouble();

    private static InvalidInputException Missing(string kind, string name) =>
        new($"model parameters have no {kind} '{name}' (file from another model or version?)");
}
