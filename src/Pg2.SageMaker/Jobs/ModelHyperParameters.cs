using System.Globalization;
using System.Text.Json;
using Pg2.Datasets;
using Tomlyn.Model;
using Pg2.Contracts;

namespace Pg2.SageMaker.Jobs;

/// <summary>
/// Reads a model manifest's hyper-parameters (<c>[hyper_params]</c>, or <c>[hyper_parameters]</c> as
/// renamed later) as the strings SageMaker passes in <c>hyperparameters.json</c>.
/// </summary>
public static class ModelHyperParameters
{
    /// <summary>The hyper-parameters of the model manifest at <paramref name="manifestPath"/>; empty when it has none.</summary>
    /// <remarks>A model card's hyper-parameters are not copied: the card itself travels in channel
    /// <c>model_card</c> and the model reads them from there.</remarks>
    public static IReadOnlyDictionary<string, string> Read(string manifestPath)
    {
        if (ModelManifestFile.IsCard(manifestPath)) return new SortedDictionary<string, string>(StringComparer.Ordinal);
        var table = TomlDocument.Parse(File.ReadAllText(manifestPath), manifestPath);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in new[] { "hyper_params", "hyper_parameters" })
        {
            if (!table.TryGetValue(key, out var value)) continue;
            if (value is not TomlTable hyper)
                throw new InvalidInputException($"{manifestPath}: [{key}] must be a table of name = value");
            foreach (var (name, v) in hyper) result[name] = Format(v, manifestPath, name);
        }
        return result;
    }

    static string Format(object value, string path, string name) => value switch
    {
        string s => s,
        TomlArray or TomlTable => JsonSerializer.Serialize(Plain(value, path, name)),
        _ => Plain(value, path, name) is var plain && plain is bool b ? (b ? "true" : "false") : Convert.ToString(plain, CultureInfo.InvariantCulture)!,
    };

    // Arrays and tables travel as JSON text: SageMaker hyper-parameters are strings.
    static object Plain(object value, string path, string name) => value switch
    {
        string or bool or long => value,
        double d => double.IsFinite(d) ? d : throw new InvalidInputException($"{path}: hyper-parameter '{name}' must be finite"),
        TomlArray a => a.Select(v => Plain(v!, path, name)).ToList(),
        TomlTable t => t.ToDictionary(kv => kv.Key, kv => Plain(kv.Value, path, name)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new InvalidInputException($"{path}: hyper-parameter '{name}' must be a bool, number, string, array or table"),
    };
}
