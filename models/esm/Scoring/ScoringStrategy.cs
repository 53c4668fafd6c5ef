using Pg2.Contracts;

namespace Pg2.Models.Esm.Scoring;

/// <summary>The seed's <c>scoring_strategy</c> values.</summary>
internal enum ScoringStrategy
{
    /// <summary>One forward pass of the wild type; score = Σ log p(mt) − log p(wt) at each substituted position.</summary>
    WtMarginals,
    /// <summary>As wt-marginals, but each substituted position is masked in its own forward pass.</summary>
    MaskedMarginals,
    /// <summary>Pseudo-log-likelihood of the variant (every position masked in turn) minus the wild type's.</summary>
    PseudoPpl,
}

internal static class ScoringStrategies
{
    public static ScoringStrategy Parse(string text, string source) => text switch
    {
        "wt-marginals" => ScoringStrategy.WtMarginals,
        "masked-marginals" => ScoringStrategy.MaskedMarginals,
        "pseudo-ppl" => ScoringStrategy.PseudoPpl,
        _ => throw new InvalidInputException(
            $"{source}: Unrecognized scoring strategy '{MessageText.Shown(text, 40)}' (expected wt-marginals, masked-marginals or pseudo-ppl)"),
    };
}
