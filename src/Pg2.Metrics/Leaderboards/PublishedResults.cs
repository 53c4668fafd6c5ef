using System.Collections.Concurrent;
using nietras.SeparatedValues;

namespace Pg2.Metrics.Leaderboards;

/// <summary>
/// ProteinGym's published results, shipped inside this assembly (copied verbatim from
/// OATML-Markslab/ProteinGym at commit bb68524, MIT; the files and their notice are in the repository's
/// <c>data/proteingym/published/</c>): the zero-shot DMS-level tables of five metrics and the supervised
/// DMS-level tables of Spearman and MSE per fold scheme, plus each model's type from the summary files.
/// Parsed on first use and kept.
/// </summary>
public static class PublishedResults
{
    /// <summary>The attribution shown wherever the published numbers appear (reports, leaderboards).</summary>
    public const string Attribution =
        "Published results: ProteinGym (OATML-Markslab/ProteinGym, commit bb685245f8f4bb95a5b54b470396c23826cd6284, 2025-07-21), " +
        "MIT licence, Copyright (c) 2023 OATML-Markslab, Pascal Notin, Aaron Kollasch, Daniel Ritter, Lood van Niekerk.";

    /// <summary>pg2 metric name → ProteinGym's folder and file name part.</summary>
    static readonly Dictionary<string, string> ZeroShotNames = new(StringComparer.Ordinal)
    {
        ["spearman"] = "Spearman", ["auc"] = "AUC", ["mcc"] = "MCC", ["ndcg"] = "NDCG", ["top_recall"] = "Top_recall",
    };
    static readonly Dictionary<string, string> SupervisedNames = new(StringComparer.Ordinal) { ["spearman"] = "Spearman", ["mse"] = "MSE" };

    /// <summary>The fold schemes of the supervised tables, in ProteinGym's order.</summary>
    public static IReadOnlyList<string> Schemes { get; } = ["random", "modulo", "contiguous"];

    /// <summary>
    /// The "scheme" of the mean over the three fold schemes: ProteinGym's supervised headline
    /// (<c>Average_Spearman</c>, <c>Average_MSE</c> in its summary files) averages them.
    /// </summary>
    public const string MeanOfSchemes = "average";

    /// <summary>The pg2 metrics ProteinGym publishes for <paramref name="setting"/>.</summary>
    public static IReadOnlyCollection<string> Metrics(PublishedSetting setting) =>
        setting == PublishedSetting.ZeroShot ? ZeroShotNames.Keys : SupervisedNames.Keys;

    static readonly ConcurrentDictionary<string, PublishedTable> Tables = new(StringComparer.Ordinal);
    static readonly Lazy<Dictionary<string, string>> Types = new(ReadTypes);

    /// <summary>The metadata of ProteinGym's 217 substitution assays (UniProt, function, depth category, taxon), from the zero-shot tables.</summary>
    public static AssayCatalog Catalog => ZeroShot("spearman")!.Catalog!;

    /// <summary>The zero-shot DMS-level table of <paramref name="metric"/>; null when ProteinGym publishes none for it.</summary>
    public static PublishedTable? ZeroShot(string metric) =>
        ZeroShotNames.TryGetValue(metric, out var name)
            ? Tables.GetOrAdd("zero_shot/" + metric, _ => Load($"zero_shot/DMS_substitutions_{name}_DMS_level.csv", PublishedSetting.ZeroShot, metric, null))
            : null;

    /// <summary>
    /// The supervised DMS-level table of <paramref name="metric"/> for fold scheme <paramref name="scheme"/>
    /// (<c>random</c>, <c>modulo</c>, <c>contiguous</c>, or <see cref="MeanOfSchemes"/>: each cell the mean of
    /// the three); null when ProteinGym publishes none for them.
    /// </summary>
    public static PublishedTable? Supervised(string metric, string scheme)
    {
        if (!SupervisedNames.TryGetValue(metric, out var name)) return null;
        if (scheme == MeanOfSchemes)
            return Tables.GetOrAdd($"supervised/{metric}/{scheme}", _ => PublishedTable.MeanOf([.. Schemes.Select(s => Supervised(metric, s)!)], scheme));
        return Schemes.Contains(scheme)
            ? Tables.GetOrAdd($"supervised/{metric}/{scheme}", _ => Load($"supervised/DMS_substitutions_{name}_DMS_level_fold_{scheme}_5.csv", PublishedSetting.Supervised, metric, scheme))
            : null;
    }

    /// <summary>The published model's type (e.g. "MSA", "PLM", "Structure"), or "" when the summary files do not say.</summary>
    public static string ModelType(string model) => Types.Value.GetValueOrDefault(model, "");

    static PublishedTable Load(string name, PublishedSetting setting, string metric, string? scheme)
    {
        using var reader = Open(name);
        return PublishedTable.Parse(reader, "published " + name, setting, metric, scheme);
    }

    static Dictionary<string, string> ReadTypes()
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in new[] { "zero_shot/Summary_performance_DMS_substitutions_Spearman.csv", "supervised/Summary_performance_DMS_substitutions_Spearman.csv" })
        {
            using var text = Open(file);
            using var reader = Sep.Reader(o => o with { Sep = new Sep(','), Unescape = true }).From(text);
            foreach (var row in reader) types[row["Model_name"].ToString()] = row["Model type"].ToString();
        }
        return types;
    }

    /// <summary>Opens an embedded table by its name under <c>zero_shot/</c> or <c>supervised/</c>.</summary>
    internal static StreamReader Open(string name)
    {
        var stream = typeof(PublishedResults).Assembly.GetManifestResourceStream("pg2/published/" + name)
                     ?? throw new InvalidOperationException($"the published table {name} is not embedded in Pg2.Metrics (a build problem)");
        return new StreamReader(stream);
    }
}
