using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pg2.Contracts;

namespace Pg2.Runner.Costs;

/// <summary>One measured job: the dataset's sizes, its wall time and (when measured) its peak memory.</summary>
/// <param name="Dataset">Dataset label (for people; the fit uses the sizes).</param>
/// <param name="Features">The dataset's sizes.</param>
/// <param name="Seconds">Wall time of the job.</param>
/// <param name="PeakBytes">Peak resident memory, or null when not measured.</param>
/// <param name="LoadAverage">The machine's 1-minute load average when it started, or null.</param>
public sealed record CostRun(string Dataset, CostFeatures Features, double Seconds, long? PeakBytes, double? LoadAverage);

/// <summary>A model family's cost: time and peak memory formulas, and the runs they were fitted from.</summary>
/// <param name="Time">Seconds per job.</param>
/// <param name="Memory">Peak bytes per job.</param>
/// <param name="Runs">The measured runs.</param>
/// <param name="Note">What the formula stands for (algorithm, where fixed terms come from).</param>
/// <param name="Supervised">True for a supervised family (one job per fold of each scheme), false for zero-shot (one per assay).</param>
public sealed record ModelCost(CostFormula Time, CostFormula Memory, IReadOnlyList<CostRun> Runs, string? Note, bool Supervised = false);

/// <summary>An engine's start-up and clean-up time added to every job, and the measurements it is the mean of.</summary>
/// <param name="JobSeconds">Seconds per job.</param>
/// <param name="Runs">Measured overheads in seconds.</param>
public sealed record EngineCost(double JobSeconds, IReadOnlyList<double> Runs);

/// <summary>
/// The cost model: per model family (the manifest's <c>name</c>) a time and a peak-memory formula over
/// the dataset's sizes, fitted on measured runs that the table carries, and per engine a per-job overhead.
/// Shipped as <c>data/cost-model.json</c> (embedded); <c>pg2 benchmark fit-costs</c> refits it from
/// measured runs and job records. Read as hostile input: every problem is one line naming the field.
/// </summary>
/// <param name="Measured">When and under what load the runs were measured (free text).</param>
/// <param name="Models">Family → cost.</param>
/// <param name="Engines">Engine name → overhead.</param>
public sealed record CostTable(string Measured, IReadOnlyDictionary<string, ModelCost> Models, IReadOnlyDictionary<string, EngineCost> Engines)
{
    /// <summary>Name of the embedded copy of <c>data/cost-model.json</c>.</summary>
    const string ResourceName = "pg2/cost-model.json";
    const long MaxTableBytes = 16 << 20;

    static readonly Lazy<CostTable> ShippedTable = new(() =>
    {
        using var stream = typeof(CostTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "cost-model.json (shipped)");
    });

    /// <summary>The table shipped with pg2.</summary>
    public static CostTable Shipped => ShippedTable.Value;

    /// <summary>Reads a table file.</summary>
    /// <exception cref="InvalidInputException">Missing, too large or malformed (one line naming the field).</exception>
    public static CostTable Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new InvalidInputException($"{path}: no such cost table", ExitCodes.FileNotFound);
        if (info.Length > MaxTableBytes) throw new InvalidInputException($"{path}: {info.Length} bytes; a cost table is at most {MaxTableBytes} bytes");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses a table; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidInputException">Malformed (one line naming the field).</exception>
    public static CostTable Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{source}: not valid JSON: {MessageText.Shown(e.Message, 200)}");
        }
        if (root is not JsonObject top) throw new InvalidInputException($"{source}: expected a JSON object");
        var models = new Dictionary<string, ModelCost>(StringComparer.Ordinal);
        foreach (var (name, node) in Object(top, "models", source, required: true)!)
            models[name] = ReadModel(node, $"{source}: models.{name}");
        var engines = new Dictionary<string, EngineCost>(StringComparer.Ordinal);
        if (Object(top, "engines", source, required: false) is { } e2)
            foreach (var (name, node) in e2)
            {
                var at = $"{source}: engines.{name}";
                if (node is not JsonObject o) throw new InvalidInputException($"{at}: expected an object like {{ \"job_seconds\": 1.5 }}");
                var runs = o["runs"] is null ? [] : Array(o["runs"], at + ".runs").Select((r, i) => NonNegative(r, $"{at}.runs[{i}]")).ToList();
                engines[name] = new EngineCost(NonNegative(o["job_seconds"], at + ".job_seconds"), runs);
            }
        var measured = top["measured"] is null ? "" : Text(top["measured"], source + ": measured");
        return new CostTable(measured, models, engines);
    }

    static ModelCost ReadModel(JsonNode? node, string at)
    {
        if (node is not JsonObject o) throw new InvalidInputException($"{at}: expected an object with time, memory and runs");
        var runs = o["runs"] is null ? [] : Array(o["runs"], at + ".runs").Select((r, i) => ReadRun(r, $"{at}.runs[{i}]")).ToList();
        return new ModelCost(ReadFormula(o["time"], at + ".time"), ReadFormula(o["memory"], at + ".memory"), runs,
            o["note"] is null ? null : Text(o["note"], at + ".note"), o["supervised"] is not null && Bool(o["supervised"], at + ".supervised"));
    }

    static CostFormula ReadFormula(JsonNode? node, string at)
    {
        if (node is null) return CostFormula.Empty;
        if (node is not JsonObject o) throw new InvalidInputException($"{at}: expected {{ \"fitted\": {{ term: coefficient }}, \"fixed\": {{ ... }} }}");
        foreach (var (key, _) in o)
            if (key is not ("fitted" or "fixed")) throw new InvalidInputException($"{at}.{key}: unknown key (expected fitted, fixed)");
        return new CostFormula(Terms(o["fitted"], at + ".fitted"), Terms(o["fixed"], at + ".fixed"));
    }

    static Dictionary<string, double> Terms(JsonNode? node, string at)
    {
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        if (node is null) return terms;
        if (node is not JsonObject o) throw new InvalidInputException($"{at}: expected an object of term → coefficient");
        foreach (var (term, value) in o)
        {
            if (!CostTerm.IsKnown(term)) throw new InvalidInputException($"{at}: unknown term '{term}' (expected one of {string.Join(", ", CostTerm.Names)})");
            terms[term] = Finite(value, $"{at}.{term}");
        }
        return terms;
    }

    static CostRun ReadRun(JsonNode? node, string at)
    {
        if (node is not JsonObject o) throw new InvalidInputException($"{at}: expected an object with dataset, rows, length, alignment_length, depth, seconds");
        var features = new CostFeatures(Count(o["rows"], at + ".rows"), checked((int)Math.Min(Count(o["length"], at + ".length"), int.MaxValue)),
            (int)Math.Min(Count(o["alignment_length"], at + ".alignment_length"), int.MaxValue), Count(o["depth"], at + ".depth"));
        return new CostRun(o["dataset"] is null ? "" : Text(o["dataset"], at + ".dataset"), features, NonNegative(o["seconds"], at + ".seconds"),
            o["peak_bytes"] is null ? null : Count(o["peak_bytes"], at + ".peak_bytes"),
            o["load_average"] is null ? null : NonNegative(o["load_average"], at + ".load_average"));
    }

    static JsonObject? Object(JsonObject parent, string key, string source, bool required) => parent[key] switch
    {
        JsonObject o => o,
        null when !required => null,
        null => throw new InvalidInputException($"{source}: {key}: missing"),
        _ => throw new InvalidInputException($"{source}: {key}: expected an object"),
    };

    static JsonArray Array(JsonNode? node, string at) => node as JsonArray ?? throw new InvalidInputException($"{at}: expected an array");

    static string Text(JsonNode? node, string at) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new InvalidInputException($"{at}: expected a string");

    static bool Bool(JsonNode? node, string at) =>
        node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : throw new InvalidInputException($"{at}: expected true or false");

    static double Finite(JsonNode? node, string at) =>
        node is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d
        : throw new InvalidInputException($"{at}: expected a finite number, got {Shown(node)}");

    static double NonNegative(JsonNode? node, string at)
    {
        var d = Finite(node, at);
        return d >= 0 ? d : throw new InvalidInputException($"{at}: expected 0 or more, got {d.ToString(CultureInfo.InvariantCulture)}");
    }

    static long Count(JsonNode? node, string at)
    {
        var d = NonNegative(node, at);
        return d == Math.Floor(d) && d < long.MaxValue / 2 ? (long)d : throw new InvalidInputException($"{at}: expected a whole number, got {d.ToString(CultureInfo.InvariantCulture)}");
    }

    static string Shown(JsonNode? node) => node is null ? "nothing" : MessageText.Shown(node.ToJsonString());

    /// <summary>
    /// This table with every family's fitted coefficients solved again from its runs (time from every run,
    /// memory from the runs that measured it) and every engine's overhead the mean of its runs; a formula
    /// without enough runs keeps its coefficients.
    /// </summary>
    public CostTable Refit()
    {
        var models = new Dictionary<string, ModelCost>(StringComparer.Ordinal);
        foreach (var (name, cost) in Models)
        {
            var time = Refit(cost.Time, [.. cost.Runs.Select(r => (r.Features, r.Seconds))], $"models.{name}.time");
            var memory = Refit(cost.Memory, [.. cost.Runs.Where(r => r.PeakBytes is not null).Select(r => (r.Features, (double)r.PeakBytes!.Value))], $"models.{name}.memory");
            models[name] = cost with { Time = time, Memory = memory };
        }
        var engines = Engines.ToDictionary(e => e.Key, e => e.Value.Runs.Count == 0 ? e.Value : e.Value with { JobSeconds = e.Value.Runs.Average() }, StringComparer.Ordinal);
        return this with { Models = models, Engines = engines };
    }

    /// <summary>
    /// This table with <paramref name="runs"/> (family → runs) and <paramref name="engineRuns"/> added to its own
    /// (or, with <paramref name="replace"/>, instead of its own for the families and engines they cover: a new
    /// measurement supersedes the old one), then refitted (<see cref="Refit()"/>). A family the table has no formula for is left out: its terms are a
    /// design decision, written into the table by hand first.
    /// </summary>
    /// <param name="runs">Measured model runs by family.</param>
    /// <param name="engineRuns">Measured per-job overheads by engine.</param>
    /// <param name="measured">The new runs' note (when and under what load), or null to keep the table's.</param>
    /// <param name="replace">Replace the covered families' and engines' runs instead of adding to them.</param>
    /// <param name="skipped">Families without a formula in the table.</param>
    public CostTable WithRuns(IReadOnlyDictionary<string, List<CostRun>> runs, IReadOnlyDictionary<string, List<double>> engineRuns, string? measured,
        bool replace, out IReadOnlyList<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(engineRuns);
        var models = Models.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        var left = new List<string>();
        foreach (var (family, list) in runs)
        {
            if (!models.TryGetValue(family, out var cost)) { left.Add(family); continue; }
            models[family] = cost with { Runs = replace ? list : [.. cost.Runs, .. list] };
        }
        var engines = Engines.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        foreach (var (engine, list) in engineRuns)
            engines[engine] = engines.TryGetValue(engine, out var e) && !replace ? e with { Runs = [.. e.Runs, .. list] } : new EngineCost(list.Average(), list);
        skipped = left;
        return (this with { Models = models, Engines = engines, Measured = string.IsNullOrEmpty(measured) ? Measured : measured }).Refit();
    }

    static CostFormula Refit(CostFormula formula, IReadOnlyList<(CostFeatures, double)> samples, string label) =>
        formula.Fitted.Count == 0 || samples.Count < formula.Fitted.Count ? formula
        : formula with { Fitted = CostFit.LeastSquares([.. formula.Fitted.Keys], formula, samples, label) };

    /// <summary>The table as JSON, in the layout <see cref="Parse"/> reads.</summary>
    public string ToJson()
    {
        var models = new JsonObject();
        foreach (var (name, cost) in Models)
        {
            var runs = new JsonArray();
            foreach (var r in cost.Runs)
                runs.Add(new JsonObject
                {
                    ["dataset"] = r.Dataset, ["rows"] = r.Features.Rows, ["length"] = r.Features.Length,
                    ["alignment_length"] = r.Features.AlignmentLength, ["depth"] = r.Features.Depth, ["seconds"] = Math.Round(r.Seconds, 3),
                    ["peak_bytes"] = r.PeakBytes, ["load_average"] = r.LoadAverage,
                });
            var o = new JsonObject();
            if (cost.Note is not null) o["note"] = cost.Note;
            if (cost.Supervised) o["supervised"] = true;
            o["time"] = Formula(cost.Time);
            o["memory"] = Formula(cost.Memory);
            o["runs"] = runs;
            models[name] = o;
        }
        var engines = new JsonObject();
        foreach (var (name, e) in Engines)
            engines[name] = new JsonObject { ["job_seconds"] = Math.Round(e.JobSeconds, 3), ["runs"] = new JsonArray([.. e.Runs.Select(r => (JsonNode)Math.Round(r, 3))]) };
        return new JsonObject { ["measured"] = Measured, ["models"] = models, ["engines"] = engines }.ToJsonString(Pg2.Runner.Jobs.JobRecord.NodeJson) + "\n";
    }

    static JsonObject Formula(CostFormula f) => new()
    {
        ["fitted"] = new JsonObject([.. f.Fitted.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)Significant(t.Value)))]),
        ["fixed"] = new JsonObject([.. f.Fixed.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))]),
    };

    /// <summary>Six significant digits: enough for an estimate, short enough to read.</summary>
    static double Significant(double v) => double.Parse(v.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
