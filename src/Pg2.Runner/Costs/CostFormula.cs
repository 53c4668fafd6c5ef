namespace Pg2.Runner.Costs;

/// <summary>
/// A linear cost formula: Σ coefficient × term. <see cref="Fitted"/> terms are solved by least squares
/// from measured runs; <see cref="Fixed"/> terms are taken as given (a documented formula, or a bench
/// measured at sizes the shared assays do not reach) and subtracted before fitting.
/// </summary>
/// <param name="Fitted">Term → coefficient, fitted.</param>
/// <param name="Fixed">Term → coefficient, kept as given.</param>
public sealed record CostFormula(IReadOnlyDictionary<string, double> Fitted, IReadOnlyDictionary<string, double> Fixed)
{
    /// <summary>No terms (the quantity is not estimated).</summary>
    public static CostFormula Empty { get; } = new(new Dictionary<string, double>(), new Dictionary<string, double>());

    /// <summary>True when there is nothing to evaluate.</summary>
    public bool IsEmpty => Fitted.Count == 0 && Fixed.Count == 0;

    /// <summary>The fixed terms' part of the value for <paramref name="features"/>.</summary>
    public double FixedPart(CostFeatures features) => Fixed.Sum(t => t.Value * CostTerm.Value(t.Key, features));

    /// <summary>The formula's value for <paramref name="features"/>, never below 0 (a fitted intercept may be negative).</summary>
    public double Evaluate(CostFeatures features) =>
        Math.Max(0, FixedPart(features) + Fitted.Sum(t => t.Value * CostTerm.Value(t.Key, features)));
}
