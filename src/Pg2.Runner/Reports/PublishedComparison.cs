using Pg2.Metrics;
using Pg2.Metrics.Leaderboards;
using Pg2.Runner.Games;

namespace Pg2.Runner.Reports;

/// <summary>A game's model on one assay, placed among ProteinGym's published models on that assay.</summary>
/// <param name="Model">Our model's label.</param>
/// <param name="Dataset">Our dataset label.</param>
/// <param name="DmsId">The ProteinGym assay it was matched to.</param>
/// <param name="Value">Our model's value (pooled, else test).</param>
/// <param name="Rank">1 + the number of published models strictly better on this assay.</param>
/// <param name="Published">Published models with a value on this assay.</param>
/// <param name="BestModel">The best published model on this assay.</param>
/// <param name="BestValue">Its value.</param>
public sealed record AssayPlacement(string Model, string Dataset, string DmsId, double Value, int Rank, int Published, string BestModel, double BestValue);

/// <summary>One line of a ranking over the assays a game covered: a published model or one of the game's.</summary>
/// <param name="Rank">1 = best.</param>
/// <param name="Model">Model name.</param>
/// <param name="Ours">Whether the model is one of the game's (a pg2 job or a score-only entry), not a published one.</param>
/// <param name="ModelType">ProteinGym's model type for a published model; "" for ours.</param>
/// <param name="Summary">ProteinGym's aggregation over the covered assays (overall, by function, depth, taxon).</param>
/// <param name="StandardError">ProteinGym's bootstrap standard error, centred on the best published model (which has 0).</param>
public sealed record RankedModel(int Rank, string Model, bool Ours, string ModelType, AssaySummary Summary, double StandardError);

/// <summary>
/// A game's models among ProteinGym's published models for one metric (and, supervised, one fold scheme):
/// per assay, and aggregated by ProteinGym's rule over the assays the game covered.
/// </summary>
/// <param name="Game">Game name.</param>
/// <param name="Setting">Zero-shot or supervised tables.</param>
/// <param name="Split">Fold scheme (supervised), or "".</param>
/// <param name="Metric">pg2 metric name.</param>
/// <param name="HigherIsBetter">Whether larger values rank first.</param>
/// <param name="Assays">The ProteinGym assays the game covered (DMS_id).</param>
/// <param name="Ranking">Everyone ranked over <paramref name="Assays"/>.</param>
/// <param name="PerAssay">Each of our model × assay values placed among the published ones.</param>
public sealed record PublishedComparison(string Game, PublishedSetting Setting, string Split, string Metric, bool HigherIsBetter,
    IReadOnlyList<string> Assays, IReadOnlyList<RankedModel> Ranking, IReadOnlyList<AssayPlacement> PerAssay)
{
    /// <summary>The placement of <paramref name="model"/> on <paramref name="dataset"/>, or null.</summary>
    public AssayPlacement? Placement(string model, string dataset) => PerAssay.FirstOrDefault(p => p.Model == model && p.Dataset == dataset);

    /// <summary>
    /// Places every game's models among the published ones, for each metric ProteinGym publishes for the
    /// game's kind (zero-shot: spearman, auc, mcc, ndcg, top_recall; supervised: spearman, mse per fold scheme,
    /// and, when the game ran all three schemes, their mean: ProteinGym's supervised headline, each model's
    /// value on an assay being the mean of its three schemes' values there).
    /// A dataset joins when its <c>dms_id</c> (game file or archive) or its label is a published assay.
    /// </summary>
    internal static List<PublishedComparison> Build(IReadOnlyList<LeaderboardRow> rows, IReadOnlyList<GameInfo> games, int resamples)
    {
        var result = new List<PublishedComparison>();
        foreach (var game in games)
        {
            var mine = rows.Where(r => r.Game == game.Name).ToList();
            var setting = game.Kind == GameKind.ZeroShot ? PublishedSetting.ZeroShot : PublishedSetting.Supervised;
            foreach (var metric in game.Metrics.Where(PublishedResults.Metrics(setting).Contains))
            {
                var splits = setting == PublishedSetting.ZeroShot ? [""] : PublishedResults.Schemes.Where(s => mine.Any(r => r.Split == s)).ToList();
                if (splits.Count == PublishedResults.Schemes.Count) splits.Add(PublishedResults.MeanOfSchemes);
                foreach (var split in splits)
                {
                    var table = setting == PublishedSetting.ZeroShot ? PublishedResults.ZeroShot(metric)! : PublishedResults.Supervised(metric, split)!;
                    var entries = split == PublishedResults.MeanOfSchemes ? MeanOfSchemes(mine, metric)
                        : mine.Where(r => r.Split == split).Select(r => new Entry(r.Model, r.Dataset, r.Headline(metric) ?? double.NaN));
                    var matched = entries.Select(e => (Entry: e, DmsId: game.DmsId(e.Dataset)))
                        .Where(p => table.HasAssay(p.DmsId)).ToList();
                    if (matched.Count == 0) continue;
                    result.Add(Compare(game.Name, table, split, matched, resamples));
                }
            }
        }
        return result;
    }

    /// <summary>One model's headline value on one dataset.</summary>
    sealed record Entry(string Model, string Dataset, double Value);

    /// <summary>Each model × dataset that ran all three schemes: the mean of its three headline values.</summary>
    static IEnumerable<Entry> MeanOfSchemes(IEnumerable<LeaderboardRow> rows, string metric) =>
        rows.Where(r => PublishedResults.Schemes.Contains(r.Split))
            .GroupBy(r => (r.Model, r.Dataset))
            .Where(g => g.Select(r => r.Split).Distinct().Count() == PublishedResults.Schemes.Count)
            .Select(g => new Entry(g.Key.Model, g.Key.Dataset, g.Average(r => r.Headline(metric) ?? double.NaN)));

    static PublishedComparison Compare(string game, PublishedTable table, string split, List<(Entry Entry, string DmsId)> matched, int resamples)
    {
        var catalog = PublishedResults.Catalog;
        var assays = matched.Select(m => m.DmsId).Distinct().Order(StringComparer.Ordinal).ToList();
        var covered = assays.ToHashSet(StringComparer.Ordinal);
        var sign = table.HigherIsBetter ? 1.0 : -1.0;

        var perAssay = new List<AssayPlacement>();
        foreach (var (entry, dms) in matched)
        {
            var v = entry.Value;
            if (!double.IsFinite(v)) continue;
            var published = table.Models.Select(m => (Model: m, Value: table[m, dms])).Where(p => !double.IsNaN(p.Value)).ToList();
            var better = published.Count(p => sign * p.Value > sign * v);
            var best = published.OrderByDescending(p => sign * p.Value).FirstOrDefault();
            perAssay.Add(new AssayPlacement(entry.Model, entry.Dataset, dms, v, better + 1, published.Count, best.Model ?? "", best.Model is null ? double.NaN : best.Value));
        }

        var columns = new List<(string Model, bool Ours, IReadOnlyDictionary<string, double> Values)>();
        foreach (var m in table.Models)
            columns.Add((m, false, table.Column(m).Where(kv => covered.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal)));
        foreach (var g in matched.GroupBy(m => m.Entry.Model).OrderBy(g => g.Key, StringComparer.Ordinal))
            columns.Add((g.Key, true, g.GroupBy(p => p.DmsId).ToDictionary(p => p.Key, p => p.First().Entry.Value, StringComparer.Ordinal)));

        var summaries = columns.Select(c => (c.Model, c.Ours, c.Values, Summary: AssayAggregation.Summarise(c.Values, catalog))).ToList();
        // ProteinGym centres the standard error on its top model; here the best published model over these assays.
        var reference = summaries.Where(s => !s.Ours && !double.IsNaN(s.Summary.Overall)).OrderByDescending(s => sign * s.Summary.Overall).FirstOrDefault();
        var errors = new double[summaries.Count];
        Parallel.For(0, summaries.Count, i =>
            errors[i] = summaries[i].Summary.Assays < 2 ? double.NaN
                : AssayAggregation.BootstrapStandardError(summaries[i].Values, catalog, reference.Values, resamples));
        var ranked = summaries.Select((s, i) => (s, Error: errors[i]))
            .OrderBy(p => double.IsNaN(p.s.Summary.Overall) ? 1 : 0)
            .ThenByDescending(p => sign * p.s.Summary.Overall)
            .ThenBy(p => p.s.Model, StringComparer.Ordinal)
            .Select((p, i) => new RankedModel(i + 1, p.s.Model, p.s.Ours, p.s.Ours ? "" : PublishedResults.ModelType(p.s.Model), p.s.Summary, p.Error))
            .ToList();
        return new PublishedComparison(game, table.Setting, split, table.Metric, table.HigherIsBetter, assays, ranked, perAssay);
    }
}
