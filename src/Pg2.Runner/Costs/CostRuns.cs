using System.Text.Json;
using System.Text.Json.Nodes;
using Pg2.Contracts;
using Pg2.Runner.Jobs;

namespace Pg2.Runner.Costs;

/// <summary>Measured runs for refitting the cost model, taken from the job records of earlier runs.</summary>
public static class CostRuns
{
    /// <summary>
    /// Every succeeded job's record under <paramref name="resultsDir"/> that carries its cost family and
    /// dataset sizes: family → runs (wall time; the engine's per-job overhead from <paramref name="table"/>
    /// subtracted; records do not hold peak memory, so memory is refitted only from measured runs).
    /// </summary>
    public static IReadOnlyDictionary<string, List<CostRun>> FromResults(string resultsDir, CostTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var runs = new Dictionary<string, List<CostRun>>(StringComparer.Ordinal);
        if (!Directory.Exists(resultsDir)) throw new Pg2.Contracts.InvalidInputException($"{resultsDir}: no such results folder", Pg2.Contracts.ExitCodes.FileNotFound);
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in Directory.EnumerateFiles(resultsDir, JobRecord.FileName, options).Order(StringComparer.Ordinal))
        {
            // The model cache and job work folders hold no records of their own.
            if (file.Contains("/.model-cache/", StringComparison.Ordinal) || file.Contains("/.run/", StringComparison.Ordinal)) continue;
            var record = JobRecord.TryRead(Path.GetDirectoryName(file)!);
            if (record is not { Status: JobStatus.Succeeded, CostFamily: { } family, Cost: { } features }) continue;
            var overhead = table.Engines.TryGetValue(record.Engine, out var e) ? e.JobSeconds : 0;
            if (!runs.TryGetValue(family, out var list)) runs[family] = list = [];
            list.Add(new CostRun(record.Dataset, features, Math.Max(0, record.DurationSeconds - overhead), null, null));
        }
        return runs;
    }

    /// <summary>
    /// The runs of a measurement file (<c>bench/CostModel/run.sh</c> writes it): <c>{"measured": "...", "runs": [...]}</c>,
    /// each run either a model job <c>{"model", "dataset" (archive path, relative to the file), "seconds", "peak_bytes"?,
    /// "load_average"?}</c> or an engine overhead <c>{"engine", "seconds"}</c>. The datasets' sizes are read from the archives.
    /// </summary>
    /// <exception cref="InvalidInputException">Malformed (one line naming the run and field) or an archive that cannot be read.</exception>
    public static (string Measured, IReadOnlyDictionary<string, List<CostRun>> Models, IReadOnlyDictionary<string, List<double>> Engines) FromMeasurements(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: no such file", ExitCodes.FileNotFound);
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { MaxDepth = 8 }); }
        catch (JsonException e) { throw new InvalidInputException($"{path}: not valid JSON: {MessageText.Shown(e.Message, 200)}"); }
        if (root is not JsonObject top || top["runs"] is not JsonArray list) throw new InvalidInputException($"{path}: expected {{\"measured\": \"...\", \"runs\": [...]}}");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var models = new Dictionary<string, List<CostRun>>(StringComparer.Ordinal);
        var engines = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var at = $"{path}: runs[{i}]";
            if (list[i] is not JsonObject run) throw new InvalidInputException($"{at}: expected an object");
            var seconds = Number(run["seconds"], at + ".seconds") ?? throw new InvalidInputException($"{at}.seconds: missing");
            if (Text(run["engine"], at + ".engine") is { } engine && run["model"] is null)
            {
                if (!engines.TryGetValue(engine, out var e)) engines[engine] = e = [];
                e.Add(seconds);
                continue;
            }
            var model = Text(run["model"], at + ".model") ?? throw new InvalidInputException($"{at}.model: missing (or give engine for an overhead run)");
            var dataset = Text(run["dataset"], at + ".dataset") ?? throw new InvalidInputException($"{at}.dataset: missing");
            var archive = Path.GetFullPath(Path.Combine(folder, dataset));
            CostFeatures features;
            try { features = CostFeatures.Of(archive); }
            catch (Exception ex) when (ex is InvalidInputException or IOException or InvalidDataException)
            { throw new InvalidInputException($"{at}.dataset: {MessageText.Shown(ex.Message, 200)}", ex); }
            var peak = Number(run["peak_bytes"], at + ".peak_bytes");
            if (!models.TryGetValue(model, out var m)) models[model] = m = [];
            m.Add(new CostRun(Path.GetFileNameWithoutExtension(archive), features, seconds, peak is { } p ? (long)p : null, Number(run["load_average"], at + ".load_average")));
        }
        return (Text(top["measured"], path + ": measured") ?? "", models, engines);
    }

    static string? Text(JsonNode? node, string at) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw new InvalidInputException($"{at}: expected a string"),
    };

    static double? Number(JsonNode? node, string at) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<double>(out var d) && double.IsFinite(d) && d >= 0 => d,
        _ => throw new InvalidInputException($"{at}: expected a number of 0 or more"),
    };
}
