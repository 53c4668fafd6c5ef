using Pg2.Sdk;
using Pg2.Sdk.Features;

namespace Pg2.Models.Ridge;

public sealed partial class RidgeModel
{
    /// <summary>ŷ = x·β + intercept.</summary>
    public double[] Predict(ModelContext context, ModelParameters parameters, OneHotMatrix features)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(features);
        OneHotPositions.Require(parameters, features);
        return RidgeRegression.FromParameters(parameters.Array("coef"), parameters.Scalar("intercept")).Predict(features);
    }
}
