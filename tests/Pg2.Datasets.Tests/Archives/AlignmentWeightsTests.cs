using System.IO.Compression;
using System.Text;
using Pg2.Contracts;
using Pg2.Datasets.Numpy;

namespace Pg2.Datasets.Tests.Archives;

public class AlignmentWeightsTests
{
    private const string Manifest = """
        name = "tiny"

        [assays_meta]
        file_path = "assays.csv"
        sequence_feature = "seq"

        [assays_meta.assays.y]
        features = []

        [msa_meta]
        file_path = "msa.a2m"
        file_format = "a2m"
        weights_path = "w.npy"
        """;

    private const string Msa = ">focus/1-4\nACDE\n>b\nACDF\n>c\nA-DE\n";

    private static string Archive(string manifest, params double[] weights)
    {
        var path = Path.Combine(TestData.TempDir(), "dataset.zip");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, text) in new[] { ("manifest.toml", manifest), ("assays.csv", "seq,y\nACDE,1\nACDF,2\n"), ("msa.a2m", Msa) })
        {
            using var s = zip.CreateEntry(name).Open();
            s.Write(Encoding.UTF8.GetBytes(text));
        }
        using (var s = zip.CreateEntry("w.npy").Open()) NpyFile.Write(s, weights);
        return path;
    }

    [Fact]
    public void Load_WeightsPath_GivesOneWeightPerAlignmentRecord()
    {
        var d = Dataset.FromPath(Archive(Manifest, 1, 0.5, 0.25));
        Assert.Equal([1, 0.5, 0.25], d.AlignmentWeights!);
        Assert.Equal("w.npy", d.Manifest.MsaMeta!.WeightsPath);
    }

    [Fact]
    public void SaveThenLoad_KeepsTheWeights()
    {
        var d = Dataset.FromPath(Archive(Manifest, 1, 0.5, 0.25));
        var path = Path.Combine(TestData.TempDir(), "out.zip");
        d.Save(path);
        var back = Dataset.FromPath(path);
        Assert.Equal(d.AlignmentWeights!, back.AlignmentWeights!);
        Assert.Equal("msa_weights.npy", back.Manifest.MsaMeta!.WeightsPath);
    }

    [Fact]
    public void Load_WithoutWeights_HasNone() =>
        Assert.Null(Dataset.FromPath(Archive(Manifest.Replace("weights_path = \"w.npy\"", "", StringComparison.Ordinal))).AlignmentWeights);

    [Theory]
    [InlineData(new[] { 1.0, 0.5 }, "2 alignment weights for 3 alignment records")]
    [InlineData(new[] { 1.0, 0.5, 0.25, 1.0 }, "4 alignment weights for 3 alignment records")]
    [InlineData(new[] { 1.0, -0.5, 0.25 }, "alignment weight 2 (record 'b') is -0.5")]
    [InlineData(new[] { 1.0, 0.5, double.NaN }, "alignment weight 3 (record 'c') is NaN")]
    public void Load_WeightsNotOnePerRecord_IsRefusedNamingTheEntry(double[] weights, string expected)
    {
        var path = Archive(Manifest, weights);
        var e = Assert.Throws<InvalidInputException>(() => Dataset.FromPath(path));
        Assert.StartsWith($"{path}:w.npy: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WeightsPathNotInTheArchive_IsRefused()
    {
        var e = Assert.Throws<InvalidInputException>(() =>
            Dataset.FromPath(Archive(Manifest.Replace("w.npy", "../w.npy", StringComparison.Ordinal), 1, 1, 1)));
        Assert.Contains("weights_path '../w.npy' points outside the archive", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_WithoutAnAlignment_AreRefused()
    {
        var d = Dataset.FromPath(TestData.Seed("dummy"));
        var e = Assert.Throws<InvalidInputException>(() => new Dataset(d.Manifest, d.Assays) { AlignmentWeights = [1.0] });
        Assert.Contains("alignment weights given without an alignment", e.Message, StringComparison.Ordinal);
    }
}
