using Pg2.Datasets;
using Tomlyn.Model;
using Pg2.Contracts;
using Pg2.Metrics.Folds;
using Pg2.Sdk;

namespace Pg2.Runner.Games;

/// <summary>
/// Reads a game file (TOML; reference in docs/runner.md). Paths inside it are relative to the file.
/// Every problem is an <see cref="InvalidInputException"/> naming the file and the key.
/// </summary>
public static class GameFile
{
    static readonly string[] FoldSchemes = ["random", "modulo", "contiguous"];
    static readonly HashSet<string> TopKeys = ["name", "kind", "description", "metrics", "score_modes", "datasets", "models", "model_tags", "scores", "covariates"];
    static readonly HashSet<string> DatasetKeys = ["name", "path", "target", "split", "splits", "folds", "dms_id", "filter"];
    static readonly HashSet<string> ModelKeys = ["name", "path", "image", "manifest", "resources", "weights", "covariates", "contract"];
    static readonly HashSet<string> ScoreKeys = ["name", "path", "column"];
    static readonly HashSet<string> CovariateKeys = ["name", "path", "image", "manifest", "scores", "column"];

    /// <summary>Loads and validates the game file at <paramref name="path"/>.</summary>
    public static Game Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new InvalidInputException($"{path}: game file not found", ExitCodes.FileNotFound);
        return Parse(TomlDocument.Parse(File.ReadAllText(full), path), full, path);
    }

    /// <summary>Builds a game from a parsed table; <paramref name="label"/> names the file in errors.</summary>
    internal static Game Parse(TomlTable table, string fullPath, string label)
    {
        var dir = Path.GetDirectoryName(fullPath)!;
        RejectUnknown(table, TopKeys, label, "");
        var name = RequiredString(table, "name", label, "");
        if (name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
            throw new InvalidInputException($"{label}: 'name' must be a plain folder name, got \"{name}\"");
        var kindText = RequiredString(table, "kind", label, "");
        var kind = kindText.ToLowerInvariant() switch
        {
            "supervised" => GameKind.Supervised,
            "zero-shot" or "zero_shot" or "zeroshot" => GameKind.ZeroShot,
            _ => throw new InvalidInputException($"{label}: 'kind' must be \"supervised\" or \"zero-shot\", got \"{kindText}\""),
        };
        var metrics = StringList(table, "metrics", label, "") ?? ["spearman"];
        if (metrics.Count == 0) throw new InvalidInputException($"{label}: 'metrics' must name at least one metric");
        var modeNames = StringList(table, "score_modes", label, "")
                        ?? (kind == GameKind.Supervised ? ["test", "pooled"] : ["test"]);
        var modes = modeNames.Select(m => m.ToLowerInvariant() switch
        {
            "test" => ScoreMode.Test,
            "pooled" => ScoreMode.Pooled,
            _ => throw new InvalidInputException($"{label}: 'score_modes' entry \"{m}\" is unknown; expected \"test\" or \"pooled\""),
        }).Distinct().ToList();

        var datasets = Tables(table, "datasets", label).SelectMany((t, i) => ParseDatasets(t, i, dir, label, kind)).ToList();
        var models = Tables(table, "models", label).Select((t, i) => ParseModel(t, $"models[{i}].", dir, label)).ToList();
        if (datasets.Count == 0) throw new InvalidInputException($"{label}: no [[datasets]] entry");
        if (models.Count == 0) throw new InvalidInputException($"{label}: no [[models]] entry");
        if (StringList(table, "model_tags", label, "") is { } tags) models = WithTags(models, tags, label);
        RejectDuplicates(datasets.Select(d => d.Name), label, "datasets");
        var scores = Tables(table, "scores", label).Select((t, i) => ParseScores(t, i, dir, label)).ToList();
        if (scores.Count > 0 && kind != GameKind.ZeroShot)
            throw new InvalidInputException($"{label}: scores: score-only entries join zero-shot games (a score folder holds one score per variant, no folds)");
        RejectDuplicates(models.Select(m => m.Name), label, "models");
        RejectDuplicates(models.Select(m => m.Name).Concat(scores.Select(s => s.Name)), label, "models and scores");
        var covariates = Tables(table, "covariates", label).Select((t, i) => ParseCovariate(t, i, dir, label)).ToList();
        CheckCovariates(kind, models, covariates, label);
        return new Game(name, kind, datasets, models, metrics, modes, fullPath) { Scores = scores, Covariates = covariates };
    }

    /// <summary>
    /// A <c>[[covariates]]</c> entry: a zero-shot model (<c>path</c>/<c>image</c>/<c>manifest</c>, as in
    /// <c>[[models]]</c>) or a folder of score files (<c>scores</c>, ProteinGym's model-score layout).
    /// </summary>
    static GameCovariate ParseCovariate(TomlTable t, int index, string dir, string label)
    {
        var at = $"covariates[{index}].";
        RejectUnknown(t, CovariateKeys, label, at);
        var name = RequiredString(t, "name", label, at);
        // The name becomes a file name (<name>.csv in the covariates channel) and a results folder.
        SafeName.Check(name, $"{label}: {at}name");
        var scores = OptionalString(t, "scores", label, at);
        var column = OptionalString(t, "column", label, at);
        var isModel = t.ContainsKey("path") || t.ContainsKey("image") || t.ContainsKey("manifest");
        if (scores is not null)
        {
            if (isModel)
                throw new InvalidInputException($"{label}: {at}: give 'scores' (a folder of score files) or a model ('path'/'image'/'manifest'), not both");
            var folder = Path.GetFullPath(Path.Combine(dir, scores));
            if (!Directory.Exists(folder))
                throw new InvalidInputException($"{label}: {at}scores: folder \"{scores}\" not found (resolved to {folder})", ExitCodes.FileNotFound);
            return new GameCovariate(name, null, folder, column);
        }
        if (column is not null)
            throw new InvalidInputException($"{label}: {at}column: only a 'scores' folder has columns to choose from; a covariate model's score is its 'pred'");
        if (!isModel)
            throw new InvalidInputException($"{label}: {at}: give 'scores' (a folder of score files) or a zero-shot model ('path' or 'image')");
        var model = new TomlTable();
        foreach (var key in new[] { "name", "path", "image", "manifest" })
            if (t.TryGetValue(key, out var v)) model[key] = v;
        return new GameCovariate(name, ParseModel(model, at, dir, label), null, null);
    }

    static void CheckCovariates(GameKind kind, List<GameModel> models, List<GameCovariate> covariates, string label)
    {
        RejectDuplicates(covariates.Select(c => c.Name), label, "covariates");
        if (covariates.Count > 0 && kind != GameKind.Supervised)
            throw new InvalidInputException($"{label}: covariates: only a supervised game feeds covariates to its models");
        foreach (var c in covariates)
            if (models.Any(m => m.Name == c.Name))
                throw new InvalidInputException($"{label}: covariates: the name \"{c.Name}\" is also a model's; covariate jobs share the models' results folders, so give one of them another 'name'");
        for (var i = 0; i < models.Count; i++)
            foreach (var name in models[i].Covariates)
                if (!covariates.Any(c => c.Name == name))
                    throw new InvalidInputException(covariates.Count == 0
                        ? $"{label}: models[{i}].covariates: \"{name}\" is not declared; add a [[covariates]] entry named \"{name}\""
                        : $"{label}: models[{i}].covariates: \"{name}\" is not declared; the game has: {string.Join(", ", covariates.Select(c => c.Name))}");
    }

    // model_tags = [...]: the game keeps the models whose manifest (or card) has at least one of the tags.
    static List<GameModel> WithTags(List<GameModel> models, IReadOnlyList<string> tags, string label)
    {
        if (tags.Count == 0) throw new InvalidInputException($"{label}: 'model_tags' must name at least one tag (or leave it out)");
        var kept = models.Where(m => ModelManifest.FromPath(m.Manifest).Tags.Intersect(tags, StringComparer.Ordinal).Any()).ToList();
        if (kept.Count == 0)
            throw new InvalidInputException($"{label}: model_tags: no model's manifest has any of the tags {string.Join(", ", tags.Select(t => $"\"{t}\""))}");
        return kept;
    }

    // A path with * or ? in its file name is a glob: one dataset per matching archive (sorted), named by
    // file; 'filter' keeps those whose reference metadata (the targets' constants) pass.
    static IEnumerable<GameDataset> ParseDatasets(TomlTable t, int index, string dir, string label, GameKind kind)
    {
        var at = $"datasets[{index}].";
        RejectUnknown(t, DatasetKeys, label, at);
        var rel = RequiredString(t, "path", label, at);
        var filter = DatasetFilter.Parse(t, label, at);
        if (rel.IndexOfAny(['*', '?']) < 0)
        {
            var one = ParseDataset(t, index, dir, label, kind, rel);
            return filter is null || filter.Accepts(one.Path, label, at) ? [one] : [];
        }
        if (t.ContainsKey("dms_id"))
            throw new InvalidInputException($"{label}: {at}dms_id: a glob path ('{rel}') takes each archive's own DMS id; remove 'dms_id'");
        if (t.ContainsKey("name"))
            throw new InvalidInputException($"{label}: {at}name: a glob path ('{rel}') names its datasets after their files; remove 'name'");
        var full = Path.GetFullPath(Path.Combine(dir, rel));
        var folder = Path.GetDirectoryName(full)!;
        var pattern = Path.GetFileName(full);
        if (Path.GetFileName(folder).IndexOfAny(['*', '?']) >= 0 || folder.IndexOfAny(['*', '?']) >= 0)
            throw new InvalidInputException($"{label}: {at}path: only the file name may hold * or ? ('{rel}')");
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, pattern).Order(StringComparer.Ordinal).ToList() : [];
        if (files.Count == 0)
            throw new InvalidInputException($"{label}: {at}path: no archive matches \"{rel}\" (in {folder})", ExitCodes.FileNotFound);
        return files.Select(f => ParseDataset(t, index, dir, label, kind, f))
            .Where(d => filter is null || filter.Accepts(d.Path, label, at)).ToList();
    }

    static GameDataset ParseDataset(TomlTable t, int index, string dir, string label, GameKind kind, string rel)
    {
        var at = $"datasets[{index}].";
        var path = Path.GetFullPath(Path.Combine(dir, rel));
        if (!File.Exists(path))
            throw new InvalidInputException($"{label}: {at}path: dataset archive \"{rel}\" not found (resolved to {path})", ExitCodes.FileNotFound);
        var name = OptionalString(t, "name", label, at) ?? Path.GetFileNameWithoutExtension(path);
        CheckLabel(name, label, at + "name");
        var target = OptionalString(t, "target", label, at);
        if (t.ContainsKey("split") && t.ContainsKey("splits"))
            throw new InvalidInputException($"{label}: {at}: give 'split' or 'splits', not both");
        var splits = (t.ContainsKey("split")
            ? [RequiredString(t, "split", label, at)]
            : StringList(t, "splits", label, at) ?? []).Select(s => s.ToLowerInvariant()).Distinct().ToList();
        foreach (var s in splits)
            if (!FoldSchemes.Contains(s))
                throw new InvalidInputException($"{label}: {at}splits: unknown fold scheme \"{s}\"; expected random, modulo or contiguous");
        if (splits.Count > 0 && kind == GameKind.ZeroShot)
            throw new InvalidInputException($"{label}: {at}splits: a zero-shot game does not train, so it has no fold schemes");
        var folds = 5;
        if (t.TryGetValue("folds", out var f))
        {
            if (f is not long n || n < 2 || n > 100)
                throw new InvalidInputException($"{label}: {at}folds: expected an integer from 2 to 100, got {Show(f)}");
            folds = (int)n;
        }
        var dmsId = OptionalString(t, "dms_id", label, at);
        if (dmsId is not null && !SafeName.IsValid(dmsId))
            throw new InvalidInputException($"{label}: {at}dms_id: \"{dmsId}\" is not a ProteinGym assay id ({SafeName.Rule})");
        return new GameDataset(name, path, target, splits, folds) { DmsId = dmsId };
    }

    static GameModel ParseModel(TomlTable t, string at, string dir, string label)
    {
        RejectUnknown(t, ModelKeys, label, at);
        var rel = OptionalString(t, "path", label, at);
        var image = OptionalString(t, "image", label, at);
        if (rel is null && image is null)
            throw new InvalidInputException($"{label}: {at}: give 'path' (a model folder) or 'image' (an image reference)");
        string? folder = null;
        if (rel is not null)
        {
            folder = Path.GetFullPath(Path.Combine(dir, rel)).TrimEnd(Path.DirectorySeparatorChar);
            if (!Directory.Exists(folder))
                throw new InvalidInputException($"{label}: {at}path: model folder \"{rel}\" not found (resolved to {folder})", ExitCodes.FileNotFound);
        }
        var manifestRel = OptionalString(t, "manifest", label, at);
        if (manifestRel is null && folder is null)
            throw new InvalidInputException($"{label}: {at}manifest: required when the model is given only as an image");
        var manifest = manifestRel is null
            ? ModelManifestFile.InFolderOrDefault(folder!)
            : Path.GetFullPath(Path.Combine(dir, manifestRel));
        if (!File.Exists(manifest))
            throw new InvalidInputException($"{label}: {at}manifest: model manifest \"{manifestRel ?? Path.GetRelativePath(dir, manifest)}\" not found (resolved to {manifest})", ExitCodes.FileNotFound);
        var name = OptionalString(t, "name", label, at)
                   ?? (folder is not null ? Path.GetFileName(folder) : ImageName(image!));
        CheckLabel(name, label, at + "name");
        var resources = ModelResources.None;
        if (t.TryGetValue("resources", out var res))
            resources = res is TomlTable r ? ModelResources.Parse(r.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value)), $"{label}: {at}resources")
                : throw new InvalidInputException($"{label}: '{at}resources' must be a table such as {{ cpus = 2, memory = \"4g\" }}, got {Show(res)}");
        var covariates = StringList(t, "covariates", label, at) ?? [];
        RejectDuplicates(covariates, label, at + "covariates");
        var contractText = OptionalString(t, ContainerContract.Key, label, at);
        var contract = contractText is null ? (ModelContract?)null
            : ContainerContract.Parse(contractText) ?? throw new InvalidInputException($"{label}: {at}contract: \"{MessageText.Shown(contractText)}\" is unknown; expected {ContainerContract.Expected}");
        return new GameModel(name, folder, image, manifest, resources) { Weights = WeightsFolder(t, dir, label, at), Covariates = covariates, Contract = contract };
    }

    static GameScores ParseScores(TomlTable t, int index, string dir, string label)
    {
        var at = $"scores[{index}].";
        RejectUnknown(t, ScoreKeys, label, at);
        var rel = RequiredString(t, "path", label, at);
        var folder = Path.GetFullPath(Path.Combine(dir, rel)).TrimEnd(Path.DirectorySeparatorChar);
        if (!Directory.Exists(folder))
            throw new InvalidInputException($"{label}: {at}path: score folder \"{rel}\" not found (resolved to {folder})", ExitCodes.FileNotFound);
        var column = RequiredString(t, "column", label, at);
        var name = OptionalString(t, "name", label, at) ?? Path.GetFileName(folder);
        CheckLabel(name, label, at + "name");
        return new GameScores(name, folder, column);
    }

    /// <summary>Repository part of an image reference without registry and tag: <c>reg/pg2/pls:1</c> → <c>pls</c>.</summary>
    static string ImageName(string image)
    {
        var lastSlash = image.LastIndexOf('/');
        var tail = image[(lastSlash + 1)..];
        var cut = tail.IndexOfAny([':', '@']);
        return cut < 0 ? tail : tail[..cut];
    }

    static void CheckLabel(string name, string label, string key)
    {
        if (name.Length == 0 || name.IndexOfAny(['/', '\\', ':']) >= 0 || name is "." or "..")
            throw new InvalidInputException($"{label}: {key}: \"{name}\" cannot be used as a folder name");
    }

    static List<TomlTable> Tables(TomlTable table, string key, string label)
    {
        if (!table.TryGetValue(key, out var v)) return [];
        if (v is TomlTableArray arr) return arr.ToList();
        throw new InvalidInputException($"{label}: '{key}' must be an array of tables ([[{key}]]), got {Show(v)}");
    }

    static void RejectUnknown(TomlTable t, HashSet<string> known, string label, string at)
    {
        foreach (var key in t.Keys)
            if (!known.Contains(key))
                throw new InvalidInputException($"{label}: unknown key '{at}{key}'; expected one of: {string.Join(", ", known)}");
    }

    static void RejectDuplicates(IEnumerable<string> names, string label, string key)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in names)
            if (!seen.Add(n))
                throw new InvalidInputException($"{label}: {key}: the name \"{n}\" is used twice; give one of them a 'name'");
    }

    static string RequiredString(TomlTable t, string key, string label, string at) =>
        OptionalString(t, key, label, at) ?? throw new InvalidInputException($"{label}: missing key '{at}{key}'");

    /// <summary>A model's <c>weights</c>: a folder (relative to the game file) handed to it read-only as the <c>weights</c> input.</summary>
    static string? WeightsFolder(TomlTable t, string dir, string label, string at)
    {
        if (OptionalString(t, "weights", label, at) is not { } rel) return null;
        var folder = Path.GetFullPath(Path.Combine(dir, rel));
        return Directory.Exists(folder) ? folder
            : throw new InvalidInputException($"{label}: {at}weights: folder \"{rel}\" not found (resolved to {folder}); pg2 never downloads weights, bring them with 'pg2 weights add'", ExitCodes.FileNotFound);
    }

    static string? OptionalString(TomlTable t, string key, string label, string at)
    {
        if (!t.TryGetValue(key, out var v)) return null;
        if (v is string s && s.Length > 0) return s;
        throw new InvalidInputException($"{label}: '{at}{key}' must be a non-empty string, got {Show(v)}");
    }

    static List<string>? StringList(TomlTable t, string key, string label, string at)
    {
        if (!t.TryGetValue(key, out var v)) return null;
        if (v is TomlArray arr && arr.All(x => x is string s && s.Length > 0))
            return arr.Cast<string>().ToList();
        throw new InvalidInputException($"{label}: '{at}{key}' must be an array of strings, got {Show(v)}");
    }

    static string Show(object? v) => v switch
    {
        null => "nothing",
        string s => $"\"{s}\"",
        TomlTable => "a table",
        TomlArray => "an array",
        TomlTableArray => "an array of tables",
        bool b => b ? "true" : "false",
        // The value as TOML writes it; a .NET type name means nothing to the game's author.
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "a value",
    };
}

/// <summary>
/// A dataset entry's <c>filter</c> table: keys are reference metadata as <c>pg2 proteingym import</c> stores it in
/// the targets' constants (<c>coarse_selection_type</c>, <c>seq_len</c>, <c>dms_total_number_mutants</c>,
/// <c>msa_neff_l_category</c>, <c>taxon</c>, ...; any constant), values a string or list of strings (one must
/// equal the constant) or a table <c>{ min = .., max = .. }</c> for numbers. An archive lacking a key fails the filter.
/// </summary>
internal sealed class DatasetFilter
{
    readonly List<(string Key, HashSet<string>? Values, double? Min, double? Max)> _rules = [];

    public static DatasetFilter? Parse(TomlTable t, string label, string at)
    {
        if (!t.TryGetValue("filter", out var v)) return null;
        if (v is not TomlTable table)
            throw new InvalidInputException($"{label}: {at}filter: expected a table like {{ coarse_selection_type = [\"Activity\"], seq_len = {{ max = 500 }} }}");
        var filter = new DatasetFilter();
        foreach (var (key, value) in table)
        {
            switch (value)
            {
                case string s: filter._rules.Add((key, [s], null, null)); break;
                case TomlArray arr when arr.All(x => x is string):
                    filter._rules.Add((key, arr.Cast<string>().ToHashSet(StringComparer.Ordinal), null, null)); break;
                case TomlTable range when range.Keys.All(k => k is "min" or "max") && range.Count > 0:
                    filter._rules.Add((key, null, Number(range, "min", label, at + "filter." + key), Number(range, "max", label, at + "filter." + key))); break;
                default:
                    throw new InvalidInputException($"{label}: {at}filter.{key}: expected a string, a list of strings or {{ min = .., max = .. }}");
            }
        }
        return filter;
    }

    static double? Number(TomlTable range, string key, string label, string at) =>
        !range.TryGetValue(key, out var v) ? null
        : v is long l ? l : v is double d ? d
        : throw new InvalidInputException($"{label}: {at}.{key}: expected a number");

    public bool Accepts(string archive, string label, string at)
    {
        DatasetManifest manifest;
        try
        {
            manifest = Dataset.ReadManifest(archive);
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"{label}: {at}filter: {e.Message}", e);
        }
        var constants = manifest.AssaysMeta?.Assays.Values.FirstOrDefault()?.Constants ?? new Dictionary<string, object>();
        foreach (var (key, values, min, max) in _rules)
        {
            if (!constants.TryGetValue(key, out var c)) return false;
            if (values is not null)
            {
                var text = c is double d ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : c.ToString() ?? "";
                if (!values.Contains(text)) return false;
            }
            else
            {
                if (c is not double n) return false;
                if (min is { } lo && n < lo) return false;
                if (max is { } hi && n > hi) return false;
            }
        }
        return true;
    }
}
