using System.Globalization;
using Pg2.Contracts;
using Pg2.Datasets.Mutations;
using Pg2.Models.Esm.Onnx;
using Pg2.Models.Esm.Scoring;
using Pg2.Models.Esm.Weights;
using Pg2.Sdk;
using Pg2.Sdk.Weights;

namespace Pg2.Models.Esm;

/// <summary>The rows as the scorer sees them: the wild type and each row's substitutions (null = the wild type).</summary>
internal sealed record EsmInput(string WildType, int Offset, Mutant?[] Mutants);

/// <summary>
/// The ESM zero-shot model: ESM-2 or ESM-1v checkpoints the user supplies (see README.md), scored by
/// <c>scoring_strategy</c>; several <c>location</c>s form an ensemble whose scores are averaged.
/// </summary>
internal sealed class EsmModel : IZeroShotModel<EsmInput>
{
    public EsmInput Preprocess(ModelContext context, ModelRows rows)
    {
        var reference = context.Reference
            ?? throw new InvalidInputException($"dataset '{context.Dataset.Name}': target '{context.Target}' has no reference sequence (constant 'sequence'); ESM scores substitutions against it");
        int offsetIdx = context.HyperParameters.GetInt32("offset_idx", 0);
        int offset = offsetIdx > 0 ? offsetIdx : reference.Offset;
        var mutants = new Mutant?[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            var text = rows.Mutants?[i];
            mutants[i] = text is not null
                ? (string.IsNullOrWhiteSpace(text) ? null : Mutant.Parse(text, rows.Label(i)))
                : string.Equals(rows.Sequences[i], reference.Sequence, StringComparison.OrdinalIgnoreCase) ? null
                : Mutant.FromVariant(reference.Sequence, rows.Sequences[i], offset, rows.Label(i));
        }
        return new EsmInput(reference.Sequence, offset, mutants);
    }

    public double[] Predict(ModelContext context, EsmInput input)
    {
        var p = context.HyperParameters;
        var strategy = ScoringStrategies.Parse(p.GetString("scoring_strategy", "wt-marginals"), p.Source);
        bool useGpu = !p.GetBoolean("nogpu", false);
        var locations = Strings(p, "location");
        var pins = p.Contains("weights_sha256") ? Strings(p, "weights_sha256") : [];
        if (pins.Count != 0 && pins.Count != locations.Count)
            throw new InvalidInputException($"{p.Source}: 'weights_sha256' has {pins.Count} digests for {locations.Count} locations");
        // The job's weights channel when the engine gave one; else (a local run by hand) the user's weights directory.
        var directory = context.Input(WeightsStore.Channel)?.Path ?? WeightsStore.DefaultDirectory();
        var total = new double[input.Mutants.Length];
        for (int m = 0; m < locations.Count; m++)
        {
            var folder = WeightsStore.Resolve(locations[m], directory, p.Source);
            var digest = WeightsStore.Digest(folder);
            string pin = pins.Count > 0 ? pins[m] : "";
            if (pin.Length > 0 && !string.Equals(pin, digest, StringComparison.OrdinalIgnoreCase))
                throw new InvalidInputException($"{p.Source}: weights '{locations[m]}' in {directory} have digest {digest}, but weights_sha256 pins {pin}");
            context.Log($"weights {locations[m]}: {digest}{(pin.Length > 0 ? " (pinned)" : " (not pinned: set weights_sha256 to pin it)")}");
            var weights = EsmWeights.Open(folder);
            context.Log(string.Create(CultureInfo.InvariantCulture,
                $"{locations[m]}: memory estimate {weights.MemoryEstimateBytes / (double)(1L << 30):F2} GiB (0.5 GiB + 1.25 × the weights as float32; README \"Resources\")"));
            using var session = EsmSession.Open(weights, useGpu, context.Log);
            context.Log($"{locations[m]}: {weights.Config}; {session.Provider}; {strategy}");
            var scorer = new EsmScorer(session);
            var scores = scorer.Score(input.WildType, input.Mutants, strategy, input.Offset);
            context.Log(string.Create(CultureInfo.InvariantCulture, $"{locations[m]}: {scores.Length} variants scored with {scorer.Forwards} forward passes"));
            for (int i = 0; i < total.Length; i++) total[i] += scores[i] / locations.Count;
        }
        return total;
    }

    /// <summary>A string or a list of strings (an ensemble's members).</summary>
    private static IReadOnlyList<string> Strings(HyperParameters p, string key)
    {
        var values = p.Values.TryGetValue(key, out var v) && v is IReadOnlyList<object> ? p.GetStrings(key, []) : [p.GetString(key)];
        if (values.Count == 0) throw new InvalidInputException($"{p.Source}: hyper-parameter '{key}' lists nothing");
        return values;
    }
}
