using Pg2.Contracts;
using Pg2.Sdk;
using Pg2.Sdk.Features;

namespace Pg2.Models.RidgeAugmented;

/// <summary>
/// One-hot ridge regression plus the job's covariates (zero-shot scores), each block with its own
/// penalty: ProteinGym's "&lt;zero-shot model&gt; + One-Hot Encodings" baselines (Hsu et al. 2022).
/// </summary>
public sealed class RidgeAugmentedModel : ISupervisedModel<CovariateFeatures>
{
    /// <summary>One-hot codes (manifest alphabet) and the rows' covariate columns; no covariate is an input error.</summary>
    public CovariateFeatures Preprocess(ModelContext context, ModelRows rows) => CovariateFeatures.From(context, rows, required: true);

    /// <summary>
    /// Fits <see cref="AugmentedRidge"/> with <c>alpha</c> (one-hot) and <c>alpha_covariate</c>, or, with
    /// <c>inner_cv</c> (the default), with the pair of <c>alpha_grid</c> × <c>alpha_covariate_grid</c> that
    /// <see cref="PenaltySearch"/> picks by inner cross-validation on the training rows.
    /// </summary>
    public ModelParameters Train(ModelContext context, CovariateFeatures features, double[] targets)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(features);
        double lambda = context.HyperParameters.GetPositiveDouble("alpha", 10.0);
        double mu = context.HyperParameters.GetPositiveDouble("alpha_covariate", 0.01);
        if (context.HyperParameters.GetBoolean("inner_cv", true))
        {
            int folds = context.HyperParameters.GetInt32("inner_folds", 5);
            if (folds < 2 || folds > features.OneHot.RowCount)
                throw new InvalidInputException($"{context.HyperParameters.Source}: 'inner_folds' must be in 2..{features.OneHot.RowCount} (the training rows), got {folds}");
            var lambdas = context.HyperParameters.GetPositiveDoubles("alpha_grid", [0.1, 1, 10, 100, 1000]);
            var mus = context.HyperParameters.GetPositiveDoubles("alpha_covariate_grid", [0.001, 0.01, 0.1, 1, 10, 100]);
            int seed = context.HyperParameters.GetInt32("seed", 0), searchRows = context.HyperParameters.GetInt32("search_rows", 5000);
            if (searchRows < folds)
                throw new InvalidInputException($"{context.HyperParameters.Source}: 'search_rows' must be at least 'inner_folds' ({folds}), got {searchRows}");
            // The search's cost grows as n³ (its memory as n²): above search_rows it runs on a seeded subset.
            var (x, z, y) = SearchRows(features, targets, searchRows, seed);
            if (x.RowCount < features.OneHot.RowCount)
                context.Log($"inner CV on a seeded subset of {x.RowCount} of the {features.OneHot.RowCount} training rows (search_rows)");
            var choice = PenaltySearch.Choose(x, z, features.CovariateCount, y, lambdas, mus, folds, seed);
            (lambda, mu) = (choice.Lambda, choice.Mu);
            context.Log(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"inner {folds}-fold CV over alpha {string.Join("/", lambdas)} × alpha_covariate {string.Join("/", mus)}: alpha={lambda}, alpha_covariate={mu} (validation MSE {choice.Errors[lambdas.ToList().IndexOf(lambda), mus.ToList().IndexOf(mu)]:G4})"));
        }
        var fit = AugmentedRidge.Fit(features.OneHot, features.Covariates, features.CovariateCount, targets, lambda, mu);
        context.Log($"augmented ridge: {features.OneHot.RowCount} rows × {features.OneHot.ColumnCount} one-hot features (alpha={lambda}) + covariates {string.Join(", ", features.Names)} (alpha_covariate={mu}); covariate coefficients {string.Join(", ", fit.CovariateCoefficients.Select(c => c.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)))}");
        var p = new ModelParameters();
        p.Arrays["coef"] = fit.Coefficients;
        p.Arrays["covariate_coef"] = fit.CovariateCoefficients;
        p.Arrays["covariate_mean"] = fit.CovariateMeans;
        p.Arrays["covariate_scale"] = fit.CovariateScales;
        p.Scalars["intercept"] = fit.Intercept;
        p.Texts["covariates"] = string.Join(",", features.Names);
        OneHotPositions.Record(p, features.OneHot);
        return p;
    }

    // All rows when there are at most `limit`, else a seeded subset of `limit` of them (in their order).
    private static (OneHotMatrix X, double[] Z, double[] Y) SearchRows(CovariateFeatures features, double[] targets, int limit, int seed)
    {
        int n = features.OneHot.RowCount, q = features.CovariateCount;
        if (n <= limit) return (features.OneHot, features.Covariates, targets);
        var order = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(order);
        var rows = order[..limit];
        Array.Sort(rows);
        var z = new double[limit * q];
        for (int i = 0; i < limit; i++) Array.Copy(features.Covariates, rows[i] * q, z, i * q, q);
        return (features.OneHot.SelectRows(rows), z, rows.Select(r => targets[r]).ToArray());
    }

    /// <summary>ŷ = b₀ + Xβ + Zγ with the training standardisation of Z.</summary>
    public double[] Predict(ModelContext context, ModelParameters parameters, CovariateFeatures features)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(features);
        OneHotPositions.Require(parameters, features.OneHot);
        var names = string.Join(",", features.Names);
        if (parameters.Text("covariates") != names)
            throw new InvalidInputException($"the model was trained with covariates '{parameters.Text("covariates")}', the rows have '{names}'");
        return AugmentedRidge.FromParameters(parameters.Array("coef"), parameters.Array("covariate_coef"),
            parameters.Array("covariate_mean"), parameters.Array("covariate_scale"), parameters.Scalar("intercept"))
            .Predict(features.OneHot, features.Covariates);
    }
}
