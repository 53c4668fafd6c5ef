using Pg2.Datasets;
using Pg2.Sdk;
using Pg2.Sdk.Features;
using Pg2.Contracts;

namespace Pg2.Models.Pls;

public sealed partial class PlsModel
{
    /// <summary>Fits <c>PLSRegression(n_components)</c> and returns its predictor as parameters.</summary>
    public ModelParameters Train(ModelContext context, OneHotMatrix features, double[] targets)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(features);
        int components = context.HyperParameters.GetInt32("n_components", 2);
        if (components < 1 || components > features.ColumnCount)
            throw new InvalidInputException(
                $"{context.HyperParameters.Source}: n_components must be between 1 and the number of features ({features.ColumnCount}), got {components}");
        if (features.RowCount < 2)
            throw new InvalidInputException($"PLS needs at least 2 training rows, got {features.RowCount}");
        var pls = PlsRegression.Fit(features, [targets], components);
        context.Log($"PLS with {components} components on {features.RowCount} × {features.ColumnCount} one-hot features; power-method iterations {string.Join(",", pls.Iterations)}");
        var p = new ModelParameters();
        p.Arrays["x_mean"] = pls.XMean;
        p.Arrays["x_std"] = pls.XStd;
        p.Arrays["coef"] = pls.Coefficients[0];
        p.Scalars["y_mean"] = pls.YMean[0];
        p.Scalars["y_std"] = pls.YStd[0];
        OneHotPositions.Record(p, features);
        return p;
    }
}
