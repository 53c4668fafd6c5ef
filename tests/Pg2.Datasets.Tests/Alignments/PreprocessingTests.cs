using System.Text.Json;
using Pg2.Datasets.Alignments;

namespace Pg2.Datasets.Tests.Alignments;

/// <summary>Preprocessing against the independent numpy reference in Fixtures/make_fixtures.py.</summary>
public class PreprocessingTests
{
    private static readonly Lazy<JsonElement> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(AlignmentTestData.Fixture("preprocessing.json"))).RootElement);

    public static TheoryData<string> Alignments => new() { "DHFR", "ENVZ", "BLAT" };

    private static string PathOf(string name) => name switch
    {
        "DHFR" => AlignmentTestData.Dhfr,
        "ENVZ" => AlignmentTestData.Envz,
        _ => AlignmentTestData.Blat,
    };

    [Theory]
    [MemberData(nameof(Alignments))]
    public void WeightsAndFrequencies_MatchNumpyReference(string name)
    {
        var expected = Reference.Value.GetProperty(name);
        var ali = AlignmentReader.Read(PathOf(name));
        var encoded = EncodedAlignment.Encode(ali);
        Assert.Equal(expected.GetProperty("kept").GetInt32(), encoded.SequenceCount);
        Assert.Equal(ali.Depth - encoded.SequenceCount, encoded.InvalidCount);
        Assert.Equal(expected.GetProperty("sites").GetInt32(), encoded.SiteCount);

        var weights = SequenceWeights.Compute(encoded);
        Assert.Equal(expected.GetProperty("neff").GetDouble(), weights.EffectiveCount, 1e-9);
        var first = expected.GetProperty("first_weights").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int s = 0; s < first.Length; s++) Assert.Equal(first[s], weights.Values[s], 1e-15);
        double checksum = 0;
        for (int s = 0; s < weights.Values.Length; s++) checksum += weights.Values[s] * (s + 1);
        Assert.Equal(1.0, checksum / expected.GetProperty("weight_checksum").GetDouble(), 1e-12);

        var f = SiteFrequencies.Compute(encoded, weights);
        var f0 = expected.GetProperty("f_site0").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int a = 0; a < 20; a++) Assert.Equal(f0[a], f.Site(0)[a], 1e-12);
        double fsum = 0;
        for (int k = 0; k < f.Values.Length; k++) fsum += f.Values[k] * (k + 1);
        Assert.Equal(1.0, fsum / expected.GetProperty("f_checksum").GetDouble(), 1e-12);
    }

    [Fact]
    public void Dhfr_MatchesPlmcSitesAndFirstWeights()
    {
        // plmc -f DYR_ECOLI -g on DHFR.a2m: 3,616 valid sequences of 3,629, 159 sites; weights 1/90, 1/11, 1, 1/7.
        var encoded = EncodedAlignment.Encode(AlignmentReader.Read(AlignmentTestData.Dhfr));
        Assert.Equal(3616, encoded.SequenceCount);
        Assert.Equal(159, encoded.SiteCount);
        var weights = SequenceWeights.Compute(encoded, 0.8);
        Assert.Equal(new[] { 1 / 90.0, 1 / 11.0, 1.0, 1 / 7.0 }, weights.Values[..4].ToArray());
        // Sites carry residue numbers, not columns: the 12 focus gap columns are skipped.
        Assert.Equal(Enumerable.Range(1, 159), encoded.Sites.ResidueNumbers);
        Assert.Equal(50, encoded.Sites.Columns[50]);
        Assert.Equal(54, encoded.Sites.Columns[51]);
    }

    [Fact]
    public void Encode_DiscardsInvalidCharactersAnywhere_AndUsesUpperCaseFocusColumns()
    {
        var ali = AlignmentTestData.FromText(">Q/10-14\nAcD-EF\n>ok\na.dyE-\n>x_in_insert\nAxD-EF\n>b\nBCD-EF\n");
        var encoded = EncodedAlignment.Encode(ali);
        Assert.Equal(2, encoded.SequenceCount);
        Assert.Equal(2, encoded.InvalidCount);
        Assert.Equal(new[] { 0, 1 }, encoded.RecordIndices);
        Assert.Equal(new[] { 0, 2, 4, 5 }, encoded.Sites.Columns);
        Assert.Equal(new[] { 10, 12, 13, 14 }, encoded.Sites.ResidueNumbers);
        Assert.Equal("ADEF", encoded.Sites.Residues);
        // lower case reads as upper case, '.' and '-' as gap
        Assert.Equal(new byte[] { 1, 3, 4, 0 }, encoded.Row(1).ToArray());
        Assert.Equal(2, encoded.Sites.SiteOfResidue(13));
        Assert.Equal(-1, encoded.Sites.SiteOfResidue(11));
    }

    [Fact]
    public void Encode_MinimumCoverage_DropsGappySequences()
    {
        var ali = AlignmentTestData.FromText(">Q\nACDE\n>half\nAC--\n>quarter\nA---\n");
        Assert.Equal(3, EncodedAlignment.Encode(ali).SequenceCount);
        var filtered = EncodedAlignment.Encode(ali, minimumCoverage: 0.5);
        Assert.Equal(2, filtered.SequenceCount);
        Assert.Equal(1, filtered.LowCoverageCount);
    }

    [Fact]
    public void Weights_CountGapGapMatchesAndThreshold()
    {
        // 5 sites: a and b share 4/5 = 0.8 (two gap-gap matches count) -> neighbours; Q shares 3/5 with a.
        var ali = AlignmentTestData.FromText(">Q\nACDEF\n>a\nACD--\n>b\nACG--\n");
        var w = SequenceWeights.Compute(EncodedAlignment.Encode(ali), 0.8);
        Assert.Equal(new[] { 1.0, 0.5, 0.5 }, w.Values.ToArray());
        Assert.Equal(2.0, w.EffectiveCount);
    }

    [Fact]
    public void Frequencies_LeaveGapsOut_AndFlatForEmptySite()
    {
        var ali = AlignmentTestData.FromText(">Q\nAC\n>a\nA-\n>b\nC-\n");
        var enc = EncodedAlignment.Encode(ali);
        var f = SiteFrequencies.Compute(enc, SequenceWeights.FromValues([1, 1, 2], 0.8));
        Assert.Equal(0.5, f.Site(0)[0], 12);   // A: weights 1 + 1 of 4
        Assert.Equal(0.5, f.Site(0)[1], 12);   // C: weight 2 of 4
        Assert.Equal(1.0, f.Site(1)[1], 12);   // only the focus has a residue at site 1
    }
}
