using System.Globalization;
using System.Text.Json;
using Pg2.Contracts;

namespace Pg2.Models.Esm.Weights;

/// <summary>How token positions enter the model.</summary>
internal enum PositionEncoding
{
    /// <summary>ESM-2: rotary embeddings on queries and keys.</summary>
    Rotary,
    /// <summary>ESM-1b / ESM-1v: a learned table added to the token embeddings.</summary>
    Learned,
}

/// <summary>
/// The architecture of one ESM checkpoint, as Hugging Face's <c>config.json</c> for <c>EsmForMaskedLM</c>
/// states it (or as read from a fair-esm checkpoint's arguments).
/// </summary>
internal sealed record EsmConfig(
    int Layers,
    int Hidden,
    int Heads,
    int Intermediate,
    int Vocabulary,
    double LayerNormEpsilon,
    PositionEncoding Positions,
    bool TokenDropout,
    bool LayerNormBeforeLayers,
    int MaxPositions,
    int PadToken,
    int MaskToken)
{
    /// <summary>Tokens one forward pass may hold: the learned table's rows minus padding_idx + 1 (1026 → 1024).</summary>
    public int TokenWindow => MaxPositions - 2;

    public int HeadSize => Hidden / Heads;

    public static EsmConfig Read(string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: not JSON ({e.Message})");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidInputException($"{path}: not a JSON object");
            int Int(string key, int? fallback = null)
            {
                if (!root.TryGetProperty(key, out var v))
                    return fallback ?? throw new InvalidInputException($"{path}: '{key}' is missing");
                return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) && i >= 0
                    ? i : throw new InvalidInputException($"{path}: '{key}' must be a non-negative integer, got {MessageText.Shown(v.GetRawText(), 40)}");
            }
            bool Bool(string key, bool fallback) =>
                !root.TryGetProperty(key, out var v) ? fallback
                : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean()
                : throw new InvalidInputException($"{path}: '{key}' must be true or false");
            double eps = root.TryGetProperty("layer_norm_eps", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : 1e-5;
            if (!(eps > 0 && eps < 1)) throw new InvalidInputException($"{path}: 'layer_norm_eps' must be in (0, 1)");
            var positions = (root.TryGetProperty("position_embedding_type", out var pe) ? pe.GetString() : "absolute") switch
            {
                "rotary" => PositionEncoding.Rotary,
                "absolute" => PositionEncoding.Learned,
                var other => throw new InvalidInputException($"{path}: 'position_embedding_type' '{MessageText.Shown(other ?? "", 30)}' is neither 'rotary' (ESM-2) nor 'absolute' (ESM-1v)"),
            };
            var config = new EsmConfig(
                Int("num_hidden_layers"), Int("hidden_size"), Int("num_attention_heads"), Int("intermediate_size"),
                Int("vocab_size", 33), eps, positions, Bool("token_dropout", true), Bool("emb_layer_norm_before", false),
                Int("max_position_embeddings", 1026), Int("pad_token_id", 1), Int("mask_token_id", 32));
            config.Check(path);
            return config;
        }
    }

    public void Check(string where)
    {
        string? problem =
            Layers < 1 ? "num_hidden_layers must be at least 1"
            : Hidden < 1 || Heads < 1 || Hidden % Heads != 0 ? $"hidden_size {Hidden} must be a positive multiple of num_attention_heads {Heads}"
            : HeadSize % 2 != 0 ? $"the head size {HeadSize} must be even (rotary pairs)"
            : Intermediate < 1 ? "intermediate_size must be at least 1"
            : Vocabulary != EsmAlphabet.Size ? $"vocab_size {Vocabulary} is not the ESM alphabet's {EsmAlphabet.Size}"
            : PadToken != EsmAlphabet.Pad || MaskToken != EsmAlphabet.Mask ? $"pad/mask token ids {PadToken}/{MaskToken} are not the ESM alphabet's {EsmAlphabet.Pad}/{EsmAlphabet.Mask}"
            : MaxPositions < 5 ? "max_position_embeddings must be at least 5"
            : null;
        if (problem is not null) throw new InvalidInputException($"{where}: {problem}");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Layers} layers, {Hidden} dims, {Heads} heads, {Positions} positions, window {TokenWindow} tokens");
}
