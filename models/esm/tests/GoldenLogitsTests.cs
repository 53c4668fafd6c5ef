using Pg2.Models.Esm.Onnx;

namespace Pg2.Models.Esm.Tests;

public sealed class GoldenLogitsTests
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("esm2-tiny")]
    [InlineData("esm1v-tiny-1")]
    [InlineData("esm1v-tiny-2")]
    [InlineData("esm2-tiny-f16")]
    [InlineData("esm2-tiny-bf16")]
    public void Logits_OfThePaddedMaskedBatch_MatchThePyTorchReference(string member)
    {
        using var session = Fixtures.Session(member);
        var logits = session.Logits(Fixtures.Tokens);
        Assert.InRange(Fixtures.MaxDifference(logits, Fixtures.Logits(member)), 0, Tolerance);
    }

    public static TheoryData<string, string> Faults => new()
    {
        { "esm2-tiny", "token-dropout rescale left out" },
        { "esm2-tiny", "rotary sign reversed" },
        { "esm2-tiny", "LayerNorm epsilon 1e-12" },
        { "esm1v-tiny-1", "token-dropout rescale left out" },
        { "esm1v-tiny-1", "LayerNorm epsilon 1e-12" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Logits_WithAClassicMistake_FailTheGoldenCheck(string member, string fault)
    {
        var faults = fault switch
        {
            "token-dropout rescale left out" => new GraphFaults(SkipTokenDropoutRescale: true),
            "rotary sign reversed" => new GraphFaults(RotaryReversed: true),
            _ => new GraphFaults(LayerNormEpsilon: 1e-12f),
        };
        using var session = Fixtures.Session(member, faults);
        var difference = Fixtures.MaxDifference(session.Logits(Fixtures.Tokens), Fixtures.Logits(member));
        Assert.True(difference > 10 * Tolerance, $"{fault}: logits still within {difference:G3} of the golden ones");
    }

    [Fact]
    public void Logits_OfARow_DoNotDependOnPaddingOrBatchOrder()
    {
        using var session = Fixtures.Session("esm2-tiny");
        var rows = Fixtures.Tokens;
        var batched = session.Logits(rows);
        var reversed = session.Logits(rows.Reverse().ToArray()).Reverse().ToArray();
        for (int i = 0; i < rows.Length; i++)
        {
            var alone = session.Logits([rows[i]]);
            Assert.InRange(Fixtures.MaxDifference(alone, [batched[i]]), 0, 1e-5);
            Assert.InRange(Fixtures.MaxDifference(alone, [reversed[i]]), 0, 1e-5);
        }
    }
}
