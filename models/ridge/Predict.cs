using Pg2.Datasets;
using Pg2.Sdk;
using Pg2.Sdk.Features;
using Pg2.Contracts;

namespace Pg2.Models.Ridge;

public sealed partial class RidgeModel
{
    /// <summary>ŷ = x·β + intercept.</summary>
    public double[] Predict(ModelContext context, ModelParameters parameters, OneHotMatrix features)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(features);
        int positions = (int)parameters.Scalar("positions");
        if (features.Positions != positions)
            throw new InvalidInputException(
                $"sequences to predict have length {features.Positions}, the model was trained on length {positions}");
        return RidgeRegression.FromParameters(parameters.Array("coef"), parameters.Scalar("intercept")).Predict(features);
    }
}
