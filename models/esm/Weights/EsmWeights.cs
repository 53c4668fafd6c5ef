using Pg2.Contracts;

namespace Pg2.Models.Esm.Weights;

/// <summary>
/// One ESM checkpoint as the graph needs it: the architecture and every tensor under Hugging Face's
/// <c>EsmForMaskedLM</c> names, each pointing at its bytes in the user's file. Opened from a weights
/// folder: <c>config.json</c> + <c>model.safetensors</c> (Hugging Face), or one fair-esm <c>.pt</c>.
/// </summary>
internal sealed class EsmWeights
{
    public const string ConfigFile = "config.json";
    public const string SafeTensors = "model.safetensors";
    private readonly IReadOnlyDictionary<string, StoredTensor> _tensors;

    internal EsmWeights(string folder, EsmConfig config, IReadOnlyDictionary<string, StoredTensor> tensors, IReadOnlyList<string> files)
    {
        Folder = folder;
        Config = config;
        _tensors = tensors;
        Files = files;
    }

    /// <summary>The weights folder.</summary>
    public string Folder { get; }

    public EsmConfig Config { get; }

    /// <summary>The files the model reads (for the digest), absolute.</summary>
    public IReadOnlyList<string> Files { get; }

    public static EsmWeights Open(string folder)
    {
        if (!Directory.Exists(folder)) throw new InvalidInputException($"weights folder {folder} does not exist", ExitCodes.FileNotFound);
        var config = Path.Combine(folder, ConfigFile);
        var safetensors = Path.Combine(folder, SafeTensors);
        if (File.Exists(config) && File.Exists(safetensors))
            return new EsmWeights(folder, EsmConfig.Read(config), SafeTensorsFile.ReadHeader(safetensors), [config, safetensors]);
        var checkpoints = Directory.GetFiles(folder, "*.pt").Where(f => !f.EndsWith(TorchCheckpoint.RegressionSuffix, StringComparison.Ordinal)).ToArray();
        if (checkpoints.Length == 1) return TorchCheckpoint.Open(folder, checkpoints[0]);
        throw new InvalidInputException(
            $"weights folder {folder}: expected {ConfigFile} + {SafeTensors} (Hugging Face layout) or exactly one fair-esm .pt checkpoint, found {(checkpoints.Length == 0 ? "neither" : $"{checkpoints.Length} .pt files")}",
            ExitCodes.FileNotFound);
    }

    /// <summary>The tensor <paramref name="name"/>, which must have <paramref name="shape"/>.</summary>
    public StoredTensor Get(string name, params long[] shape)
    {
        if (!_tensors.TryGetValue(name, out var t))
            throw new InvalidInputException($"{Folder}: tensor '{name}' is missing (a {Config} checkpoint needs it)");
        if (!t.Shape.SequenceEqual(shape))
            throw new InvalidInputException($"{t.File}: tensor '{name}' has shape [{string.Join(", ", t.Shape)}], the config needs [{string.Join(", ", shape)}]");
        return t;
    }

    public bool Has(string name) => _tensors.ContainsKey(name);

    /// <summary>
    /// Peak memory of a job on these weights (README "Resources"): 0.5 GiB + 1.25 × the tensors as
    /// float32 — ONNX Runtime holds every initializer as f32 (f16/bf16 are cast once); a storage
    /// shared by two names (a tied head) counts once.
    /// </summary>
    public long MemoryEstimateBytes
    {
        get
        {
            long elements = _tensors.Values.DistinctBy(t => (t.File, t.Offset, t.Length)).Sum(t => t.Elements);
            return (512L << 20) + elements * 4 * 5 / 4;
        }
    }

    /// <summary>The LM head's output projection; Hugging Face ties it to the token embeddings and saves it once.</summary>
    public StoredTensor Decoder =>
        Has("lm_head.decoder.weight")
            ? Get("lm_head.decoder.weight", Config.Vocabulary, Config.Hidden)
            : Get("esm.embeddings.word_embeddings.weight", Config.Vocabulary, Config.Hidden);
}
