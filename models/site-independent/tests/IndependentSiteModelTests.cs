using System.Text.Json;
using Pg2.Datasets.Alignments;

namespace Pg2.Models.SiteIndependent.Tests;

public class IndependentSiteModelTests
{
    [Fact]
    public void Fit_MatchesScipyMinimumOnDhfr()
    {
        var expected = JsonDocument.Parse(File.ReadAllText(TestData.Fixture("independent.json"))).RootElement;
        var encoded = EncodedAlignment.Encode(AlignmentReader.Read(TestData.Dhfr));
        var weights = SequenceWeights.Compute(encoded, 0.8);
        Assert.Equal(expected.GetProperty("neff").GetDouble(), weights.EffectiveCount, 9);
        var model = IndependentSiteModel.Fit(SiteFrequencies.Compute(encoded, weights), weights.EffectiveCount, 0.01,
            encoded.Sites.Residues);
        foreach (var site in expected.GetProperty("fields").EnumerateObject())
        {
            int i = int.Parse(site.Name, System.Globalization.CultureInfo.InvariantCulture);
            var x = site.Value.EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int a = 0; a < 20; a++) Assert.True(Math.Abs(x[a] - model.Fields[i * 20 + a]) < 1e-6, $"site {i} state {a}: {x[a]} vs {model.Fields[i * 20 + a]}");
        }
    }

    [Fact]
    public void Fit_IsStationaryPointOfSiteObjective()
    {
        var frequencies = SiteFrequencies.Compute(
            EncodedAlignment.Encode(AlignmentReader.Read(new MemoryStream("> Q\nACD\n"u8.ToArray()), AlignmentFormat.A2m, "t")),
            SequenceWeights.FromValues([1.0], 0.8));
        var model = IndependentSiteModel.Fit(frequencies, 100, 0.01, "ACD");
        var x = model.Fields[..20].ToArray();
        double f0 = IndependentSiteModel.SiteObjective(frequencies.Site(0), 100, 0.01, x);
        for (int a = 0; a < 20; a++)
        {
            var moved = (double[])x.Clone();
            moved[a] += 1e-4;
            Assert.True(IndependentSiteModel.SiteObjective(frequencies.Site(0), 100, 0.01, moved) >= f0);
            moved[a] -= 2e-4;
            Assert.True(IndependentSiteModel.SiteObjective(frequencies.Site(0), 100, 0.01, moved) >= f0);
        }
    }

    [Fact]
    public void Score_SumsFieldDifferencesOverSubstitutions()
    {
        var encoded = EncodedAlignment.Encode(AlignmentReader.Read(new MemoryStream("> Q\nAC\n>s\nAD\n>t\nGD\n"u8.ToArray()),
            AlignmentFormat.A2m, "t"));
        var weights = SequenceWeights.FromValues([1, 1, 1], 0.8);
        var model = IndependentSiteModel.Fit(SiteFrequencies.Compute(encoded, weights), 3, 0.01, "AC");
        int g = ProteinAlphabet.ResidueIndexOf('G'), d = ProteinAlphabet.ResidueIndexOf('D');
        double single0 = model.Score([(0, g)]);
        double single1 = model.Score([(1, d)]);
        Assert.True(single0 < 0);  // A is twice as frequent as G at site 0
        Assert.True(single1 > 0);  // D is twice as frequent as C at site 1
        Assert.Equal(single0 + single1, model.Score([(0, g), (1, d)]), 12);
        Assert.Equal(0, model.Score([]));
    }
}
