using System.Globalization;
using System.Text;
using Pg2.Contracts;

namespace Pg2.Models.Esm.Weights;

/// <summary>
/// A fair-esm <c>.pt</c> checkpoint: a PyTorch zip (<c>&lt;stem&gt;/data.pkl</c> + one member per
/// storage, <c>&lt;stem&gt;/data/&lt;key&gt;</c>) whose pickle holds <c>{"cfg": {"model": Namespace}}</c>
/// (ESM-2) or <c>{"args": Namespace(arch="roberta_large")}</c> (ESM-1b / ESM-1v) and
/// <c>"model"</c>, an OrderedDict of fairseq-named tensors. The pickle is read by
/// <see cref="CheckpointPickle"/> (nothing executable); the tensors are renamed to the Hugging Face
/// names the graph uses and point at their bytes inside the <c>.pt</c> itself: PyTorch stores
/// storages uncompressed, so ONNX Runtime reads them in place, as it does a safetensors file.
/// </summary>
internal static class TorchCheckpoint
{
    /// <summary>Contact-prediction weights fair-esm keeps next to a checkpoint; not a model.</summary>
    public const string RegressionSuffix = "-contact-regression.pt";

    private const long MaxPickle = 64L << 20;

    public static EsmWeights Open(string folder, string file)
    {
        var zip = StoredZip.Open(file);
        var pickles = zip.Members.Where(m => m.Name == "data.pkl" || (m.Name.EndsWith("/data.pkl", StringComparison.Ordinal) && m.Name.IndexOf('/') == m.Name.Length - 9)).ToList();
        if (pickles.Count != 1)
            throw new InvalidInputException($"{file}: not a PyTorch zip checkpoint: {(pickles.Count == 0 ? "no" : pickles.Count.ToString(CultureInfo.InvariantCulture))} <name>/data.pkl member{(pickles.Count == 0 ? "" : "s")} (legacy pre-1.6 torch.save files are not read: re-save with a current torch)");
        var prefix = pickles[0].Name[..^"data.pkl".Length];
        if (zip.Find(prefix + "byteorder") is { } order && Encoding.ASCII.GetString(zip.ReadAll(order, 16)).Trim() != "little")
            throw new InvalidInputException($"{file}: storages are big-endian ({prefix}byteorder); only little-endian checkpoints are read");
        var root = CheckpointPickle.Read(file, zip.ReadAll(pickles[0], MaxPickle)) as PickleDict
            ?? throw new InvalidInputException($"{file}: the pickle does not hold a dict (a fair-esm checkpoint is {{\"model\": ..., \"cfg\" or \"args\": ...}})");
        if (!root.TryGet("model", out var m) || m is not PickleDict stateDict)
            throw new InvalidInputException($"{file}: no \"model\" dict of tensors in the checkpoint");

        var tensors = new Dictionary<string, TensorRef>(StringComparer.Ordinal);
        foreach (var (key, value) in stateDict.Items)
            if (key is string name && value is TensorRef t) tensors[Upgraded(name)] = t;
        var config = Config(file, root, tensors);
        var stored = new Dictionary<string, StoredTensor>(StringComparer.Ordinal);
        foreach (var (name, t) in tensors)
            if (HuggingFaceName(name) is { } hf) stored[hf] = Stored(file, zip, prefix, name, hf, t);
        if (config.Positions == PositionEncoding.Learned && tensors.TryGetValue("embed_tokens.weight", out var embedding))
        {
            // fair-esm's ESM-1b/1v loader zeroes the <mask> row of the token embedding in place (for token
            // dropout); fairseq's tied LM head shares that storage, so its <mask> row is zeroed too.
            foreach (var (name, hf) in new[] { ("embed_tokens.weight", "esm.embeddings.word_embeddings.weight"), ("lm_head.weight", "lm_head.decoder.weight") })
                if (tensors.TryGetValue(name, out var t) && t.Storage.Key == embedding.Storage.Key && t.Offset == embedding.Offset && stored.TryGetValue(hf, out var s))
                    stored[hf] = s with { ZeroedRow = EsmAlphabet.Mask };
        }
        return new EsmWeights(folder, config, stored, [file]);
    }

    /// <summary>fair-esm's own upgrade: drop the fairseq prefixes <c>encoder.sentence_encoder.</c> / <c>encoder.</c>.</summary>
    private static string Upgraded(string name) =>
        name.StartsWith("encoder.sentence_encoder.", StringComparison.Ordinal) ? name["encoder.sentence_encoder.".Length..]
        : name.StartsWith("encoder.", StringComparison.Ordinal) ? name["encoder.".Length..]
        : name;

    /// <summary>The Hugging Face <c>EsmForMaskedLM</c> name of a fair-esm module's tensor; null for what the graph does not use (rotary frequencies, contact head).</summary>
    internal static string? HuggingFaceName(string name)
    {
        switch (name)
        {
            case "embed_tokens.weight": return "esm.embeddings.word_embeddings.weight";
            case "embed_positions.weight": return "esm.embeddings.position_embeddings.weight";
            case "lm_head.weight": return "lm_head.decoder.weight";
            case "lm_head.bias": return "lm_head.bias";
        }
        foreach (var (fair, hf) in Renames)
            if (name.StartsWith(fair, StringComparison.Ordinal) && Kind(name[fair.Length..]) is { } kind) return hf + kind;
        if (!name.StartsWith("layers.", StringComparison.Ordinal)) return null;
        int dot = name.IndexOf('.', 7);
        if (dot < 0 || !int.TryParse(name.AsSpan(7, dot - 7), NumberStyles.None, CultureInfo.InvariantCulture, out var layer)) return null;
        var rest = name[(dot + 1)..];
        foreach (var (fair, hf) in LayerRenames)
            if (rest.StartsWith(fair, StringComparison.Ordinal) && Kind(rest[fair.Length..]) is { } kind)
                return string.Create(CultureInfo.InvariantCulture, $"esm.encoder.layer.{layer}.{hf}{kind}");
        return null;
    }

    private static readonly (string Fair, string Hf)[] Renames =
    [
        ("emb_layer_norm_before", "esm.embeddings.layer_norm"),
        ("emb_layer_norm_after", "esm.encoder.emb_layer_norm_after"),
        ("lm_head.dense", "lm_head.dense"),
        ("lm_head.layer_norm", "lm_head.layer_norm"),
    ];

    private static readonly (string Fair, string Hf)[] LayerRenames =
    [
        ("self_attn.q_proj", "attention.self.query"),
        ("self_attn.k_proj", "attention.self.key"),
        ("self_attn.v_proj", "attention.self.value"),
        ("self_attn.out_proj", "attention.output.dense"),
        ("self_attn_layer_norm", "attention.LayerNorm"),
        ("fc1", "intermediate.dense"),
        ("fc2", "output.dense"),
        ("final_layer_norm", "LayerNorm"),
    ];

    private static string? Kind(string rest) => rest is ".weight" or ".bias" ? rest : null;

    private static EsmConfig Config(string file, PickleDict root, Dictionary<string, TensorRef> tensors)
    {
        PickleDict args;
        bool esm2;
        if (root.TryGet("cfg", out var cfg) && cfg is PickleDict c && c.TryGet("model", out var model))
        {
            args = Attributes(model) ?? throw new InvalidInputException($"{file}: cfg[\"model\"] is neither a Namespace nor a dict");
            esm2 = true;
        }
        else if (root.TryGet("args", out var a) && Attributes(a) is { } namespaceArgs)
        {
            args = namespaceArgs;
            var arch = args.TryGet("arch", out var ar) ? ar as string : null;
            if (arch != "roberta_large")
                throw new InvalidInputException($"{file}: args.arch '{MessageText.Shown(arch ?? "(none)", 40)}' is not 'roberta_large' (ESM-1b / ESM-1v); ESM-1 and the MSA Transformer are not read");
            esm2 = false;
        }
        else
        {
            throw new InvalidInputException($"{file}: neither \"cfg\" (ESM-2) nor \"args\" (ESM-1b / ESM-1v) describes the model");
        }

        // fair-esm strips the "encoder_" prefix from argument names; accept both spellings.
        long? Number(string key) =>
            args.TryGet("encoder_" + key, out var v) || args.TryGet(key, out v)
                ? v is long n && n is >= 0 and <= int.MaxValue ? n : throw new InvalidInputException($"{file}: argument '{key}' is not a non-negative integer")
                : null;
        int Required(string key) => (int)(Number(key) ?? throw new InvalidInputException($"{file}: argument 'encoder_{key}' is missing"));
        bool Flag(string key, bool fallback) =>
            !args.TryGet(key, out var v) ? fallback
            : v as bool? ?? throw new InvalidInputException($"{file}: argument '{key}' is not True or False");

        int hidden = Required("embed_dim");
        var config = new EsmConfig(
            Layers: Required("layers"),
            Hidden: hidden,
            Heads: Required("attention_heads"),
            // fair-esm's ESM-2 always uses 4 × embed_dim; the tensor shapes are checked against it.
            Intermediate: (int)(Number("ffn_embed_dim") ?? 4L * hidden),
            Vocabulary: EsmAlphabet.Size,
            LayerNormEpsilon: 1e-5,
            Positions: esm2 ? PositionEncoding.Rotary : PositionEncoding.Learned,
            TokenDropout: Flag("token_dropout", esm2),
            // As fair-esm decides: the checkpoint has the layer's tensors.
            LayerNormBeforeLayers: !esm2 && tensors.ContainsKey("emb_layer_norm_before.weight"),
            MaxPositions: (int)(Number("max_positions") ?? 1024) + 2,
            PadToken: EsmAlphabet.Pad,
            MaskToken: EsmAlphabet.Mask);
        config.Check(file);
        return config;
    }

    private static PickleDict? Attributes(object? value) => value switch
    {
        PickleNamespace ns => ns.Attributes,
        PickleDict d => d,
        _ => null,
    };

    private static StoredTensor Stored(string file, StoredZip zip, string prefix, string name, string hfName, TensorRef t)
    {
        var (type, size) = t.Storage.Type switch
        {
            "FloatStorage" => (TensorType.F32, 4),
            "HalfStorage" => (TensorType.F16, 2),
            "BFloat16Storage" => (TensorType.BF16, 2),
            var other => throw new InvalidInputException($"{file}: tensor '{name}' is a {other}; the model reads FloatStorage, HalfStorage or BFloat16Storage"),
        };
        long expected = 1;
        for (int i = t.Shape.Length - 1; i >= 0; i--)
        {
            if (t.Shape[i] != 1 && t.Stride[i] != expected)
                throw new InvalidInputException($"{file}: tensor '{name}' is not contiguous (strides [{string.Join(", ", t.Stride)}] for shape [{string.Join(", ", t.Shape)}]); re-save it with .contiguous()");
            expected *= t.Shape[i];
        }
        long elements = expected;
        var entry = prefix + "data/" + t.Storage.Key;
        var member = zip.Find(entry) ?? throw new InvalidInputException($"{file}: storage '{MessageText.Shown(entry, 80)}' of tensor '{name}' is missing from the zip");
        if (!member.Stored)
            throw new InvalidInputException($"{file}: storage '{entry}' is compressed; tensors are read in place, so re-save the checkpoint with torch.save (which stores them uncompressed)");
        if (t.Offset + elements > t.Storage.Elements || t.Storage.Elements * size > member.Size)
            throw new InvalidInputException($"{file}: tensor '{name}' ({elements} elements at {t.Offset}) does not fit its storage '{entry}' ({t.Storage.Elements} elements declared, {member.Size} bytes)");
        return new StoredTensor(hfName, type, t.Shape, member.DataOffset + t.Offset * size, elements * size, file);
    }
}
