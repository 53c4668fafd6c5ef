using System.Text.Json;
using Pg2.Models.Esm.Onnx;
using Pg2.Models.Esm.Weights;

namespace Pg2.Models.Esm.Tests;

/// <summary>
/// The committed fixtures of tools/esm-reference/esm_reference.py: tiny random-weight checkpoints
/// (2 layers, 64 dims, 4 heads; window 32 tokens), a padded token batch with &lt;mask&gt;s and golden
/// logits and scores from the independent PyTorch reference.
/// </summary>
internal static class Fixtures
{
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static EsmWeights Weights(string name) => EsmWeights.Open(Folder(name));

    public static EsmSession Session(string name, GraphFaults? faults = null) =>
        EsmSession.Open(Weights(name), useGpu: false, _ => { }, faults);

    private static readonly Lazy<JsonDocument> LogitsDoc = new(() => JsonDocument.Parse(File.ReadAllText(Folder("golden-logits.json"))));
    private static readonly Lazy<JsonDocument> ScoresDoc = new(() => JsonDocument.Parse(File.ReadAllText(Folder("golden-scores.json"))));

    public static long[][] Tokens =>
        LogitsDoc.Value.RootElement.GetProperty("tokens").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(t => t.GetInt64()).ToArray()).ToArray();

    /// <summary>Golden logits of row i, flattened [token · 33 + id].</summary>
    public static float[][] Logits(string member) =>
        LogitsDoc.Value.RootElement.GetProperty("logits").GetProperty(member).EnumerateArray()
            .Select(row => row.EnumerateArray().SelectMany(t => t.EnumerateArray().Select(x => x.GetSingle())).ToArray()).ToArray();

    public static string WildType(string scenario) => ScoresDoc.Value.RootElement.GetProperty("wild_types").GetProperty(scenario).GetString()!;

    public static string[] Mutants(string scenario) =>
        ScoresDoc.Value.RootElement.GetProperty("mutants").GetProperty(scenario).EnumerateArray().Select(m => m.GetString()!).ToArray();

    public static double[] Scores(string member, string scenario, string strategy) =>
        ScoresDoc.Value.RootElement.GetProperty("scores").GetProperty(member).GetProperty(scenario).GetProperty(strategy)
            .EnumerateArray().Select(x => x.GetDouble()).ToArray();

    /// <summary>Largest absolute difference between two logit tables.</summary>
    public static double MaxDifference(float[][] a, float[][] b)
    {
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(b[i].Length, a[i].Length);
            for (int j = 0; j < a[i].Length; j++) max = Math.Max(max, Math.Abs(a[i][j] - b[i][j]));
        }
        return max;
    }
}
