using System.Globalization;
using Pg2.Contracts;
using Pg2.Datasets.Alignments;
using Pg2.Sdk;
using Pg2.Sdk.Alignments;

namespace Pg2.Models.Evmutation;

internal sealed partial class EvmutationModel
{
    /// <summary>
    /// Fits the Potts model (or loads it from the parameter cache) and scores every row:
    /// ΔE = E(variant) − E(wild type) over its modelled substitutions.
    /// </summary>
    public double[] Predict(ModelContext context, AlignmentVariants input)
    {
        var settings = EvmutationSettings.From(context.HyperParameters);
        var model = FitOrLoad(context, input.Alignment, settings);
        var scores = VariantScores.Compute(input.Variants, v => model.DeltaE(v.Changes));
        context.Log($"scored {scores.Scores.Length} variants; {scores.UnmodelledSubstitutions} substitutions outside the focus sites left out; {scores.Imputed} variants with none inside given the mean score");
        return scores.Scores;
    }

    /// <summary>
    /// The fitted model for this alignment and these settings: from the cache when there and no refresh was
    /// asked; else fitted and saved. What happened goes to the job record (<see cref="ModelCacheReport"/>).
    /// </summary>
    internal static PottsModel FitOrLoad(ModelContext context, Alignment alignment, EvmutationSettings settings)
    {
        var folder = settings.CacheDirectory ?? context.Cache.Directory;
        var cache = folder is null ? null : new FittedModelCache(folder);
        var given = settings.UsePrecomputedWeights ? context.Dataset.AlignmentWeights : null;
        string key = FittedModelCache.KeyOf(alignment, settings.Fingerprint + ";weights=" + FittedModelCache.HashOf(given));
        string reason;
        if (cache is null) reason = "no cache folder (none given by the runner, no cache_dir)";
        else if (context.Cache.Refresh) reason = "refresh asked (--force): fitted again";
        else if (cache.TryLoad(key, out var cached))
        {
            context.Log($"loaded fitted parameters from {cache.PathOf(key)} (L = {cached.SiteCount}, N_eff = {cached.EffectiveCount:F1})");
            context.Cache.Report(new ModelCacheReport(Reused: true, key));
            return cached;
        }
        else reason = "no cached fit for this alignment, settings and code version";
        var model = Fit(context, alignment, settings, given);
        if (cache is not null)
        {
            string? saved = cache.TrySave(key, model, out string? problem);
            context.Log(saved is not null ? $"saved fitted parameters to {saved}" : $"fitted parameters not cached: {problem}");
            if (saved is null) reason += $"; not saved: {problem}";
        }
        context.Cache.Report(new ModelCacheReport(Reused: false, key, reason));
        return model;
    }

    private static PottsModel Fit(ModelContext context, Alignment alignment, EvmutationSettings settings, IReadOnlyList<double>? given)
    {
        var encoded = EncodedAlignment.Encode(alignment, settings.MinimumSequenceCoverage);
        var options = settings.PottsOptions;
        // Before anything large is allocated: a fit that cannot fit says so with the numbers.
        FitMemory.Ensure(encoded.SequenceCount, encoded.SiteCount, options.Precision, FitMemory.Available());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        SequenceWeights weights;
        string source;
        if (given is not null)
        {
            weights = SequenceWeights.FromValues([.. encoded.RecordIndices.Select(r => given[r])], settings.Theta);
            source = "the archive's precomputed weights";
        }
        else
        {
            weights = SequenceWeights.Compute(encoded, settings.Theta);
            source = string.Create(CultureInfo.InvariantCulture, $"weights at theta {settings.Theta} computed in {clock.Elapsed.TotalSeconds:F1} s");
        }
        context.Log($"{encoded.SequenceCount} sequences kept ({encoded.InvalidCount} with characters outside -ACDEFGHIKLMNPQRSTVWY, {encoded.LowCoverageCount} covering < {settings.MinimumSequenceCoverage:P0} of the focus dropped); L = {encoded.SiteCount}; N_eff = {weights.EffectiveCount:F2} from {source}");
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"fitting: lambda_h {options.LambdaH}, lambda_J {options.EffectiveLambdaJ(encoded.SiteCount):G6}, {options.MaxIterations} L-BFGS iterations, {options.Precision.ToString().ToLowerInvariant()} precision, {Environment.ProcessorCount} threads, about {FitMemory.Gb(FitMemory.Estimate(encoded.SequenceCount, encoded.SiteCount, options.Precision))} GB of {FitMemory.Gb(FitMemory.Available())} GB"));
        var (model, report) = PottsTraining.Fit(encoded, weights, options, context.Log);
        context.Log($"fitted in {report.Elapsed.TotalSeconds:F1} s ({report.Optimizer.Status}, objective {report.Optimizer.Value:F3}, {report.DistinctSequences} distinct sequences)");
        return model;
    }
}
