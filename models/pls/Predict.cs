using Pg2.Sdk;
using Pg2.Sdk.Features;

namespace Pg2.Models.Pls;

public sealed partial class PlsModel
{
    /// <summary>ŷ = ((x − μ)/σ)·coef + ȳ, as scikit-learn's <c>PLSRegression.predict</c>.</summary>
    public double[] Predict(ModelContext context, ModelParameters parameters, OneHotMatrix features)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(features);
        OneHotPositions.Require(parameters, features);
        var pls = PlsRegression.FromParameters(parameters.Array("x_mean"), parameters.Array("x_std"),
            [parameters.Scalar("y_mean")], [parameters.Scalar("y_std")], [parameters.Array("coef")]);
        return pls.Predict(features);
    }
}
