using System.Globalization;
using System.Text.Json.Nodes;
using Pg2.Contracts;
using Pg2.Runner.Jobs;
using Pg2.Sdk;

namespace Pg2.Runner.Costs;

/// <summary>The estimate for one model of a game: its jobs, their summed time and the largest job's peak memory.</summary>
/// <param name="Model">Model label in the game.</param>
/// <param name="Family">The cost table entry it was estimated by (its manifest's <c>name</c>).</param>
/// <param name="Jobs">Jobs of this model.</param>
/// <param name="Seconds">Summed job time (engine overhead included), or null when the table has no time formula for the family.</param>
/// <param name="PeakBytes">The largest job's peak memory, or null when the table has no memory formula for it.</param>
/// <param name="LongestJobSeconds">The longest job's time, or null.</param>
public sealed record ModelEstimate(string Model, string Family, int Jobs, double? Seconds, long? PeakBytes, double? LongestJobSeconds);

/// <summary>One job to estimate.</summary>
/// <param name="Model">Model label.</param>
/// <param name="Family">Its cost table entry.</param>
/// <param name="Features">Its dataset's sizes.</param>
public sealed record EstimatedJob(string Model, string Family, CostFeatures Features);

/// <summary>
/// What a game will cost before it runs: the job count and, per model, time and peak memory from the
/// <see cref="CostTable"/> applied to each job's dataset sizes (<see cref="CostFeatures"/>), plus the
/// engine's per-job overhead. The total divides the summed time by the parallel jobs (an ideal packing:
/// a lower bound when one long job dominates, see <see cref="ModelEstimate.LongestJobSeconds"/>).
/// Cached jobs are counted as if they ran (the cache is checked once the models are built).
/// </summary>
/// <param name="Jobs">Jobs of the game.</param>
/// <param name="Engine">Engine name.</param>
/// <param name="Parallelism">Jobs run at the same time.</param>
/// <param name="Models">Per model, in game order.</param>
/// <param name="EngineJobSeconds">The engine's measured per-job overhead, or null when the table has none for it.</param>
/// <param name="Measured">The table's note on when and how its runs were measured.</param>
public sealed record RunEstimate(int Jobs, string Engine, int Parallelism, IReadOnlyList<ModelEstimate> Models, double? EngineJobSeconds, string Measured)
{
    /// <summary>Wall time of the whole run (summed time / parallel jobs), or null when a model has no time estimate.</summary>
    public double? Seconds => Models.Any(m => m.Seconds is null) ? null : Models.Sum(m => m.Seconds!.Value) / Math.Max(1, Parallelism);

    /// <summary>The largest peak memory of one job, or null when a model has no memory estimate.</summary>
    public long? PeakBytes => Models.Any(m => m.PeakBytes is null) ? null : Models.Max(m => m.PeakBytes) ?? 0;

    /// <summary>Estimates <paramref name="jobs"/> (a game's plan) run on <paramref name="engine"/>.</summary>
    public static RunEstimate For(IReadOnlyList<BenchmarkJob> jobs, string engine, int parallelism, CostTable table)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var families = new Dictionary<string, string>(StringComparer.Ordinal);
        return Of([.. jobs.Select(j => new EstimatedJob(j.Model.Name,
            families.TryGetValue(j.Model.Name, out var f) ? f : families[j.Model.Name] = Family(j.Model), CostFeatures.Of(j.Dataset.Path)))],
            engine, parallelism, table);
    }

    /// <summary>Estimates <paramref name="jobs"/> (model label, cost table family, dataset sizes) run on <paramref name="engine"/>.</summary>
    public static RunEstimate Of(IReadOnlyList<EstimatedJob> jobs, string engine, int parallelism, CostTable table)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(table);
        double? overhead = table.Engines.TryGetValue(engine, out var e) ? e.JobSeconds : null;
        var models = new List<ModelEstimate>();
        foreach (var group in jobs.GroupBy(j => j.Model))
        {
            var family = group.First().Family;
            if (!table.Models.TryGetValue(family, out var cost))
            {
                models.Add(new ModelEstimate(group.Key, family, group.Count(), null, null, null));
                continue;
            }
            double seconds = 0, longest = 0, peak = 0;
            foreach (var job in group)
            {
                var t = cost.Time.Evaluate(job.Features) + (overhead ?? 0);
                seconds += t;
                longest = Math.Max(longest, t);
                peak = Math.Max(peak, cost.Memory.Evaluate(job.Features));
            }
            models.Add(new ModelEstimate(group.Key, family, group.Count(), cost.Time.IsEmpty ? null : seconds,
                cost.Memory.IsEmpty ? null : (long)peak, cost.Time.IsEmpty ? null : longest));
        }
        return new RunEstimate(jobs.Count, engine, parallelism, models, overhead, table.Measured);
    }

    /// <summary>The cost table entry of a model: its manifest's name (the family: evmutation, pls, ...), else its label.</summary>
    internal static string Family(Games.GameModel model)
    {
        try
        {
            return ModelManifest.FromPath(model.Manifest).Name;
        }
        catch (Exception e) when (e is InvalidInputException or IOException)
        {
            return model.Name;
        }
    }

    /// <summary>The estimate as lines for a person: the total first, then one line per model.</summary>
    public IReadOnlyList<string> Lines()
    {
        var unmeasured = EngineJobSeconds is null ? $" (no measured overhead for the {Engine} engine)" : "";
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"{Jobs} job{(Jobs == 1 ? "" : "s")} on {Engine} (--jobs {Parallelism}); estimated time {(Seconds is { } s ? ShowSeconds(s) : "unknown")}, peak memory {(PeakBytes is { } p ? ShowMemory(p) : "unknown")} per job{unmeasured}"),
        };
        foreach (var m in Models)
            lines.Add(m.Seconds is null && m.PeakBytes is null
                ? $"  {m.Model}: {m.Jobs} jobs, no estimate (the cost table has no measured runs of '{m.Family}')"
                : string.Create(CultureInfo.InvariantCulture,
                    $"  {m.Model}: {m.Jobs} jobs, {(m.Seconds is { } s2 ? ShowSeconds(s2) : "time unknown")}{(m.LongestJobSeconds is { } l ? $" (longest job {ShowSeconds(l)})" : "")}, peak memory {(m.PeakBytes is { } p2 ? ShowMemory(p2) : "unknown")}"));
        return lines;
    }

    /// <summary>The estimate as a JSON object (<c>--json</c>, <c>--dry-run</c>).</summary>
    public JsonObject ToJson()
    {
        var models = new JsonArray();
        foreach (var m in Models)
            models.Add(new JsonObject
            {
                ["model"] = m.Model, ["family"] = m.Family, ["jobs"] = m.Jobs,
                ["seconds"] = m.Seconds is { } s ? Math.Round(s, 1) : null, ["longest_job_seconds"] = m.LongestJobSeconds is { } l ? Math.Round(l, 1) : null,
                ["peak_bytes"] = m.PeakBytes,
            });
        return new JsonObject
        {
            ["jobs"] = Jobs, ["engine"] = Engine, ["parallel_jobs"] = Parallelism,
            ["seconds"] = Seconds is { } t ? Math.Round(t, 1) : null, ["peak_bytes"] = PeakBytes,
            ["engine_job_seconds"] = EngineJobSeconds, ["models"] = models, ["measured"] = Measured,
        };
    }

    /// <summary>A duration to two significant figures in the unit that reads best: 45 s, 12 min, 3.4 h, 2.1 days.</summary>
    public static string ShowSeconds(double seconds) => seconds switch
    {
        < 90 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.#} s"),
        < 5400 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.#} min"),
        < 172_800 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.#} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86_400:0.#} days"),
    };

    /// <summary>Memory to the MiB, in the unit that reads best.</summary>
    public static string ShowMemory(long bytes) => ModelResources.ShowBytes(bytes < 1 << 20 ? bytes : bytes / (1 << 20) * (1 << 20));
}
