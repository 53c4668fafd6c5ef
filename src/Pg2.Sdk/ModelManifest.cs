using Pg2.Datasets;
using Tomlyn.Model;
using Pg2.Contracts;

namespace Pg2.Sdk;

/// <summary>
/// A model's manifest, from either of its two forms (<see cref="ModelManifestFile"/>): the seed-era
/// <c>manifest.toml</c> (FORMATS.md §C.7) or a model card, <c>README.md</c> with YAML front matter
/// (§C.6). Both hold <c>name</c> (required), <c>hyper_parameters</c> or the older
/// <c>hyper_params</c> (optional), <c>tags</c> (optional list of strings) and <c>multi_y</c>
/// (optional boolean) and <c>resources</c> (optional: what one job needs, <see cref="ModelResources"/>);
/// every key other than the name, hyper-parameters and resources is kept in <see cref="Extra"/> as plain values.
/// </summary>
public sealed class ModelManifest
{
    private ModelManifest(string name, HyperParameters hyperParameters, IReadOnlyList<string> tags, bool multiY,
        IReadOnlyDictionary<string, object> extra, string source, ModelManifestForm form, ModelResources resources)
    {
        Name = name;
        Resources = resources;
        HyperParameters = hyperParameters;
        Tags = tags;
        MultiY = multiY;
        Extra = extra;
        Source = source;
        Form = form;
    }

    /// <summary>The model's name; predictions go to <c>{dataset}_{name}.csv</c>.</summary>
    public string Name { get; }

    /// <summary>The hyper-parameters.</summary>
    public HyperParameters HyperParameters { get; }

    /// <summary>What one job of this model needs (<c>[resources]</c> or a card's <c>resources:</c>); <see cref="ModelResources.None"/> when not stated.</summary>
    public ModelResources Resources { get; }

    /// <summary>The model's tags (<c>tags</c>, e.g. <c>supervised</c>, <c>zero-shot</c>); empty when not given.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>The card's multi-target flag (<c>multi_y</c>); false when not given.</summary>
    public bool MultiY { get; }

    /// <summary>
    /// Every top-level key except the name and hyper-parameters (e.g. <c>tags</c>, <c>multi_y</c>,
    /// <c>model_class</c>), with plain values: <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>,
    /// <see cref="string"/>, lists (<c>IReadOnlyList&lt;object?&gt;</c>) and tables
    /// (<c>IReadOnlyDictionary&lt;string, object?&gt;</c>), whichever form they came from.
    /// </summary>
    public IReadOnlyDictionary<string, object> Extra { get; }

    /// <summary>The container contract the model declares (<c>contract: e4</c> or <c>seed</c>); null when not stated (kept in <see cref="Extra"/> too).</summary>
    public ModelContract? Contract { get; private init; }

    /// <summary>The file this manifest was read from.</summary>
    public string Source { get; }

    /// <summary>Which form it was read from.</summary>
    public ModelManifestForm Form { get; }

    /// <summary>Reads a manifest file: a model card when it is a <c>.md</c> file, else TOML.</summary>
    /// <exception cref="InvalidInputException">Missing file, syntax error, missing/ill-typed key.</exception>
    public static ModelManifest FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new InvalidInputException($"model manifest not found: {path}", ExitCodes.FileNotFound);
        var text = File.ReadAllText(path);
        return ModelManifestFile.IsCard(path) ? ParseCard(text, path) : Parse(text, path);
    }

    /// <summary>Reads the manifest of a model folder (<see cref="ModelManifestFile.InFolder"/>).</summary>
    /// <exception cref="InvalidInputException">The folder has neither form, or it is invalid.</exception>
    public static ModelManifest FromFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var path = ModelManifestFile.InFolder(folder)
            ?? throw new InvalidInputException(
                $"{folder}: no model manifest: add {ModelManifestFile.TomlName} or a {ModelManifestFile.CardName} model card with front matter (name: ...)",
                ExitCodes.FileNotFound);
        return FromPath(path);
    }

    /// <summary>Parses manifest TOML text; <paramref name="source"/> names it in messages.</summary>
    public static ModelManifest Parse(string text, string source)
    {
        var table = TomlDocument.Parse(text, source);
        var entries = table.Select(kv => new KeyValuePair<string, object?>(kv.Key, Plain(kv.Value))).ToList();
        return FromEntries(entries, source, ModelManifestForm.Toml);
    }

    /// <summary>Parses a model card (Markdown with YAML front matter); <paramref name="source"/> names it in messages.</summary>
    public static ModelManifest ParseCard(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FromEntries(ModelCardText.FrontMatter(text, source), source, ModelManifestForm.Card);
    }

    static ModelManifest FromEntries(List<KeyValuePair<string, object?>> entries, string source, ModelManifestForm form)
    {
        var table = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in entries) table[k] = v;
        bool card = form == ModelManifestForm.Card;

        if (!table.TryGetValue("name", out var nameValue))
            throw new InvalidInputException($"{source}: required key 'name' is missing");
        if (nameValue is not string name || name.Length == 0)
            throw new InvalidInputException($"{source}: key 'name' must be a non-empty string, got {Describe(nameValue)}");
        SafeName.Check(name, $"{source}: 'name'");

        bool hasOld = table.TryGetValue("hyper_params", out var oldHp);
        bool hasNew = table.TryGetValue("hyper_parameters", out var newHp);
        if (hasOld && hasNew)
            throw new InvalidInputException(card
                ? $"{source}: give either 'hyper_parameters' or 'hyper_params', not both"
                : $"{source}: give either [hyper_params] or [hyper_parameters], not both");
        var hpKey = hasNew ? "hyper_parameters" : "hyper_params";
        var hpValue = hasNew ? newHp : oldHp;
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        if (hpValue is not null)
        {
            if (hpValue is not IReadOnlyDictionary<string, object?> hpTable)
                throw new InvalidInputException($"{source}: '{hpKey}' must be a {(card ? "mapping" : "table")}, got {Describe(hpValue)}");
            foreach (var (key, value) in hpTable)
                values[key] = HyperParameter(value, $"{source}: hyper-parameter '{MessageText.Shown(key)}'");
        }

        IReadOnlyList<string> tags = [];
        if (table.TryGetValue("tags", out var tagValue) && tagValue is not null)
        {
            if (tagValue is not IReadOnlyList<object?> list || list.Any(t => t is not string { Length: > 0 }))
                throw new InvalidInputException($"{source}: 'tags' must be a list of non-empty strings, got {Describe(tagValue)}");
            tags = list.Cast<string>().ToList();
        }
        bool multiY = false;
        if (table.TryGetValue("multi_y", out var multiValue) && multiValue is not null)
            multiY = multiValue as bool? ?? throw new InvalidInputException($"{source}: 'multi_y' must be true or false, got {Describe(multiValue)}");

        var resources = ModelResources.None;
        if (table.TryGetValue("resources", out var res) && res is not null)
            resources = res is IReadOnlyDictionary<string, object?> resTable ? ModelResources.Parse(resTable, $"{source}: resources")
                : throw new InvalidInputException($"{source}: 'resources' must be a {(card ? "mapping" : "table ([resources])")}, got {Describe(res)}");

        ModelContract? contract = null;
        if (table.TryGetValue(ContainerContract.Key, out var contractValue) && contractValue is not null)
            contract = ContainerContract.Parse(contractValue as string)
                ?? throw new InvalidInputException($"{source}: '{ContainerContract.Key}' must be {ContainerContract.Expected}, got {Describe(contractValue)}");

        var extra = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
            if (key is not ("name" or "hyper_params" or "hyper_parameters" or "resources") && value is not null) extra[key] = value;
        return new ModelManifest(name, new HyperParameters(values, source), tags, multiY, extra, source, form, resources) { Contract = contract };
    }

    // TOML values as the plain types a card gives (so Extra looks the same for both forms).
    static object? Plain(object? value) => value switch
    {
        int i => (long)i,
        float f => (double)f,
        TomlArray array => array.Select(Plain).ToList(),
        TomlTableArray tables => tables.Select(t => Plain(t)).ToList(),
        TomlTable table => table.ToDictionary(kv => kv.Key, kv => Plain(kv.Value), StringComparer.Ordinal),
        _ => value,
    };

    private static object HyperParameter(object? value, string what) => value switch
    {
        long or double or bool or string => value,
        IReadOnlyList<object?> list => list.Select(v => HyperParameter(v, what)).ToList(),
        _ => throw new InvalidInputException($"{what} must be a boolean, integer, float, string or list, got {Describe(value)}"),
    };

    private static string Describe(object? v) => v switch
    {
        null => "nothing",
        IReadOnlyDictionary<string, object?> => "a table",
        IReadOnlyList<object?> => "a list",
        _ => HyperParameters.Describe(v),
    };
}

/// <summary>The form a <see cref="ModelManifest"/> was read from.</summary>
public enum ModelManifestForm
{
    /// <summary><c>manifest.toml</c>.</summary>
    Toml,
    /// <summary>A model card: <c>README.md</c> with YAML front matter.</summary>
    Card,
}
