using System.Text.Json.Nodes;
using Pg2.Runner.Jobs;

namespace Pg2.Runner.Reports;

/// <summary>
/// <c>leaderboard.json</c>: the leaderboard's rows (as in <c>leaderboard.csv</c>) and, per game, metric and
/// fold scheme, the ranking among ProteinGym's published models over the assays the game covered and
/// each of the game's model × assay placements.
/// </summary>
internal static class LeaderboardJson
{
    public static string Write(Leaderboard board)
    {
        var rows = new JsonArray();
        foreach (var r in board.Rows)
        {
            var row = new JsonObject
            {
                ["game"] = r.Game, ["model"] = r.Model, ["dataset"] = r.Dataset, ["split"] = r.Split, ["target"] = r.Target,
                ["jobs"] = r.Jobs, ["failed"] = r.Failed,
            };
            foreach (var (k, v) in r.Values) row[k] = v;
            var placements = board.Placements(r).ToList();
            if (placements.Count > 0)
            {
                row["dms_id"] = board.DmsId(r);
                var published = new JsonObject();
                foreach (var (metric, p) in placements)
                    published[metric] = new JsonObject
                    {
                        ["value"] = p.Value, ["rank"] = p.Rank, ["published_models"] = p.Published,
                        ["best_model"] = p.BestModel, ["best_value"] = Number(p.BestValue),
                    };
                row["published"] = published;
            }
            rows.Add(row);
        }
        var comparisons = new JsonArray();
        foreach (var c in board.Published)
        {
            var ranking = new JsonArray();
            foreach (var m in c.Ranking)
                ranking.Add(new JsonObject
                {
                    ["rank"] = m.Rank, ["model"] = m.Model, ["ours"] = m.Ours, ["model_type"] = m.ModelType,
                    ["value"] = Number(m.Summary.Overall), ["standard_error"] = Number(m.StandardError), ["assays"] = m.Summary.Assays,
                    ["by_function"] = Numbers(m.Summary.ByFunction), ["by_msa_depth"] = Numbers(m.Summary.ByMsaDepth), ["by_taxon"] = Numbers(m.Summary.ByTaxon),
                });
            comparisons.Add(new JsonObject
            {
                ["game"] = c.Game, ["setting"] = c.Setting == Pg2.Metrics.Leaderboards.PublishedSetting.ZeroShot ? "zero-shot" : "supervised",
                ["split"] = c.Split, ["metric"] = c.Metric, ["higher_is_better"] = c.HigherIsBetter,
                ["assays"] = new JsonArray([.. c.Assays.Select(a => (JsonNode?)a)]), ["ranking"] = ranking,
            });
        }
        var root = new JsonObject
        {
            ["rows"] = rows,
            ["published"] = comparisons,
            ["published_source"] = Pg2.Metrics.Leaderboards.PublishedResults.Attribution,
        };
        return root.ToJsonString(JobRecord.NodeJson) + "\n";
    }

    static double? Number(double v) => double.IsFinite(v) ? v : null;

    static JsonObject Numbers(IReadOnlyDictionary<string, double> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values) o[k] = Number(v);
        return o;
    }
}
