using System.IO.Compression;
using Pg2.Datasets.Archives;
using Pg2.Contracts;

namespace Pg2.Datasets.Tests.Archives;

public class BadInputTests
{
    private const string Csv = "seq,y,foo\nAAA,1.5,2\nAAC,2.5,3\n";

    private static InvalidInputException Fails(string path) =>
        Assert.Throws<InvalidInputException>(() => Dataset.FromPath(path));

    [Fact]
    public void Load_RejectsFileThatIsNotAZip()
    {
        var path = Path.Combine(TestData.TempDir(), "dataset.zip");
        File.WriteAllText(path, "name,value\n1,2\n");
        Assert.Contains("not a zip archive", Fails(path).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ExitsFileNotFound()
    {
        var e = Fails(Path.Combine(TestData.TempDir(), "nope.zip"));
        Assert.Equal(ExitCodes.FileNotFound, e.ExitCode);
    }

    [Fact]
    public void Load_RejectsZipWithoutManifest()
    {
        var e = Fails(TestData.Zip(("assays.csv", Csv)));
        Assert.Contains("no manifest.toml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TomlSyntaxError_NamesLineAndColumn()
    {
        var e = Fails(TestData.Zip(("manifest.toml", "name = \"x\"\n[assays_meta\nfile_path = 1\n"), ("assays.csv", Csv)));
        Assert.Contains("manifest.toml", e.Message, StringComparison.Ordinal);
        Assert.Contains("TOML syntax error", e.Message, StringComparison.Ordinal);
        Assert.Matches(@"manifest\.toml: line 2, column \d+: TOML syntax error: ", e.Message);
        Assert.DoesNotContain("\n", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongTypeInManifest_NamesKey()
    {
        var e = Fails(TestData.Zip(("manifest.toml", "name = 3\n"), ("assays.csv", Csv)));
        Assert.Contains("'name' must be a string", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FilePathMissingFromZip()
    {
        var e = Fails(TestData.Zip(("manifest.toml", TestData.Manifest), ("other.csv", Csv)));
        Assert.Contains("file_path 'assays.csv' is not in the archive", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DeclaredColumnAbsentFromCsv()
    {
        var e = Fails(TestData.Zip(("manifest.toml", TestData.Manifest), ("assays.csv", "seq,y\nAAA,1\n")));
        Assert.Contains("column 'foo'", e.Message, StringComparison.Ordinal);
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateRows_NameBothLines()
    {
        var e = Fails(TestData.Zip(("manifest.toml", TestData.Manifest),
            ("assays.csv", "seq,y,foo\nAAA,1,2\nAAC,2,3\nAAA,5,2\n")));
        Assert.Contains("line 4: duplicates line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SameSequenceDifferentFeature_IsNotADuplicate()
    {
        var d = Dataset.FromPath(TestData.Zip(("manifest.toml", TestData.Manifest),
            ("assays.csv", "seq,y,foo\nAAA,1,2\nAAA,1,3\n")));
        Assert.Equal(2, d.Assays.RowCount);
    }

    [Fact]
    public void Load_NonNumericTarget_NamesLine()
    {
        var e = Fails(TestData.Zip(("manifest.toml", TestData.Manifest),
            ("assays.csv", "seq,y,foo\nAAA,1,2\nAAC,high,3\n")));
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("'y' must be numeric, got 'high'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyAssays()
    {
        var e = Fails(TestData.Zip(("manifest.toml", TestData.Manifest), ("assays.csv", "seq,y,foo\n")));
        Assert.Contains("no assay rows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyCsvFile()
    {
        var e = Fails(TestData.Zip(("manifest.toml", TestData.Manifest), ("assays.csv", "")));
        Assert.Contains("assays.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadSplitValue_NamesLine()
    {
        var manifest = TestData.Manifest.Replace("split_strategy", "split_feature = \"part\"\nsplit_strategy", StringComparison.Ordinal);
        var e = Fails(TestData.Zip(("manifest.toml", manifest), ("assays.csv", "seq,y,foo,part\nAAA,1,2,train\nAAC,2,3,holdout\n")));
        Assert.Contains("line 3: split value 'holdout'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("data/../../evil.txt")]
    [InlineData("/etc/evil.txt")]
    [InlineData("C:/evil.txt")]
    public void Load_EntryEscapingTheArchive_IsRejected(string name)
    {
        var e = Fails(TestData.Zip(("manifest.toml", TestData.Manifest), ("assays.csv", Csv), (name, "x")));
        Assert.Contains("points outside the archive", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManifestPathEscapingTheArchive_IsRejected()
    {
        var manifest = TestData.Manifest.Replace("\"assays.csv\"", "\"../assays.csv\"", StringComparison.Ordinal);
        var e = Fails(TestData.Zip(("manifest.toml", manifest), ("assays.csv", Csv)));
        Assert.Contains("points outside the archive", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ZipBomb_HighRatioEntry_IsRejected()
    {
        var path = Path.Combine(TestData.TempDir(), "bomb.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var s = zip.CreateEntry("manifest.toml").Open()) s.Write("name = \"x\"\n"u8);
            using var big = zip.CreateEntry("assays.csv", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) big.Write(zeros); // 64 MiB of zeros -> ~64 KiB compressed
        }
        Assert.Contains("zip bomb", Fails(path).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TotalUncompressedLimit_IsEnforced()
    {
        var path = TestData.Zip(("manifest.toml", TestData.Manifest), ("assays.csv", Csv));
        var e = Assert.Throws<InvalidInputException>(() => ArchiveReader.Open(path, budget: 64));
        Assert.Contains("refusing to read it", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_QuotedCellsAndCrlf_AreRead()
    {
        var d = Dataset.FromPath(TestData.Zip(("manifest.toml", TestData.Manifest),
            ("assays.csv", "seq,y,foo\r\n\"AAA\",1,\"x,y\"\r\nAAC,2,z\r\n")));
        Assert.Equal("x,y", d.Assays["foo"].Format(0));
        Assert.Equal(new string?[] { "AAA", "AAC" }, d.Assays.Sequences);
    }

    [Fact]
    public void Load_LargeCompressedCsv_ReadAhead_LoadsAndReportsBadCellLine()
    {
        // > 8 MiB compressed entries are inflated on a background thread; results and errors must be unchanged.
        var rng = new Random(5);
        var sb = new System.Text.StringBuilder("seq,y,foo\n");
        const int rows = 60_000;
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < 200; i++) sb.Append("ACDEFGHIKLMNPQRSTVWY"[rng.Next(20)]);
            sb.Append(r == rows - 1 ? ",oops," : ",1.5,").Append(r).Append('\n');
        }
        var text = sb.ToString();
        var e = Fails(TestData.Zip(("manifest.toml", TestData.Manifest), ("assays.csv", text)));
        Assert.Contains($"line {rows + 1}", e.Message, StringComparison.Ordinal);
        var ok = text.Replace(",oops,", ",2.5,", StringComparison.Ordinal);
        var d = Dataset.FromPath(TestData.Zip(("manifest.toml", TestData.Manifest), ("assays.csv", ok)));
        Assert.Equal(rows, d.Assays.RowCount);
        Assert.Equal(2.5, d.Assays.Numeric("y")[rows - 1]);
        Assert.Equal(200, d.Assays.Sequences[rows - 1]!.Length);
    }

    [Fact]
    public void Load_EntryLyingAboutItsSize_IsNeverReadBeyondTheDeclaredSize()
    {
        var csv = "seq,y,foo\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"S{i},1,{i}\n"));
        var path = TestData.Zip(("manifest.toml", TestData.Manifest), ("assays.csv", csv));
        // Rewrite the declared uncompressed size of assays.csv (local and central headers) to 100 bytes.
        var bytes = File.ReadAllBytes(path);
        var name = System.Text.Encoding.ASCII.GetBytes("assays.csv");
        for (int i = 0; i + 46 < bytes.Length; i++)
        {
            uint sig = BitConverter.ToUInt32(bytes, i);
            if (sig == 0x04034b50 && bytes.AsSpan(i + 30, name.Length).SequenceEqual(name))
                BitConverter.TryWriteBytes(bytes.AsSpan(i + 22, 4), 100u);
            if (sig == 0x02014b50 && bytes.AsSpan(i + 46, name.Length).SequenceEqual(name))
                BitConverter.TryWriteBytes(bytes.AsSpan(i + 24, 4), 100u);
        }
        File.WriteAllBytes(path, bytes);
        // The zip reader stops at the declared size; the checksum then tells the lie (issue 11: not a
        // misleading CSV message about line 14), and nothing beyond the declared size is read.
        var e = Fails(path);
        Assert.Contains("does not match its header's checksum after the declared 100 bytes", e.Message, StringComparison.Ordinal);
    }
}
