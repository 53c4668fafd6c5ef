using Pg2.Datasets;
using Pg2.Sdk;
using Pg2.Sdk.Features;
using Pg2.Contracts;

namespace Pg2.Models.Ridge;

public sealed partial class RidgeModel
{
    /// <summary>Fits <c>Ridge(alpha)</c> exactly (primal or dual system, whichever is smaller).</summary>
    public ModelParameters Train(ModelContext context, OneHotMatrix features, double[] targets)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(features);
        double alpha = context.HyperParameters.GetPositiveDouble("alpha", 1.0);
        var ridge = RidgeRegression.Fit(features, targets, alpha);
        context.Log($"ridge alpha={alpha} on {features.RowCount} × {features.ColumnCount} one-hot features ({(ridge.SolvedDual ? "dual" : "primal")} system)");
        var p = new ModelParameters();
        p.Arrays["coef"] = ridge.Coefficients;
        p.Scalars["intercept"] = ridge.Intercept;
        OneHotPositions.Record(p, features);
        return p;
    }
}
