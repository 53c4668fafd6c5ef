using Pg2.Datasets.Alignments;
using Pg2.Contracts;

namespace Pg2.Datasets.Tests.Alignments;

public class FocusSiteMapTests
{
    // Focus residues 10..15 of reference "XXMKLAWGYY" (offset 8); residue 12 (the 'L' column) is lower case: no site.
    private static FocusSiteMap Map() => new([10, 11, 13, 14, 15], "MKAWG", "XXMKLAWGYY", 8, "test.a2m");

    [Fact]
    public void Map_PlacesSubstitutionsOnSites_AndCountsUnmodelled()
    {
        var map = Map();
        var changes = map.Map(map.SubstitutionsOf("K11R:L12A:Y16F", "", "row 1"), "row 1");
        Assert.Equal(new[] { (1, ProteinAlphabet.ResidueIndexOf('R')) }, changes.Changes);
        Assert.Equal(3, changes.Substitutions);
        Assert.Equal(2, changes.Unmodelled);
        Assert.False(changes.NoneModelled);
    }

    [Fact]
    public void SubstitutionsOf_FullSequence_DerivesMutant_AndReferenceHasNone()
    {
        var map = Map();
        Assert.Empty(map.SubstitutionsOf(null, "XXMKLAWGYY", "row 1"));
        var subs = map.SubstitutionsOf(null, "XXMKLCWGYY", "row 2");
        Assert.Equal("A13C", Assert.Single(subs).ToString());
    }

    [Fact]
    public void SubstitutionsOf_WildTypeMismatch_NamesRow()
    {
        var ex = Assert.Throws<InvalidInputException>(() => Map().SubstitutionsOf("G11R", "", "assay row 7"));
        Assert.Contains("assay row 7", ex.Message);
    }

    [Fact]
    public void Map_NonAminoAcidMutant_NamesRow()
    {
        var map = Map();
        var ex = Assert.Throws<InvalidInputException>(() => map.Map(map.SubstitutionsOf("K11*", "", "row 3"), "row 3"));
        Assert.Contains("row 3", ex.Message);
    }

    [Fact]
    public void Create_FocusDifferingFromReferenceAtManySites_Throws()
    {
        var ex = Assert.Throws<InvalidInputException>(() => new FocusSiteMap([10, 11, 12], "MRR", "XXMKLAWGYY", 8, "x.a2m"));
        Assert.Contains("x.a2m", ex.Message);
        Assert.Contains("residue 11", ex.Message);
    }

    [Fact]
    public void Create_FocusDifferingFromReferenceAtOneSite_IsAcceptedAndListed()
    {
        // ProteinGym's own alignments differ from target_seq at a position or two (issue 11, item 8).
        var map = new FocusSiteMap([10, 11], "MR", "XXMKLAWGYY", 8, "x.a2m");
        Assert.Equal(["residue 11: alignment R, reference K"], map.Mismatches);
        Assert.Equal(1, map.SiteOf(11));
    }

    [Fact]
    public void Create_Dhfr_AgreesWithItsFocusSequence()
    {
        var ali = AlignmentReader.Read(AlignmentTestData.Dhfr);
        var sites = FocusColumns.Of(ali);
        var map = new FocusSiteMap(sites.ResidueNumbers, sites.Residues, ali.FocusSequence, ali.RegionStart, "DHFR.a2m");
        // Residue 52 sits after the focus gap columns 51-53: site 51, column 54.
        Assert.Equal(51, map.SiteOf(52));
        Assert.Equal(ali.FocusSequence[51], sites.Residues[51]);
    }

    [Fact]
    public void VariantScores_ImputeMeanForUnscorable_AndZeroForReference()
    {
        SiteChanges[] variants =
        [
            new([(0, 1)], 1, 0),
            new([(1, 2)], 1, 0),
            new([], 1, 1),
            new([], 0, 0),
        ];
        var scores = VariantScores.Compute(variants, v => v.Changes[0].Site == 0 ? 1.0 : 3.0);
        Assert.Equal(new[] { 1.0, 3.0, 2.0, 0.0 }, scores.Scores);
        Assert.Equal(1, scores.Imputed);
        Assert.Equal(1, scores.UnmodelledSubstitutions);
    }
}
