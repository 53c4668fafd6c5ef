using System.Globalization;
using Pg2.Datasets;
using Pg2.Datasets.Alignments;
using Pg2.Sdk;
using Pg2.Sdk.Alignments;
using Pg2.Contracts;

namespace Pg2.Models.SiteIndependent;

internal sealed partial class SiteIndependentModel
{
    /// <summary>Fits the per-site fields (instant; nothing cached) and scores every row.</summary>
    public double[] Predict(ModelContext context, AlignmentVariants input)
    {
        var p = context.HyperParameters;
        double theta = p.GetDouble("theta", 0.8);
        double lambdaH = p.GetDouble("lambda_h", 0.01);
        double coverage = p.GetDouble("minimum_sequence_coverage", 0.5);
        if (theta is < 0 or > 1) throw Bad(p, "theta", "within [0, 1]", theta);
        if (lambdaH < 0) throw Bad(p, "lambda_h", ">= 0", lambdaH);
        if (coverage is < 0 or > 1) throw Bad(p, "minimum_sequence_coverage", "within [0, 1]", coverage);

        var encoded = EncodedAlignment.Encode(input.Alignment, coverage);
        // ProteinGym's precomputed weights (DMS_msa_weights, carried by imported archives) spare the
        // quadratic weighting at its alignment depths; computed weights stay the default and the fallback.
        bool precomputed = p.GetBoolean("use_precomputed_weights", false);
        SequenceWeights weights;
        if (precomputed && context.Dataset.AlignmentWeights is { } given)
        {
            weights = SequenceWeights.FromRecords(encoded, given, theta);
            context.Log($"weights: the archive's precomputed weights ({given.Count} records; use_precomputed_weights = true)");
        }
        else
        {
            if (precomputed) context.Log("weights: use_precomputed_weights = true but the archive carries none; computing them");
            weights = SequenceWeights.Compute(encoded, theta);
        }
        context.Log($"{encoded.SequenceCount} sequences kept ({encoded.InvalidCount} with characters outside -ACDEFGHIKLMNPQRSTVWY, {encoded.LowCoverageCount} covering < {coverage:P0} of the focus dropped); L = {encoded.SiteCount}; N_eff = {weights.EffectiveCount:F2} at theta {theta}");
        var model = IndependentSiteModel.Fit(SiteFrequencies.Compute(encoded, weights), weights.EffectiveCount, lambdaH,
            encoded.Sites.Residues);
        var scores = VariantScores.Compute(input.Variants, v => model.Score(v.Changes));
        context.Log($"scored {scores.Scores.Length} variants; {scores.UnmodelledSubstitutions} substitutions outside the focus sites left out; {scores.Imputed} variants with none inside given the mean score");
        return scores.Scores;
    }

    private static InvalidInputException Bad(HyperParameters p, string key, string expected, double value) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{p.Source}: hyper-parameter '{key}' must be {expected}, got {value}"));
}
