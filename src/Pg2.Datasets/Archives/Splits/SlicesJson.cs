using System.Globalization;
using System.Text;
using System.Text.Json;
using Pg2.Contracts;
using Pg2.Datasets.Splits;

namespace Pg2.Datasets.Archives;

/// <summary>
/// <c>slices.json</c> of a splits archive (FORMATS.md §C.4): a list of DatasetSlice objects or an object of
/// named lists. Read strictly: every mask must have its assay's record count, every error names the split,
/// slice and assay.
/// </summary>
internal static class SlicesJson
{
    public const string FileName = "slices.json";

    public static DatasetSplits Parse(byte[] utf8, string source, IReadOnlyList<int> recordCounts)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{source}: not valid JSON: {MessageText.Shown(e.Message, 160)}", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
                return new DatasetSplits([new(DatasetSplits.Unnamed, Slices(root, source, "", recordCounts))], named: false);
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidInputException($"{source}: expected a list of slices or an object of named splits, got {root.ValueKind.ToString().ToLowerInvariant()}");
            var splits = new List<KeyValuePair<string, IReadOnlyList<DatasetSlice>>>();
            foreach (var p in root.EnumerateObject())
            {
                if (p.Name.Length == 0 || splits.Any(s => s.Key == p.Name))
                    throw new InvalidInputException($"{source}: split name '{MessageText.Shown(p.Name, 60)}' is empty or given twice");
                splits.Add(new(p.Name, Slices(p.Value, source, p.Name, recordCounts)));
            }
            if (splits.Count == 0) throw new InvalidInputException($"{source}: no splits");
            return new DatasetSplits(splits, named: true);
        }
    }

    private static List<DatasetSlice> Slices(JsonElement list, string source, string split, IReadOnlyList<int> counts)
    {
        var where = split.Length == 0 ? source : $"{source}: split '{MessageText.Shown(split, 60)}'";
        if (list.ValueKind != JsonValueKind.Array) throw new InvalidInputException($"{where}: expected a list of slices");
        var slices = new List<DatasetSlice>();
        int i = 0;
        foreach (var s in list.EnumerateArray())
        {
            var at = $"{where}, slice {i++}";
            if (s.ValueKind != JsonValueKind.Object) throw new InvalidInputException($"{at}: expected an object with 'assays'");
            List<AssaySlice>? assays = null;
            if (s.TryGetProperty("assays", out var a) && a.ValueKind != JsonValueKind.Null)
            {
                if (a.ValueKind != JsonValueKind.Array || a.GetArrayLength() != counts.Count)
                    throw new InvalidInputException($"{at}: 'assays' must list {counts.Count} assay slice(s), one per assay of the dataset");
                assays = [];
                int k = 0;
                foreach (var x in a.EnumerateArray()) assays.Add(AssaySliceOf(x, $"{at}, assay {k}", counts[k++]));
            }
            slices.Add(new DatasetSlice(assays, Metadata(s, at)));
        }
        return slices;
    }

    private static AssaySlice AssaySliceOf(JsonElement x, string at, int count)
    {
        if (x.ValueKind != JsonValueKind.Object) throw new InvalidInputException($"{at}: expected an object with 'records' and 'columns'");
        List<string>? columns = null;
        if (x.TryGetProperty("columns", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            if (c.ValueKind != JsonValueKind.Array || c.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                throw new InvalidInputException($"{at}: 'columns' must be a list of strings or null");
            columns = c.EnumerateArray().Select(e => e.GetString()!).ToList();
        }
        bool[]? records = null;
        if (x.TryGetProperty("records", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind != JsonValueKind.Array)
                throw new InvalidInputException($"{at}: 'records' must be a list of booleans or null");
            // An empty mask selects no records (FORMATS.md §C.4).
            if (r.GetArrayLength() == 0) records = new bool[count];
            else if (r.GetArrayLength() != count)
                throw new InvalidInputException($"{at}: 'records' has {r.GetArrayLength()} entries; the assay has {count} records");
            else
            {
                records = new bool[count];
                int i = 0;
                foreach (var e in r.EnumerateArray())
                    records[i++] = e.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        _ => throw new InvalidInputException($"{at}: 'records' entry {i - 1} is not a boolean"),
                    };
            }
        }
        return new AssaySlice(columns, records, Metadata(x, at));
    }

    private static Dictionary<string, object>? Metadata(JsonElement e, string at)
    {
        if (!e.TryGetProperty("metadata", out var m) || m.ValueKind == JsonValueKind.Null) return null;
        if (m.ValueKind != JsonValueKind.Object) throw new InvalidInputException($"{at}: 'metadata' must be an object");
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var p in m.EnumerateObject())
            result[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString()!,
                JsonValueKind.Number => p.Value.GetDouble(),
                _ => throw new InvalidInputException($"{at}: metadata '{MessageText.Shown(p.Name, 60)}' must be a string or a number"),
            };
        return result;
    }

    public static byte[] Format(DatasetSplits splits)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            if (splits.Named)
            {
                w.WriteStartObject();
                foreach (var name in splits.Names)
                {
                    w.WritePropertyName(name);
                    WriteSlices(w, splits[name]);
                }
                w.WriteEndObject();
            }
            else WriteSlices(w, splits[DatasetSplits.Unnamed]);
        }
        return buffer.ToArray();
    }

    private static void WriteSlices(Utf8JsonWriter w, IReadOnlyList<DatasetSlice> slices)
    {
        w.WriteStartArray();
        foreach (var s in slices)
        {
            w.WriteStartObject();
            w.WritePropertyName("assays");
            if (s.Assays is null) w.WriteNullValue();
            else
            {
                w.WriteStartArray();
                foreach (var a in s.Assays)
                {
                    w.WriteStartObject();
                    w.WritePropertyName("columns");
                    if (a.Columns is null) w.WriteNullValue();
                    else
                    {
                        w.WriteStartArray();
                        foreach (var c in a.Columns) w.WriteStringValue(c);
                        w.WriteEndArray();
                    }
                    w.WritePropertyName("records");
                    if (a.Records is null) w.WriteNullValue();
                    else
                    {
                        w.WriteStartArray();
                        foreach (var b in a.Records) w.WriteBooleanValue(b);
                        w.WriteEndArray();
                    }
                    WriteMetadata(w, a.Metadata);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            WriteMetadata(w, s.Metadata);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteMetadata(Utf8JsonWriter w, IReadOnlyDictionary<string, object>? metadata)
    {
        w.WritePropertyName("metadata");
        if (metadata is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        foreach (var (k, v) in metadata)
        {
            if (v is double d) w.WriteNumber(k, d);
            else w.WriteString(k, Convert.ToString(v, CultureInfo.InvariantCulture));
        }
        w.WriteEndObject();
    }

    internal static string Utf8(byte[] b) => Encoding.UTF8.GetString(b);
}
