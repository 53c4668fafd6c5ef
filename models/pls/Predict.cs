using Pg2.Datasets;
using Pg2.Sdk;
using Pg2.Sdk.Features;
using Pg2.Contracts;

namespace Pg2.Models.Pls;

public sealed partial class PlsModel
{
    /// <summary>ŷ = ((x − μ)/σ)·coef + ȳ, as scikit-learn's <c>PLSRegression.predict</c>.</summary>
    public double[] Predict(ModelContext context, ModelParameters parameters, OneHotMatrix features)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(features);
        int positions = (int)parameters.Scalar("positions");
        if (features.Positions != positions)
            throw new InvalidInputException(
                $"sequences to predict have length {features.Positions}, the model was trained on length {positions}");
        var pls = PlsRegression.FromParameters(parameters.Array("x_mean"), parameters.Array("x_std"),
            [parameters.Scalar("y_mean")], [parameters.Scalar("y_std")], [parameters.Array("coef")]);
        return pls.Predict(features);
    }
}
