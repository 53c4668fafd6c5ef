using Pg2.Contracts;
using Pg2.Datasets.Alignments;

namespace Pg2.Datasets.Tests.Alignments;

public class PrecomputedWeightsTests
{
    private static EncodedAlignment Encode(string a2m) =>
        EncodedAlignment.Encode(AlignmentReader.Read(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(a2m)), AlignmentFormat.A2m, "t"));

    [Fact]
    public void FromRecords_GivenTheComputedWeights_EqualsCompute()
    {
        var encoded = Encode(">q\nACDE\n>a\nACDF\n>b\nACDE\n>c\nGHIK\n");
        var computed = SequenceWeights.Compute(encoded, 0.8);
        var given = SequenceWeights.FromRecords(encoded, computed.Values.ToArray(), 0.8);
        Assert.Equal(computed.Values.ToArray(), given.Values.ToArray());
        Assert.Equal(computed.EffectiveCount, given.EffectiveCount);
    }

    [Fact]
    public void FromRecords_DroppedRecordsDropTheirWeight()
    {
        // Record 'x' holds a character outside the alphabet, so encoding discards it and its weight.
        var encoded = Encode(">q\nACDE\n>x\nACDB\n>b\nACDE\n");
        var weights = SequenceWeights.FromRecords(encoded, [0.5, 9, 0.25], double.NaN);
        Assert.Equal([0.5, 0.25], weights.Values.ToArray());
        Assert.Equal(0.75, weights.EffectiveCount);
    }

    [Fact]
    public void FromRecords_TooFewWeights_IsRefused()
    {
        var encoded = Encode(">q\nACDE\n>b\nACDE\n");
        Assert.Throws<InvalidInputException>(() => SequenceWeights.FromRecords(encoded, [1.0], 0.8));
    }
}
