// ESM speed on ONNX Runtime (docs/benchmarks.md, "ESM"): random f32 weights of the ESM-2 8M, 150M and
// 650M shapes, written as model.safetensors in a temporary folder (never committed), then
//   - session start (graph build + initializers read from the file),
//   - one forward pass of 302 and of 1,024 tokens (median of 3),
//   - wt-marginals and masked-marginals on an assay of the ENVZ shape (60 residues, 1,121 variants),
//   - an estimate for ProteinGym's 217 substitution assays from DMS_substitutions.csv (seq_len):
//     wt-marginals = 1 forward per window, masked-marginals = 1 forward per residue (every position
//     mutated, an upper bound), time per forward interpolated linearly in the token count.
// Usage: bench/Esm/run.sh [8M] [150M] [650M]     (default: 8M 150M)
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pg2.Datasets.Mutations;
using Pg2.Models.Esm;
using Pg2.Models.Esm.Onnx;
using Pg2.Models.Esm.Scoring;
using Pg2.Models.Esm.Weights;

var shapes = new Dictionary<string, (int Layers, int Hidden, int Heads)>
{
    ["8M"] = (6, 320, 20), ["150M"] = (30, 640, 20), ["650M"] = (33, 1280, 20),
};
var wanted = args.Length > 0 ? args : ["8M", "150M"];
var substitutions = args.Length > 0 && File.Exists(args[^1]) ? args[^1] : Path.Combine("..", "shared", "data", "proteingym", "DMS_substitutions.csv");
var lengths = File.ReadLines(substitutions).Skip(1).Select(l => l.Split(',')).Select(f => int.Parse(f[7], CultureInfo.InvariantCulture)).ToArray();
Console.WriteLine($"{Environment.ProcessorCount} cores; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; {lengths.Length} assays in DMS_substitutions.csv");
Console.WriteLine("| shape | file | session start | forward 302 tok | forward 1,024 tok | ENVZ wt-marginals | ENVZ masked-marginals (60 fwd) | 217 assays wt-marginals | 217 assays masked-marginals | peak RSS |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
var rng = new Random(7);
string wildType = "LADDRTLLMAGVSHDLRTPLTRIRLATEMMSEQDGYLAESINKDIEECNAIIEQFIDYLR";
var mutants = new List<Mutant?>();
for (int i = 0; i < wildType.Length; i++)
    foreach (var aa in Substitution.Letters)
        if (aa != wildType[i]) mutants.Add(new Mutant([new Substitution(wildType[i], i + 1, aa)]));
foreach (var name in wanted.Where(shapes.ContainsKey))
{
    var (layers, hidden, heads) = shapes[name];
    var folder = Directory.CreateTempSubdirectory($"pg2-esm-bench-{name}-").FullName;
    try
    {
        long bytes = WriteRandom(folder, layers, hidden, heads, rng);
        var clock = Stopwatch.StartNew();
        using var session = EsmSession.Open(EsmWeights.Open(folder), useGpu: false, _ => { });
        double start = clock.Elapsed.TotalSeconds;
        double Forward(int tokens)
        {
            var row = new long[tokens];
            row[0] = EsmAlphabet.Cls;
            for (int i = 1; i < tokens - 1; i++) row[i] = 4 + rng.Next(20);
            row[^1] = EsmAlphabet.Eos;
            var times = new List<double>();
            for (int r = 0; r < 3; r++)
            {
                var c = Stopwatch.StartNew();
                session.Logits([row]);
                times.Add(c.Elapsed.TotalSeconds);
            }
            return times.Order().ElementAt(1);
        }
        double f302 = Forward(302), f1024 = Forward(1024);
        double Timed(ScoringStrategy s)
        {
            var c = Stopwatch.StartNew();
            new EsmScorer(session).Score(wildType, mutants, s, 1);
            return c.Elapsed.TotalSeconds;
        }
        double wt = Timed(ScoringStrategy.WtMarginals), masked = Timed(ScoringStrategy.MaskedMarginals);
        double PerForward(int tokens) => f302 + (f1024 - f302) * (tokens - 302) / (1024.0 - 302);
        double allWt = 0, allMasked = 0;
        foreach (int l in lengths)
        {
            int tokens = Math.Min(l + 2, 1024);
            int windows = l + 2 <= 1024 ? 1 : l + 2 - 1024 + 2;
            allWt += windows * PerForward(tokens);
            allMasked += l * PerForward(tokens);
        }
        long rss = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} ({layers}×{hidden}) | {bytes / 1e6:F0} MB | {start:F2} s | {f302:F3} s | {f1024:F3} s | {wt:F3} s | {masked:F2} s | {Hours(allWt)} | {Hours(allMasked)} | {rss / 1e9:F1} GB |"));
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
}

static string Hours(double seconds) => seconds < 3600
    ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:F1} min")
    : string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:F1} h");

// HF EsmForMaskedLM names and shapes, small random values (the speed does not depend on them).
static long WriteRandom(string folder, int layers, int hidden, int heads, Random rng)
{
    int ffn = 4 * hidden, vocab = 33;
    var tensors = new List<(string Name, int[] Shape)> { ("esm.embeddings.word_embeddings.weight", [vocab, hidden]) };
    for (int i = 0; i < layers; i++)
    {
        var p = $"esm.encoder.layer.{i}.";
        foreach (var n in new[] { "query", "key", "value" })
        {
            tensors.Add((p + $"attention.self.{n}.weight", [hidden, hidden]));
            tensors.Add((p + $"attention.self.{n}.bias", [hidden]));
        }
        tensors.Add((p + "attention.output.dense.weight", [hidden, hidden]));
        tensors.Add((p + "attention.output.dense.bias", [hidden]));
        tensors.Add((p + "attention.LayerNorm.weight", [hidden]));
        tensors.Add((p + "attention.LayerNorm.bias", [hidden]));
        tensors.Add((p + "intermediate.dense.weight", [ffn, hidden]));
        tensors.Add((p + "intermediate.dense.bias", [ffn]));
        tensors.Add((p + "output.dense.weight", [hidden, ffn]));
        tensors.Add((p + "output.dense.bias", [hidden]));
        tensors.Add((p + "LayerNorm.weight", [hidden]));
        tensors.Add((p + "LayerNorm.bias", [hidden]));
    }
    foreach (var n in new[] { "esm.encoder.emb_layer_norm_after", "lm_head.layer_norm" })
    {
        tensors.Add((n + ".weight", [hidden]));
        tensors.Add((n + ".bias", [hidden]));
    }
    tensors.Add(("lm_head.dense.weight", [hidden, hidden]));
    tensors.Add(("lm_head.dense.bias", [hidden]));
    tensors.Add(("lm_head.bias", [vocab]));
    var header = new Dictionary<string, object>();
    long offset = 0;
    foreach (var (n, shape) in tensors)
    {
        long size = shape.Aggregate(1L, (a, b) => a * b) * 4;
        header[n] = new { dtype = "F32", shape, data_offsets = new[] { offset, offset + size } };
        offset += size;
    }
    var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
    int pad = (8 - json.Length % 8) % 8;
    using (var f = new FileStream(Path.Combine(folder, "model.safetensors"), FileMode.Create))
    {
        f.Write(BitConverter.GetBytes((long)(json.Length + pad)));
        f.Write(json);
        for (int i = 0; i < pad; i++) f.WriteByte((byte)' ');
        var buffer = new float[1 << 20];
        for (long left = offset / 4; left > 0;)
        {
            int n = (int)Math.Min(left, buffer.Length);
            for (int i = 0; i < n; i++) buffer[i] = (float)(rng.NextDouble() - 0.5) * 0.05f;
            f.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(buffer.AsSpan(0, n)));
            left -= n;
        }
    }
    File.WriteAllText(Path.Combine(folder, "config.json"), JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["num_hidden_layers"] = layers, ["hidden_size"] = hidden, ["num_attention_heads"] = heads, ["intermediate_size"] = ffn,
        ["vocab_size"] = vocab, ["layer_norm_eps"] = 1e-5, ["position_embedding_type"] = "rotary", ["token_dropout"] = true,
        ["max_position_embeddings"] = 1026, ["pad_token_id"] = 1, ["mask_token_id"] = 32,
    }));
    return offset;
}
