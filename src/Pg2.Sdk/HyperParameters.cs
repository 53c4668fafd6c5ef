using System.Globalization;
using System.Text.Json;
using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Sdk;

/// <summary>
/// A model's hyper-parameters (<c>[hyper_params]</c> / <c>[hyper_parameters]</c> of its manifest):
/// values are <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="string"/> or a
/// list of those. Typed accessors take a default for optional values; a value of the wrong type is
/// an <see cref="InvalidInputException"/> naming the key and the file.
/// </summary>
public sealed class HyperParameters
{
    private readonly Dictionary<string, object> _values;

    /// <summary>Creates hyper-parameters read from <paramref name="source"/> (a file name, for messages).</summary>
    public HyperParameters(IReadOnlyDictionary<string, object> values, string source)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, object>(values, StringComparer.Ordinal);
        Source = source;
    }

    /// <summary>Where the values came from (manifest path, plus the overrides file if any).</summary>
    public string Source { get; }

    /// <summary>Keys in manifest order is not guaranteed; sorted for stable output.</summary>
    public IReadOnlyList<string> Keys => _values.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The raw values.</summary>
    public IReadOnlyDictionary<string, object> Values => _values;

    /// <summary>True when <paramref name="key"/> is set.</summary>
    public bool Contains(string key) => _values.ContainsKey(key);

    /// <summary>An integer value, or <paramref name="defaultValue"/> when absent.</summary>
    public long GetInt64(string key, long defaultValue) =>
        _values.TryGetValue(key, out var v) ? AsInt64(key, v) : defaultValue;

    /// <summary>A required integer value.</summary>
    public long GetInt64(string key) => AsInt64(key, Required(key));

    /// <summary>An integer value that must fit in <see cref="int"/>, or the default.</summary>
    public int GetInt32(string key, int defaultValue)
    {
        long v = GetInt64(key, defaultValue);
        return v is >= int.MinValue and <= int.MaxValue
            ? (int)v
            : throw new InvalidInputException($"{Source}: hyper-parameter '{key}' = {v} is out of range");
    }

    /// <summary>A number (integers are accepted), or <paramref name="defaultValue"/> when absent.</summary>
    public double GetDouble(string key, double defaultValue) =>
        _values.TryGetValue(key, out var v) ? AsDouble(key, v) : defaultValue;

    /// <summary>A required number.</summary>
    public double GetDouble(string key) => AsDouble(key, Required(key));

    /// <summary>A boolean, or <paramref name="defaultValue"/> when absent.</summary>
    public bool GetBoolean(string key, bool defaultValue) =>
        !_values.TryGetValue(key, out var v) ? defaultValue
        : v is bool b ? b : throw WrongType(key, v, "a boolean");

    /// <summary>A string, or <paramref name="defaultValue"/> when absent.</summary>
    public string GetString(string key, string defaultValue) =>
        !_values.TryGetValue(key, out var v) ? defaultValue
        : v is string s ? s : throw WrongType(key, v, "a string");

    /// <summary>A required string.</summary>
    public string GetString(string key) =>
        Required(key) is string s ? s : throw WrongType(key, _values[key], "a string");

    /// <summary>A list of strings, or <paramref name="defaultValue"/> when absent.</summary>
    public IReadOnlyList<string> GetStrings(string key, IReadOnlyList<string> defaultValue)
    {
        if (!_values.TryGetValue(key, out var v)) return defaultValue;
        if (v is not IReadOnlyList<object> list) throw WrongType(key, v, "a list of strings");
        var result = new string[list.Count];
        for (int i = 0; i < list.Count; i++)
            result[i] = list[i] as string ?? throw WrongType(key, v, "a list of strings");
        return result;
    }

    /// <summary>A list of numbers (integers are accepted), or <paramref name="defaultValue"/> when absent.</summary>
    public IReadOnlyList<double> GetDoubles(string key, IReadOnlyList<double> defaultValue)
    {
        if (!_values.TryGetValue(key, out var v)) return defaultValue;
        if (v is not IReadOnlyList<object> list) throw WrongType(key, v, "a list of numbers");
        var result = new double[list.Count];
        for (int i = 0; i < list.Count; i++)
            result[i] = list[i] switch { double d => d, long l => l, _ => throw WrongType(key, v, "a list of numbers") };
        return result;
    }

    /// <summary>A finite number &gt; 0 (a penalty, a length scale), or <paramref name="defaultValue"/> when absent.</summary>
    public double GetPositiveDouble(string key, double defaultValue)
    {
        double value = GetDouble(key, defaultValue);
        return value > 0 && double.IsFinite(value) ? value
            : throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{Source}: hyper-parameter '{key}' must be a finite number > 0, got {value}"));
    }

    /// <summary>A non-empty list of finite numbers &gt; 0 (a search grid), or <paramref name="defaultValue"/> when absent.</summary>
    public IReadOnlyList<double> GetPositiveDoubles(string key, IReadOnlyList<double> defaultValue)
    {
        var values = GetDoubles(key, defaultValue);
        return values.Count > 0 && values.All(v => v > 0 && double.IsFinite(v)) ? values
            : throw new InvalidInputException($"{Source}: hyper-parameter '{key}' must be a non-empty list of finite numbers > 0, got [{string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)))}]");
    }

    /// <summary>
    /// A copy with <paramref name="overrides"/> applied (SageMaker's <c>hyperparameters.json</c>):
    /// each value — a JSON string as SageMaker writes it, or a JSON number/boolean/array — is
    /// converted to the type of the manifest's value of the same key. Unknown keys and values that
    /// do not convert are errors naming the key and <paramref name="overridesSource"/>.
    /// </summary>
    public HyperParameters WithOverrides(IReadOnlyDictionary<string, JsonElement> overrides, string overridesSource)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var merged = new Dictionary<string, object>(_values, StringComparer.Ordinal);
        foreach (var (key, element) in overrides)
        {
            if (!_values.TryGetValue(key, out var current))
                throw new InvalidInputException(
                    $"{overridesSource}: unknown hyper-parameter '{key}' (the manifest {Source} defines: {string.Join(", ", Keys)})");
            merged[key] = Convert(key, element, current, overridesSource);
        }
        return new HyperParameters(merged, $"{Source} + {overridesSource}");
    }

    /// <summary>The values as a JSON object (for the persisted model file).</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        foreach (var key in Keys)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, _values[key]);
        }
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case long l: writer.WriteNumberValue(l); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case double d: writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture)); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case IReadOnlyList<object> list:
                writer.WriteStartArray();
                foreach (var item in list) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(value.ToString()); break;
        }
    }

    private object Required(string key) =>
        _values.TryGetValue(key, out var v) ? v
        : throw new InvalidInputException($"{Source}: required hyper-parameter '{key}' is missing");

    private long AsInt64(string key, object v) => v is long l ? l : throw WrongType(key, v, "an integer");

    private double AsDouble(string key, object v) => v switch
    {
        double d => d,
        long l => l,
        _ => throw WrongType(key, v, "a number"),
    };

    private InvalidInputException WrongType(string key, object v, string expected) =>
        new($"{Source}: hyper-parameter '{key}' must be {expected}, got {Describe(v)}");

    internal static string Describe(object v) => v switch
    {
        string s => $"\"{MessageText.Shown(s)}\" (string)",
        long l => $"{l} (integer)",
        double d => $"{d.ToString(CultureInfo.InvariantCulture)} (float)",
        bool b => $"{(b ? "true" : "false")} (boolean)",
        IReadOnlyList<object> => "a list",
        _ => $"a {v.GetType().Name}",
    };

    private static object Convert(string key, JsonElement element, object current, string source)
    {
        string text = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
        InvalidInputException Fail(string expected) =>
            new($"{source}: hyper-parameter '{key}' = '{MessageText.Shown(text, 60)}' cannot be converted to {expected} (the manifest's type)");
        switch (current)
        {
            case long:
                return long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : throw Fail("an integer");
            case double:
                return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw Fail("a number");
            case bool:
                return text.Trim().ToLowerInvariant() switch
                {
                    "true" or "1" => true,
                    "false" or "0" => false,
                    _ => throw Fail("a boolean"),
                };
            case string:
                return text;
            case IReadOnlyList<object> list:
                try
                {
                    using var doc = JsonDocument.Parse(text);
                    if (doc.RootElement.ValueKind != JsonValueKind.Array) throw Fail("a list");
                    var items = new List<object>();
                    foreach (var item in doc.RootElement.EnumerateArray())
                    {
                        object? sample = list.Count > 0 ? list[0] : null;
                        items.Add(item.ValueKind switch
                        {
                            JsonValueKind.String => item.GetString()!,
                            JsonValueKind.Number when sample is double || !item.TryGetInt64(out _) => item.GetDouble(),
                            JsonValueKind.Number => item.GetInt64(),
                            JsonValueKind.True => true,
                            JsonValueKind.False => false,
                            _ => throw Fail("a list of scalars"),
                        });
                    }
                    return items;
                }
                catch (JsonException)
                {
                    throw Fail("a list (JSON array)");
                }
            default:
                throw Fail(current.GetType().Name);
        }
    }
}
