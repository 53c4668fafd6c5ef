using Pg2.Contracts;

namespace Pg2.Sdk.Features;

/// <summary>
/// The sequence length a one-hot model was trained on, kept in its parameters (scalar <c>positions</c>),
/// so that prediction rejects sequences of another length instead of misreading the coefficients.
/// </summary>
public static class OneHotPositions
{
    /// <summary>The scalar's name in <see cref="ModelParameters"/>.</summary>
    public const string ParameterName = "positions";

    /// <summary>Keeps the training features' sequence length in <paramref name="parameters"/>.</summary>
    public static void Record(ModelParameters parameters, OneHotMatrix features)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(features);
        parameters.Scalars[ParameterName] = features.Positions;
    }

    /// <summary>Checks that <paramref name="features"/> have the length recorded at training.</summary>
    /// <exception cref="InvalidInputException">The lengths differ, or the parameters record none.</exception>
    public static void Require(ModelParameters parameters, OneHotMatrix features)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(features);
        int positions = (int)parameters.Scalar(ParameterName);
        if (features.Positions != positions)
            throw new InvalidInputException(
                $"sequences to predict have length {features.Positions}, the model was trained on length {positions}");
    }
}
