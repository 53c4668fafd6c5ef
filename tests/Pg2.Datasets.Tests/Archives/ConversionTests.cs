using System.IO.Compression;
using System.Text;
using Pg2.Contracts;
using Pg2.Datasets.Numpy;
using Pg2.Datasets.Splits;

namespace Pg2.Datasets.Tests.Archives;

public class ConversionTests
{
    public static TheoryData<string, string> SeedTimesFormat()
    {
        var data = new TheoryData<string, string>();
        foreach (var seed in new[] { "dummy", "neime", "ranganathan" })
            foreach (var format in new[] { "b1", "rc0" })
                data.Add(seed, format);
        return data;
    }

    [Theory]
    [MemberData(nameof(SeedTimesFormat))]
    public void SeedArchive_ThroughPgdataFormat_BackToSeed_LoadsEqual(string seed, string format)
    {
        var original = Dataset.FromPath(TestData.Seed(seed));
        var dir = TestData.TempDir();
        var pgdata = Path.Combine(dir, "x.pgdata");
        original.Save(pgdata, format);
        var back = Path.Combine(dir, "back.zip");
        Dataset.FromPath(pgdata).Save(back, "seed");
        DatasetAssert.Equal(original, Dataset.FromPath(back));
    }

    [Theory]
    [InlineData("NEIME_2019")]
    [InlineData("charge_ladder")]
    [InlineData("ranganathan")]
    public void B1Archive_ThroughRc0_BackToB1_LoadsEqual(string name)
    {
        var original = Dataset.FromPath(TestData.Pgdata(name));
        var dir = TestData.TempDir();
        var rc0 = Path.Combine(dir, "x.pgdata");
        original.Save(rc0, "rc0");
        var viaRc0 = Dataset.FromPath(rc0);
        DatasetAssert.Equal(original, viaRc0);
        var b1 = Path.Combine(dir, "y.pgdata");
        viaRc0.Save(b1, "b1");
        DatasetAssert.Equal(original, Dataset.FromPath(b1));
        // A seed archive of the b1 one reads back as the same data too.
        var seed = Path.Combine(dir, "z.zip");
        Dataset.FromPath(b1).Save(seed, "seed");
        DatasetAssert.Equal(original, Dataset.FromPath(seed));
    }

    [Fact]
    public void Rc0_WithSeveralAssaysRawWeightsAndAliases_ReadsAndRewritesUnchanged()
    {
        var path = Rc0Archive();
        var d = Dataset.FromPath(path);
        Assert.Equal(["Activity"], d.Targets);
        Assert.Equal(5, d.Assays.RowCount); // 3 + 2 records, assays concatenated in order
        Assert.Equal(["-1.5", "0.5", "2", "3", "4"], Enumerable.Range(0, 5).Select(r => d.Assays["Activity"].Format(r)));
        // The fold column is carried but is no feature; the variable of several assays is a column and a feature.
        Assert.True(d.Assays.TryGetColumn("fold_random_5", out _));
        Assert.Equal(["pH"], d.Target("Activity").Features);
        Assert.Equal(["7", "7", "7", "8", "8"], Enumerable.Range(0, 5).Select(r => d.Assays["pH"].Format(r)));
        Assert.Equal("MKV", d.Target("Activity").Constants["sequence"]);
        Assert.Equal("10.1/x", d.Manifest.Doi);
        Assert.Equal(3, d.Msa!.Depth);

        var dir = TestData.TempDir();
        var again = Path.Combine(dir, "again.pgdata");
        d.Save(again, "rc0");
        var twice = Path.Combine(dir, "twice.pgdata");
        Dataset.FromPath(again).Save(twice, "rc0");
        Assert.Equal(Entry(again, "manifest.lock"), Entry(twice, "manifest.lock"));
        var manifest = Entry(again, "manifest.lock");
        foreach (var expected in new[] { "[[assays_raw]]", "[[msa_weights]]", "reference_sequence_name = \"wt\"", "[publication]", "[[assays.non_targets]]", "name = \"fold_random_5\"" })
            Assert.Contains(expected, manifest, StringComparison.Ordinal);
        Assert.Equal([0.5, 1.0, 0.25], NpyFile.ReadVector(new MemoryStream(EntryBytes(again, "msas/msa_weights.npy")), "w"));
        Assert.Equal("mutant,score\nM1A,1\n", Entry(again, "assays_raw/first.csv"));
        DatasetAssert.Equal(d, Dataset.FromPath(twice));
    }

    [Theory]
    [InlineData("modulo")]
    [InlineData("contiguous")]
    [InlineData("random")]
    public void SplitsArchive_SlicesEqualPg2FoldAssignment(string scheme)
    {
        var d = Dataset.FromPath(TestData.Seed("ranganathan"));
        var view = d.ForTarget("cefotaxime");
        var folds = FoldAssignment.For(d, view, FoldAssignment.ParseScheme(scheme));
        var path = Path.Combine(TestData.TempDir(), "r.splits.pgdata");
        d.WithSplits(new DatasetSplits([new(scheme, folds.ToSlices(d))], named: true)).Save(path, "splits");

        var read = Dataset.FromPath(path);
        Assert.NotNull(read.Splits);
        var fromSlices = FoldAssignment.FromSlices(read, read.ForTarget("cefotaxime"), scheme);
        Assert.Equal(folds.FoldCount, fromSlices.FoldCount);
        Assert.Equal(folds.FoldOfRow, fromSlices.FoldOfRow);
        DatasetAssert.Equal(d, read);
    }

    [Fact]
    public void SplitsArchive_PlainList_RoundTripsItsSlices()
    {
        var d = Dataset.FromPath(TestData.Seed("dummy"));
        var half = d.SliceOf(Enumerable.Range(0, 10));
        var rest = d.SliceOf(Enumerable.Range(10, d.Assays.RowCount - 10));
        var path = Path.Combine(TestData.TempDir(), "d.splits.pgdata");
        d.WithSplits(new DatasetSplits([new(DatasetSplits.Unnamed, [half, rest])], named: false)).Save(path, "splits");
        var read = Dataset.FromPath(path);
        Assert.False(read.Splits!.Named);
        Assert.Equal(Enumerable.Range(0, 10), read.SliceRows(read.Splits["any"][0]));
        Assert.Equal(d.Assays.RowCount - 10, read.SliceRows(read.Splits["any"][1]).Length);
    }

    [Fact]
    public void SplitsArchive_MaskOfWrongLength_IsOneLineNamingTheSlice()
    {
        var inner = Path.Combine(TestData.TempDir(), "n.pgdata");
        Dataset.FromPath(TestData.Seed("dummy")).Save(inner, "rc0");
        var path = Path.Combine(TestData.TempDir(), "bad.splits.pgdata");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            zip.CreateEntryFromFile(inner, "dataset.pgdata");
            using var s = zip.CreateEntry("slices.json").Open();
            s.Write("""{"random": [{"assays": [{"columns": null, "records": [true, false]}]}]}"""u8);
        }
        var e = Assert.Throws<InvalidInputException>(() => Dataset.FromPath(path));
        Assert.Contains("split 'random', slice 0, assay 0: 'records' has 2 entries", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("../evil.csv", "points outside the archive")]
    [InlineData("assays/missing.csv", "is not in the archive")]
    public void Rc0_AssayPathOutsideOrMissing_IsRejectedNamingTheKey(string assayPath, string expected)
    {
        var path = TestData.Zip(("manifest.lock", $"""
            version = "1.0.0"
            name = "x"
            [[assays]]
            name = "a"
            path = "{assayPath}"
            sequence_alphabet = "AA"
            [[assays.targets]]
            name = "t"
            """), ("assays/a.csv", "sequence,t\nMK,1\n"));
        var e = Assert.Throws<InvalidInputException>(() => Dataset.FromPath(path));
        Assert.Contains("assays[0].path", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rc0_WeightsNotOnePerMsaRow_IsRejectedNamingTheEntry()
    {
        var path = Rc0Archive(weights: [1.0, 2.0]);
        var e = Assert.Throws<InvalidInputException>(() => Dataset.FromPath(path));
        Assert.Contains("msas/w.npy: 2 weights for the 3 sequences of MSA 'msa'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rc0_AliasMissingFromHeader_NamesTheColumn()
    {
        var path = TestData.Zip(("manifest.lock", """
            version = "1.0.0"
            name = "x"
            [[assays]]
            name = "a"
            path = "assays/a.csv"
            sequence_alias = "mutated_sequence"
            [[assays.targets]]
            name = "Activity"
            alias = "DMS_score"
            """), ("assays/a.csv", "mutated_sequence,score\nMK,1\n"));
        var e = Assert.Throws<InvalidInputException>(() => Dataset.FromPath(path));
        Assert.Contains("DMS_score", e.Message, StringComparison.Ordinal);
    }

    static string Rc0Archive(double[]? weights = null)
    {
        var npy = new MemoryStream();
        NpyFile.Write(npy, weights ?? [0.5, 1.0, 0.25]);
        var path = Path.Combine(TestData.TempDir(), "multi.pgdata");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Text(string name, string text)
        {
            using var s = zip.CreateEntry(name).Open();
            s.Write(Encoding.UTF8.GetBytes(text));
        }
        Text("manifest.lock", """
            version = "1.0.0"
            name = "multi"
            description = "two assays"
            reference_sequence_name = "wt"

            [publication]
            title = "A study"
            doi = "10.1/x"

            [[assay_variables]]
            name = "pH"
            unit = "pH"

            [[assay_targets]]
            name = "Activity"
            unit = "log fold change"

            [[assays]]
            name = "first"
            path = "assays/first.csv"
            sequence_alias = "mutated_sequence"
            sequence_alphabet = "AA"
            readout = "fluorescence"
            [[assays.targets]]
            name = "Activity"
            alias = "DMS_score"
            [[assays.non_targets]]
            name = "fold_random_5"
            [assays.variables]
            pH = 7

            [[assays]]
            name = "second"
            path = "assays/second.csv"
            sequence_alphabet = "AA"
            [[assays.targets]]
            name = "Activity"
            [assays.variables]
            pH = 8

            [[assays_raw]]
            name = "first"
            path = "raw/first.csv"
            [[assays_raw.fields]]
            name = "score"

            [[sequences]]
            type = "wild_type"
            alphabet = "AA"
            path = "sequences/wt.fasta"

            [[msas]]
            name = "msa"
            path = "msas/msa.a3m"
            format = "a3m"
            reference_sequence_name = "wt"

            [[msa_weights]]
            name = "msa"
            path = "msas/w.npy"
            """);
        Text("assays/first.csv", "mutated_sequence,DMS_score,fold_random_5\nAKV,-1.5,0\nMAV,0.5,1\nMKA,2,2\n");
        Text("assays/second.csv", "sequence,Activity\nAKV,3\nMKC,4\n");
        Text("raw/first.csv", "mutant,score\nM1A,1\n");
        Text("sequences/wt.fasta", ">wt wild type\nMKV\n");
        Text("msas/msa.a3m", ">wt\nMKV\n>s1\nMRV\n>s2\nAKV\n");
        using (var s = zip.CreateEntry("msas/w.npy").Open()) s.Write(npy.ToArray());
        return path;
    }

    static byte[] EntryBytes(string zipPath, string name)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        using var s = zip.GetEntry(name)!.Open();
        var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    static string Entry(string zipPath, string name) => Encoding.UTF8.GetString(EntryBytes(zipPath, name));
}
