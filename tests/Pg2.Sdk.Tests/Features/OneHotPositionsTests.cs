using Pg2.Contracts;
using Pg2.Sdk.Features;

namespace Pg2.Sdk.Tests.Features;

public sealed class OneHotPositionsTests
{
    private static readonly OneHotEncoder Encoder = new(OneHotEncoder.StandardAminoAcids);

    private static ModelParameters Trained(params string[] sequences)
    {
        var parameters = new ModelParameters();
        OneHotPositions.Record(parameters, Encoder.Encode(sequences));
        return parameters;
    }

    [Fact]
    public void Record_KeepsTheTrainingLengthAsTheScalarPositions() =>
        Assert.Equal(3, Trained("ACD", "ACE").Scalar("positions"));

    [Fact]
    public void Require_SequencesOfTheTrainingLength_Pass() =>
        Assert.Null(Record.Exception(() => OneHotPositions.Require(Trained("ACD"), Encoder.Encode(["WYV", "AAA"]))));

    [Fact]
    public void Require_SequencesOfAnotherLength_IsAnInputErrorNamingBothLengths()
    {
        var error = Assert.Throws<InvalidInputException>(() => OneHotPositions.Require(Trained("ACD"), Encoder.Encode(["ACDE"])));
        Assert.Equal("sequences to predict have length 4, the model was trained on length 3", error.Message);
    }

    [Fact]
    public void Require_ParametersWithoutPositions_IsAnInputErrorNamingTheScalar()
    {
        var error = Assert.Throws<InvalidInputException>(() => OneHotPositions.Require(new ModelParameters(), Encoder.Encode(["ACD"])));
        Assert.Contains("'positions'", error.Message, StringComparison.Ordinal);
    }
}
