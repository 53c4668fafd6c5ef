using Pg2.Contracts;
using Pg2.Sdk;
using Pg2.Sdk.Features;

namespace Pg2.Models.RidgeAugmented;

/// <summary>The one-hot block X and the covariate block Z (raw, row-major n × q) of the same rows.</summary>
/// <param name="OneHot">One-hot codes of the sequences.</param>
/// <param name="Covariates">Covariate values, row-major (row i, covariate j at <c>i·q + j</c>).</param>
/// <param name="Names">Covariate names, in column order.</param>
public sealed record AugmentedFeatures(OneHotMatrix OneHot, double[] Covariates, IReadOnlyList<string> Names)
{
    /// <summary>Number of covariates q.</summary>
    public int CovariateCount => Names.Count;

    /// <summary>The rows' features: one-hot codes with the manifest's alphabet, and every covariate the job was given.</summary>
    public static AugmentedFeatures From(ModelContext context, ModelRows rows)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.CovariateNames.Count == 0)
            throw new InvalidInputException($"model '{context.Manifest.Name}' needs at least one covariate; name one in the game's model entry (covariates = [\"evmutation\"]) and declare it in [[covariates]]");
        var oneHot = OneHotEncoder.FromHyperParameters(context.HyperParameters).Encode(rows.Sequences, rowLabel: rows.Label);
        int q = rows.CovariateNames.Count;
        var z = new double[rows.Count * q];
        for (int j = 0; j < q; j++)
        {
            var column = rows.Covariates[rows.CovariateNames[j]];
            for (int i = 0; i < rows.Count; i++) z[i * q + j] = column[i];
        }
        return new AugmentedFeatures(oneHot, z, rows.CovariateNames);
    }
}
