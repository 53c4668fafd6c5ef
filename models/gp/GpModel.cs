using System.Globalization;
using Pg2.Contracts;
using Pg2.Sdk;
using Pg2.Sdk.Features;

namespace Pg2.Models.Gp;

/// <summary>
/// Exact Gaussian-process regression on sequences (<see cref="HammingGp"/>), with the job's covariates
/// (zero-shot scores), when it has any, as a linear mean function.
/// </summary>
public sealed class GpModel : ISupervisedModel<CovariateFeatures>
{
    /// <summary>One-hot codes (manifest alphabet) and the rows' covariate columns (none is fine).</summary>
    public CovariateFeatures Preprocess(ModelContext context, ModelRows rows) => CovariateFeatures.From(context, rows, required: false);

    /// <summary>Chooses ℓ and g by maximum evidence (unless <c>optimise = false</c>) and fits the exact GP.</summary>
    /// <exception cref="InvalidInputException">More training rows than <c>max_train_rows</c>, or a bad hyper-parameter.</exception>
    public ModelParameters Train(ModelContext context, CovariateFeatures features, double[] targets)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(features);
        var hp = context.HyperParameters;
        int n = features.OneHot.RowCount;
        int budget = hp.GetInt32("max_train_rows", 10_000);
        if (n > budget)
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"{hp.Source}: {n} training rows exceed max_train_rows = {budget} (the exact GP needs {8.0 * n * n / 1e9 + 2.0 * n * n / 1e9:F1} GB and {(double)n * n * n / 3:G3} flops for one factor); raise max_train_rows or use ridge-augmented"));
        var search = new GpSearch(
            new GpKernelParameters(hp.GetPositiveDouble("length_scale", 2.0), hp.GetPositiveDouble("noise_ratio", 0.5)),
            hp.GetBoolean("optimise", true), hp.GetInt32("iterations", 20), hp.GetInt32("search_rows", 1000), hp.GetInt32("seed", 0));
        if (search.Iterations < 0 || search.SearchRows < 2)
            throw new InvalidInputException($"{hp.Source}: 'iterations' must be ≥ 0 and 'search_rows' ≥ 2, got {search.Iterations} and {search.SearchRows}");
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"gp: {n} rows × {features.OneHot.Positions} positions, mean 1{string.Concat(features.Names.Select(c => " + " + c))}; exact fit ≈ {(double)n * n * n / 3:G3} flops, {10.0 * n * n / 1e6:F0} MB"));
        var fit = HammingGp.Fit(features.OneHot, features.Covariates, features.CovariateCount, targets, search, context.Log);
        var p = new ModelParameters();
        p.Arrays["weights"] = fit.Weights;
        p.Arrays["mean_coef"] = fit.MeanCoefficients;
        p.Arrays["covariate_mean"] = fit.Covariates.Means;
        p.Arrays["covariate_scale"] = fit.Covariates.Scales;
        p.Scalars["length_scale"] = fit.Kernel.LengthScale;
        p.Scalars["noise_ratio"] = fit.Kernel.NoiseRatio;
        p.Scalars["signal_variance"] = fit.SignalVariance;
        p.Texts["training_codes"] = Convert.ToBase64String(fit.TrainingCodes);
        p.Texts["covariates"] = string.Join(",", features.Names);
        OneHotPositions.Record(p, features.OneHot);
        return p;
    }

    /// <summary>The predictive mean with the saved training rows, weights and mean function.</summary>
    public double[] Predict(ModelContext context, ModelParameters parameters, CovariateFeatures features)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(features);
        OneHotPositions.Require(parameters, features.OneHot);
        var names = string.Join(",", features.Names);
        if (parameters.Text("covariates") != names)
            throw new InvalidInputException($"the model was trained with covariates '{parameters.Text("covariates")}', the rows have '{names}'");
        return HammingGp.FromParameters(Convert.FromBase64String(parameters.Text("training_codes")), features.OneHot.Positions,
                new GpKernelParameters(parameters.Scalar("length_scale"), parameters.Scalar("noise_ratio")), parameters.Scalar("signal_variance"),
                parameters.Array("mean_coef"), parameters.Array("weights"),
                new ColumnStandardisation(parameters.Array("covariate_mean"), parameters.Array("covariate_scale")))
            .Predict(features.OneHot, features.Covariates);
    }
}
