using Pg2.Contracts;
using Pg2.Sdk.LinearAlgebra;

namespace Pg2.Runner.Costs;

/// <summary>Least-squares fits of a formula's coefficients to measured runs.</summary>
public static class CostFit
{
    /// <summary>
    /// Solves the coefficients of <paramref name="terms"/> minimising Σ (y − fixed part − Σ c·term)² over
    /// <paramref name="samples"/>. Columns are scaled to unit size first (terms span 1 to 10¹²), and a
    /// vanishing ridge keeps collinear terms solvable.
    /// </summary>
    /// <param name="terms">The fitted terms (names from <see cref="CostTerm"/>).</param>
    /// <param name="fixedPart">The formula's fixed terms, subtracted from each measurement.</param>
    /// <param name="samples">Features and the measured value of each run.</param>
    /// <param name="label">Names the formula in errors.</param>
    /// <exception cref="InvalidInputException">Fewer runs than terms, or an unknown term.</exception>
    public static IReadOnlyDictionary<string, double> LeastSquares(IReadOnlyList<string> terms, CostFormula fixedPart,
        IReadOnlyList<(CostFeatures Features, double Value)> samples, string label)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(fixedPart);
        ArgumentNullException.ThrowIfNull(samples);
        foreach (var t in terms)
            if (!CostTerm.IsKnown(t)) throw new InvalidInputException($"{label}: unknown term '{t}' (expected one of {string.Join(", ", CostTerm.Names)})");
        var k = terms.Count;
        if (k == 0) return new Dictionary<string, double>();
        if (samples.Count < k)
            throw new InvalidInputException($"{label}: {samples.Count} measured run(s) for {k} fitted term(s); need at least {k}");
        var x = new double[samples.Count, k];
        var scale = new double[k];
        for (var i = 0; i < samples.Count; i++)
            for (var j = 0; j < k; j++)
            {
                x[i, j] = CostTerm.Value(terms[j], samples[i].Features);
                scale[j] = Math.Max(scale[j], Math.Abs(x[i, j]));
            }
        for (var j = 0; j < k; j++) if (scale[j] == 0) scale[j] = 1;
        var gram = new double[k * k];
        var rhs = new double[k];
        for (var i = 0; i < samples.Count; i++)
        {
            var y = samples[i].Value - fixedPart.FixedPart(samples[i].Features);
            for (var a = 0; a < k; a++)
            {
                var xa = x[i, a] / scale[a];
                rhs[a] += xa * y;
                for (var b = 0; b < k; b++) gram[a * k + b] += xa * x[i, b] / scale[b];
            }
        }
        var trace = 0.0;
        for (var a = 0; a < k; a++) trace += gram[a * k + a];
        for (var a = 0; a < k; a++) gram[a * k + a] += 1e-12 * Math.Max(trace, 1);
        double[] solution;
        try
        {
            solution = CholeskyFactor.Factor(gram, k).Solve(rhs);
        }
        catch (InvalidOperationException)
        {
            throw new InvalidInputException($"{label}: the measured runs do not determine the terms {string.Join(", ", terms)} (measure runs of more different sizes)");
        }
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var j = 0; j < k; j++) result[terms[j]] = solution[j] / scale[j];
        return result;
    }
}
