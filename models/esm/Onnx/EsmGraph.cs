using Pg2.Models.Esm.Weights;

namespace Pg2.Models.Esm.Onnx;

/// <summary>
/// Deliberate mistakes the tests switch on to prove the fixtures catch them; never set in a run.
/// </summary>
/// <param name="SkipTokenDropoutRescale">Leave out the (1 − 0.15·0.8)/(1 − observed mask ratio) rescale.</param>
/// <param name="RotaryReversed">Rotate queries and keys the wrong way (a sign error in rotate-half).</param>
/// <param name="LayerNormEpsilon">Use this epsilon instead of the config's.</param>
internal sealed record GraphFaults(bool SkipTokenDropoutRescale = false, bool RotaryReversed = false, float? LayerNormEpsilon = null)
{
    public static GraphFaults None { get; } = new();
}

/// <summary>
/// The ESM masked language model as an ONNX graph, from its config: input <c>input_ids</c> int64
/// [batch, tokens] (right-padded with &lt;pad&gt;), output <c>logits</c> float [batch, tokens, 33].
/// Pre-LayerNorm transformer layers; ESM-2 uses rotary positions, ESM-1v a learned table; the token
/// embeddings get ESM's token-dropout rescale. The weights are external initializers in the user's files.
/// </summary>
internal sealed class EsmGraph
{
    public const string InputName = "input_ids";
    public const string OutputName = "logits";

    private readonly OnnxGraph _g = new();
    private readonly EsmWeights _w;
    private readonly EsmConfig _c;
    private readonly GraphFaults _faults;
    private readonly Func<StoredTensor, string> _fileOf;
    private readonly Dictionary<string, string> _loaded = new(StringComparer.Ordinal);

    private EsmGraph(EsmWeights weights, GraphFaults faults, Func<StoredTensor, string> fileOf)
    {
        _w = weights;
        _c = weights.Config;
        _faults = faults;
        _fileOf = fileOf;
    }

    /// <summary>The ModelProto; <paramref name="fileOf"/> names each tensor's file relative to where the model file will be.</summary>
    public static byte[] Build(EsmWeights weights, Func<StoredTensor, string> fileOf, GraphFaults? faults = null) =>
        new EsmGraph(weights, faults ?? GraphFaults.None, fileOf).Build();

    private byte[] Build()
    {
        int d = _c.Hidden, v = _c.Vocabulary;
        var ids = _g.Input(InputName, OnnxType.Int64, "batch", "tokens");
        var keep = _g.Op("Cast", [_g.Op("Not", [_g.Op("Equal", [ids, _g.Int64Scalar(_c.PadToken)])])], ("to", (int)OnnxType.Float));
        var x = _g.Op("Gather", [Weight("esm.embeddings.word_embeddings.weight", v, d), ids]);
        if (_c.TokenDropout)
        {
            // <mask> embeddings are zeroed, the rest rescaled by (1 - 0.15 * 0.8) / (1 - observed mask ratio).
            var isMask = _g.Op("Cast", [_g.Op("Equal", [ids, _g.Int64Scalar(_c.MaskToken)])], ("to", (int)OnnxType.Float));
            x = _g.Op("Mul", [x, _g.Op("Unsqueeze", [_g.Op("Sub", [_g.FloatScalar(1), isMask]), _g.Int64s(-1)])]);
            if (!_faults.SkipTokenDropoutRescale)
            {
                var observed = _g.Op("Div", [
                    _g.Op("ReduceSum", [isMask, _g.Int64s(1)], ("keepdims", 1)),
                    _g.Op("ReduceSum", [keep, _g.Int64s(1)], ("keepdims", 1))]);
                var scale = _g.Op("Div", [_g.FloatScalar(1 - 0.15f * 0.8f), _g.Op("Sub", [_g.FloatScalar(1), observed])]);
                x = _g.Op("Mul", [x, _g.Op("Unsqueeze", [scale, _g.Int64s(-1)])]);
            }
        }
        if (_c.Positions == PositionEncoding.Learned)
        {
            // Position of token t = number of non-pad tokens up to t, after padding_idx (pads stay at padding_idx).
            var count = _g.Op("Mul", [_g.Op("CumSum", [keep, _g.Int64Scalar(1)]), keep]);
            var positions = _g.Op("Add", [_g.Op("Cast", [count], ("to", (int)OnnxType.Int64)), _g.Int64Scalar(_c.PadToken)]);
            x = _g.Op("Add", [x, _g.Op("Gather", [Weight("esm.embeddings.position_embeddings.weight", _c.MaxPositions, d), positions])]);
        }
        if (_c.LayerNormBeforeLayers) x = LayerNorm(x, "esm.embeddings.layer_norm");
        var keep3 = _g.Op("Unsqueeze", [keep, _g.Int64s(-1)]);
        x = _g.Op("Mul", [x, keep3]);
        // Padding keys get -1e9 before the softmax: [batch, 1, 1, tokens].
        var attentionBias = _g.Op("Unsqueeze", [
            _g.Op("Mul", [_g.Op("Sub", [_g.FloatScalar(1), keep]), _g.FloatScalar(-1e9f)]), _g.Int64s(1, 2)]);
        (string Cos, string Sin)? rotary = _c.Positions == PositionEncoding.Rotary ? RotaryTables(ids) : null;

        for (int i = 0; i < _c.Layers; i++)
        {
            var p = $"esm.encoder.layer.{i}.";
            var y = LayerNorm(x, p + "attention.LayerNorm");
            var q = _g.Op("Mul", [Heads(Linear(y, p + "attention.self.query", d, d)), _g.FloatScalar((float)(1 / Math.Sqrt(_c.HeadSize)))]);
            var k = Heads(Linear(y, p + "attention.self.key", d, d));
            var val = Heads(Linear(y, p + "attention.self.value", d, d));
            if (rotary is { } r)
            {
                q = Rotate(q, r.Cos, r.Sin);
                k = Rotate(k, r.Cos, r.Sin);
            }
            var scores = _g.Op("Add", [_g.Op("MatMul", [q, _g.Op("Transpose", [k], ("perm", new long[] { 0, 1, 3, 2 }))]), attentionBias]);
            var attended = _g.Op("MatMul", [_g.Op("Softmax", [scores], ("axis", -1)), val]);
            var merged = _g.Op("Reshape", [_g.Op("Transpose", [attended], ("perm", new long[] { 0, 2, 1, 3 })), _g.Int64s(0, 0, d)]);
            x = _g.Op("Add", [x, Linear(merged, p + "attention.output.dense", d, d)]);
            y = LayerNorm(x, p + "LayerNorm");
            x = _g.Op("Add", [x, Linear(Gelu(Linear(y, p + "intermediate.dense", _c.Intermediate, d)), p + "output.dense", d, _c.Intermediate)]);
        }
        x = LayerNorm(x, "esm.encoder.emb_layer_norm_after");
        x = LayerNorm(Gelu(Linear(x, "lm_head.dense", d, d)), "lm_head.layer_norm");
        var decoder = Load(_w.Decoder);
        var logits = _g.Op("Add", [
            _g.Op("MatMul", [x, _g.Op("Transpose", [decoder], ("perm", new long[] { 1, 0 }))]),
            Weight("lm_head.bias", v)]);
        _g.Output(logits, OutputName, OnnxType.Float, "batch", "tokens", (long)v);
        return _g.ToModel("pg2 models/esm");
    }

    private string Weight(string name, params long[] shape) => Load(_w.Get(name, shape));

    /// <summary>The tensor as float: an external initializer, cast when stored as f16/bf16.</summary>
    private string Load(StoredTensor t)
    {
        if (_loaded.TryGetValue(t.Name, out var done)) return done;
        var type = t.Type switch
        {
            TensorType.F16 => OnnxType.Float16,
            TensorType.BF16 => OnnxType.BFloat16,
            _ => OnnxType.Float,
        };
        var stored = _g.External(t.Name, type, t.Shape, _fileOf(t), t.Offset, t.Length);
        var value = type == OnnxType.Float ? stored : _g.Op("Cast", [stored], ("to", (int)OnnxType.Float));
        if (t.ZeroedRow is int row)
        {
            var keep = Enumerable.Repeat(1f, (int)t.Shape[0]).ToArray();
            keep[row] = 0;
            value = _g.Op("Mul", [value, _g.Floats([t.Shape[0], 1], keep)]);
        }
        _loaded[t.Name] = value;
        return value;
    }

    /// <summary>x·Wᵀ + b with W stored [out, in] as PyTorch's Linear keeps it.</summary>
    private string Linear(string x, string name, int outputs, int inputs) =>
        _g.Op("Add", [
            _g.Op("MatMul", [x, _g.Op("Transpose", [Weight(name + ".weight", outputs, inputs)], ("perm", new long[] { 1, 0 }))]),
            Weight(name + ".bias", outputs)]);

    private string LayerNorm(string x, string name) =>
        _g.Op("LayerNormalization", [x, Weight(name + ".weight", _c.Hidden), Weight(name + ".bias", _c.Hidden)],
            ("axis", -1), ("epsilon", _faults.LayerNormEpsilon ?? (float)_c.LayerNormEpsilon));

    /// <summary>Exact GELU: x · ½ (1 + erf(x / √2)).</summary>
    private string Gelu(string x) =>
        _g.Op("Mul", [_g.Op("Mul", [x, _g.FloatScalar(0.5f)]),
            _g.Op("Add", [_g.FloatScalar(1), _g.Op("Erf", [_g.Op("Div", [x, _g.FloatScalar(MathF.Sqrt(2))])])])]);

    /// <summary>[batch, tokens, hidden] → [batch, heads, tokens, head size].</summary>
    private string Heads(string x) =>
        _g.Op("Transpose", [_g.Op("Reshape", [x, _g.Int64s(0, 0, _c.Heads, _c.HeadSize)])], ("perm", new long[] { 0, 2, 1, 3 }));

    /// <summary>cos and sin of t · 10000^(−2j / head size), [tokens, head size / 2].</summary>
    private (string Cos, string Sin) RotaryTables(string ids)
    {
        int half = _c.HeadSize / 2;
        var inverse = new float[half];
        for (int j = 0; j < half; j++) inverse[j] = (float)(1 / Math.Pow(10000, 2.0 * j / _c.HeadSize));
        var length = _g.Op("Gather", [_g.Op("Shape", [ids]), _g.Int64Scalar(1)], ("axis", 0));
        var t = _g.Op("Cast", [_g.Op("Range", [_g.Int64Scalar(0), length, _g.Int64Scalar(1)])], ("to", (int)OnnxType.Float));
        var angles = _g.Op("Mul", [_g.Op("Unsqueeze", [t, _g.Int64s(1)]), _g.Floats([1, half], inverse)]);
        return (_g.Op("Cos", [angles]), _g.Op("Sin", [angles]));
    }

    /// <summary>Rotary embedding on [batch, heads, tokens, head size]: pairs (j, j + half) rotate by the position's angles.</summary>
    private string Rotate(string x, string cos, string sin)
    {
        int half = _c.HeadSize / 2;
        var axis = _g.Int64s(3);
        var first = _g.Op("Slice", [x, _g.Int64s(0), _g.Int64s(half), axis]);
        var second = _g.Op("Slice", [x, _g.Int64s(half), _g.Int64s(_c.HeadSize), axis]);
        string a = _g.Op("Mul", [first, cos]), b = _g.Op("Mul", [second, sin]);
        string c = _g.Op("Mul", [second, cos]), e = _g.Op("Mul", [first, sin]);
        return _faults.RotaryReversed
            ? _g.Op("Concat", [_g.Op("Add", [a, b]), _g.Op("Sub", [c, e])], ("axis", 3))
            : _g.Op("Concat", [_g.Op("Sub", [a, b]), _g.Op("Add", [c, e])], ("axis", 3));
    }
}
