using System.Globalization;
using Pg2.Datasets;
using Pg2.Sdk;
using Pg2.Contracts;

namespace Pg2.Models.Evmutation;

/// <summary>The model's hyper-parameters (manifest <c>[hyper_params]</c>, EVcouplings' defaults).</summary>
internal sealed record EvmutationSettings(double Theta, double LambdaH, double LambdaJ, bool LambdaJTimesLq,
    int MaxIterations, double MinimumSequenceCoverage, string? CacheDirectory,
    PottsPrecision Precision = PottsPrecision.Single, bool UsePrecomputedWeights = true)
{
    /// <summary>Options for <see cref="PottsTraining"/>.</summary>
    public PottsOptions PottsOptions => new(LambdaH, LambdaJ, LambdaJTimesLq, MaxIterations, Precision);

    /// <summary>Everything that changes the fitted parameters, for the cache key (the weights' own hash is added by the caller).</summary>
    public string Fingerprint => string.Create(CultureInfo.InvariantCulture,
        $"theta={Theta:R};lambda_h={LambdaH:R};lambda_J={LambdaJ:R};times_Lq={LambdaJTimesLq};iterations={MaxIterations};coverage={MinimumSequenceCoverage:R};precision={Precision};precomputed_weights={UsePrecomputedWeights}");

    /// <summary>Reads and checks the hyper-parameters.</summary>
    public static EvmutationSettings From(HyperParameters p)
    {
        var s = new EvmutationSettings(
            p.GetDouble("theta", 0.8),
            p.GetDouble("lambda_h", 0.01),
            p.GetDouble("lambda_J", 0.01),
            p.GetBoolean("lambda_J_times_Lq", true),
            p.GetInt32("max_iterations", 100),
            p.GetDouble("minimum_sequence_coverage", 0.5),
            p.GetString("cache_dir", "") is { Length: > 0 } dir ? dir : null,
            p.GetString("precision", "single") switch
            {
                "single" => PottsPrecision.Single,
                "double" => PottsPrecision.Double,
                var other => throw Bad(p, "precision", "\"single\" or \"double\"", other),
            },
            p.GetBoolean("use_precomputed_weights", true));
        if (s.Theta is < 0 or > 1) throw Bad(p, "theta", "within [0, 1]", s.Theta);
        if (s.LambdaH < 0) throw Bad(p, "lambda_h", ">= 0", s.LambdaH);
        if (s.LambdaJ < 0) throw Bad(p, "lambda_J", ">= 0", s.LambdaJ);
        if (s.MaxIterations < 1) throw Bad(p, "max_iterations", ">= 1", s.MaxIterations);
        if (s.MinimumSequenceCoverage is < 0 or > 1) throw Bad(p, "minimum_sequence_coverage", "within [0, 1]", s.MinimumSequenceCoverage);
        return s;
    }

    private static InvalidInputException Bad(HyperParameters p, string key, string expected, object value) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{p.Source}: hyper-parameter '{key}' must be {expected}, got {value}"));
}
