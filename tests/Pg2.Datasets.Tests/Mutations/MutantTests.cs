using Pg2.Datasets.Mutations;
using Pg2.Contracts;

namespace Pg2.Datasets.Tests.Mutations;

public class MutantTests
{
    private const string Reference = "HPETLVKV"; // residues 24..31

    [Fact]
    public void Parse_MultiMutant_KeepsOrderAndRoundTrips()
    {
        var m = Mutant.Parse("H24C:E26D");
        Assert.Equal([new Substitution('H', 24, 'C'), new Substitution('E', 26, 'D')], m.Substitutions);
        Assert.Equal("H24C:E26D", m.ToString());
    }

    [Fact]
    public void Apply_WithOffset_BuildsVariant()
    {
        Assert.Equal("CPDTLVKV", Mutant.Parse("H24C:E26D").Apply(Reference, 24));
    }

    [Fact]
    public void FromVariant_IsInverseOfApply()
    {
        var variant = Mutant.Parse("P25A:V31W").Apply(Reference, 24);
        Assert.Equal("P25A:V31W", Mutant.FromVariant(Reference, variant, 24).ToString());
    }

    [Fact]
    public void Apply_WildTypeMismatch_NamesRowAndResidue()
    {
        var e = Assert.Throws<InvalidInputException>(() => Mutant.Parse("A24C").Apply(Reference, 24, "row 7"));
        Assert.Contains("row 7", e.Message, StringComparison.Ordinal);
        Assert.Contains("'H' at residue 24", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_OutOfRange_NamesRow()
    {
        var e = Assert.Throws<InvalidInputException>(() => Mutant.Parse("H99C").Apply(Reference, 24, "row 3"));
        Assert.Contains("row 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("outside the reference", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("H24")]
    [InlineData("24C")]
    [InlineData("H2x4C")]
    [InlineData("H24C:")]
    public void Parse_Malformed_Throws(string text)
    {
        Assert.Throws<InvalidInputException>(() => Mutant.Parse(text, "row 1"));
    }

    [Fact]
    public void FromVariant_Indel_Throws()
    {
        Assert.Throws<InvalidInputException>(() => Mutant.FromVariant(Reference, Reference + "A", 1));
    }
}
