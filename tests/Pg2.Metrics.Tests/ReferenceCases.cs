using System.Text.Json;

namespace Pg2.Metrics.Tests;

/// <summary>The cases of Fixtures/metrics_reference.json (made by Fixtures/make_fixtures.py with scipy/sklearn).</summary>
public sealed record ReferenceCase(
    string Name, double[] Truth, double[] Score, double[]? Labels, double? Cutoff, int? TopK,
    Dictionary<string, double?> Expected)
{
    private static readonly Lazy<IReadOnlyDictionary<string, ReferenceCase>> All = new(Load);

    public static IReadOnlyDictionary<string, ReferenceCase> Cases => All.Value;

    public static TheoryData<string> Names => new(All.Value.Keys);

    public ScoringContext Context() =>
        new(Truth, Score, Labels, Cutoff, TopK);

    private static Dictionary<string, ReferenceCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "metrics_reference.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var cases = new Dictionary<string, ReferenceCase>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var expected = new Dictionary<string, double?>();
            foreach (var e in c.GetProperty("expected").EnumerateObject())
                expected[e.Name] = e.Value.ValueKind == JsonValueKind.Null ? null : e.Value.GetDouble();
            var name = c.GetProperty("name").GetString()!;
            cases[name] = new ReferenceCase(
                name,
                Doubles(c.GetProperty("truth"))!,
                Doubles(c.GetProperty("score"))!,
                Doubles(c.GetProperty("labels")),
                c.GetProperty("cutoff").ValueKind == JsonValueKind.Null ? null : c.GetProperty("cutoff").GetDouble(),
                c.GetProperty("top_k").ValueKind == JsonValueKind.Null ? null : c.GetProperty("top_k").GetInt32(),
                expected);
        }
        return cases;
    }

    private static double[]? Doubles(JsonElement e) =>
        e.ValueKind == JsonValueKind.Null ? null : e.EnumerateArray().Select(x => x.GetDouble()).ToArray();
}
