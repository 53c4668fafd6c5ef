using Pg2.Contracts;

namespace Pg2.Models.Esm.Weights;

/// <summary>fair-esm <c>.pt</c> checkpoints (a zip holding a pickle of tensors).</summary>
internal static class TorchCheckpoint
{
    public static EsmWeights Open(string folder, string file) =>
        throw new InvalidInputException($"{file}: fair-esm .pt checkpoints are not read yet; convert to the Hugging Face layout (config.json + model.safetensors) in {folder}");
}
