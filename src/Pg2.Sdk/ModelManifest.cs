using Pg2.Datasets;
using Tomlyn.Model;
using Pg2.Contracts;

namespace Pg2.Sdk;

/// <summary>
/// A model's <c>manifest.toml</c> (FORMATS.md §C.7): <c>name</c> (required) and
/// <c>[hyper_params]</c> or <c>[hyper_parameters]</c> (optional), <c>[resources]</c> (optional, what
/// one job needs: <see cref="ModelResources"/>); any other top-level keys are kept in <see cref="Extra"/>.
/// </summary>
public sealed class ModelManifest
{
    private ModelManifest(string name, HyperParameters hyperParameters, ModelResources resources, IReadOnlyDictionary<string, object> extra, string source)
    {
        Name = name;
        Resources = resources;
        HyperParameters = hyperParameters;
        Extra = extra;
        Source = source;
    }

    /// <summary>The model's name; predictions go to <c>{dataset}_{name}.csv</c>.</summary>
    public string Name { get; }

    /// <summary>The hyper-parameters.</summary>
    public HyperParameters HyperParameters { get; }

    /// <summary>What one job of this model needs (<c>[resources]</c>); <see cref="ModelResources.None"/> when not stated.</summary>
    public ModelResources Resources { get; }

    /// <summary>Unknown top-level keys with their values (e.g. <c>tags</c>, <c>multi_y</c>).</summary>
    public IReadOnlyDictionary<string, object> Extra { get; }

    /// <summary>The file this manifest was read from.</summary>
    public string Source { get; }

    /// <summary>Reads a manifest file.</summary>
    /// <exception cref="InvalidInputException">Missing file, TOML syntax error, missing/ill-typed key.</exception>
    public static ModelManifest FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new InvalidInputException($"model manifest not found: {path}", ExitCodes.FileNotFound);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses manifest text; <paramref name="source"/> names it in messages.</summary>
    public static ModelManifest Parse(string text, string source)
    {
        var table = TomlDocument.Parse(text, source);

        if (!table.TryGetValue("name", out var nameValue))
            throw new InvalidInputException($"{source}: required key 'name' is missing");
        if (nameValue is not string name || name.Length == 0)
            throw new InvalidInputException($"{source}: key 'name' must be a non-empty string, got {Describe(nameValue)}");
        SafeName.Check(name, $"{source}: 'name'");

        bool hasOld = table.TryGetValue("hyper_params", out var oldHp);
        bool hasNew = table.TryGetValue("hyper_parameters", out var newHp);
        if (hasOld && hasNew)
            throw new InvalidInputException($"{source}: give either [hyper_params] or [hyper_parameters], not both");
        var hpValue = hasNew ? newHp : oldHp;
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        if (hpValue is not null)
        {
            if (hpValue is not TomlTable hpTable)
                throw new InvalidInputException($"{source}: '{(hasNew ? "hyper_parameters" : "hyper_params")}' must be a table");
            foreach (var (key, value) in hpTable)
                values[key] = Normalise(value, $"{source}: hyper-parameter '{key}'");
        }

        var resources = ModelResources.None;
        if (table.TryGetValue("resources", out var res))
            resources = res is TomlTable resTable ? ModelResources.Parse(resTable, $"{source}: resources")
                : throw new InvalidInputException($"{source}: 'resources' must be a table ([resources]), got {Describe(res)}");

        var extra = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in table)
            if (key is not ("name" or "hyper_params" or "hyper_parameters" or "resources")) extra[key] = value;
        return new ModelManifest(name, new HyperParameters(values, source), resources, extra, source);
    }

    private static object Normalise(object value, string what) => value switch
    {
        long or double or bool or string => value,
        int i => (long)i,
        float f => (double)f,
        TomlArray array => array.Select(v => Normalise(v!, what)).ToList(),
        _ => throw new InvalidInputException($"{what} must be a boolean, integer, float, string or list, got {Describe(value)}"),
    };

    private static string Describe(object? v) => v is null ? "nothing" : v is TomlTable ? "a table" : HyperParameters.Describe(v);
}
