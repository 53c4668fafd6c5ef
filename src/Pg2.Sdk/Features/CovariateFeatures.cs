using Pg2.Contracts;

namespace Pg2.Sdk.Features;

/// <summary>The one-hot block X and the covariate block Z (raw, row-major n × q) of the same rows.</summary>
/// <param name="OneHot">One-hot codes of the sequences.</param>
/// <param name="Covariates">Covariate values, row-major (row i, covariate j at <c>i·q + j</c>).</param>
/// <param name="Names">Covariate names, in column order.</param>
public sealed record CovariateFeatures(OneHotMatrix OneHot, double[] Covariates, IReadOnlyList<string> Names)
{
    /// <summary>Number of covariates q.</summary>
    public int CovariateCount => Names.Count;

    /// <summary>
    /// The rows' features: one-hot codes with the manifest's alphabet, and every covariate the job was
    /// given; with <paramref name="required"/>, a job without covariates is an input error.
    /// </summary>
    public static CovariateFeatures From(ModelContext context, ModelRows rows, bool required)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rows);
        if (required && rows.CovariateNames.Count == 0)
            throw new InvalidInputException($"model '{context.Manifest.Name}' needs at least one covariate; name one in the game's model entry (covariates = [\"evmutation\"]) and declare it in [[covariates]]");
        var oneHot = OneHotEncoder.FromHyperParameters(context.HyperParameters).Encode(rows.Sequences, rowLabel: rows.Label);
        int q = rows.CovariateNames.Count;
        var z = new double[rows.Count * q];
        for (int j = 0; j < q; j++)
        {
            var column = rows.Covariates[rows.CovariateNames[j]];
            for (int i = 0; i < rows.Count; i++) z[i * q + j] = column[i];
        }
        return new CovariateFeatures(oneHot, z, rows.CovariateNames);
    }
}

/// <summary>
/// Per-column standardisation of a row-major n × q block with the training rows' mean and standard
/// deviation (ddof = 0, the fold contract's); a constant column gets scale 1.
/// </summary>
/// <param name="Means">Column means.</param>
/// <param name="Scales">Column standard deviations (1 where constant).</param>
public sealed record ColumnStandardisation(double[] Means, double[] Scales)
{
    /// <summary>Number of columns q.</summary>
    public int Columns => Means.Length;

    /// <summary>The standardisation of the <paramref name="columns"/>-column block <paramref name="values"/>.</summary>
    public static ColumnStandardisation Of(ReadOnlySpan<double> values, int columns)
    {
        int q = columns, n = q == 0 ? 0 : values.Length / q;
        var means = new double[q];
        var scales = new double[q];
        for (int j = 0; j < q; j++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += values[i * q + j];
            means[j] = sum / n;
            double ss = 0;
            for (int i = 0; i < n; i++) ss += (values[i * q + j] - means[j]) * (values[i * q + j] - means[j]);
            var sd = Math.Sqrt(ss / n);
            scales[j] = sd > 0 ? sd : 1.0;
        }
        return new ColumnStandardisation(means, scales);
    }

    /// <summary>(zᵢⱼ − mⱼ)/sⱼ for every row of <paramref name="values"/>.</summary>
    public double[] Apply(ReadOnlySpan<double> values)
    {
        int q = Columns;
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = (values[i] - Means[i % q]) / Scales[i % q];
        return result;
    }
}
