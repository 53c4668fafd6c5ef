using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Pg2.Contracts;
using Pg2.Datasets.Alignments;
using Pg2.Datasets.Archives;
using Pg2.Datasets.Assays;

namespace Pg2.Datasets.Tests.Fuzz;

/// <summary>The smallest inputs of the crashes the fuzz suite found, one test each, kept as regressions.</summary>
public sealed class FuzzFindingTests
{
    /// <summary>A zip with one deflated entry whose first compressed byte is 0xFF (a reserved deflate block type).</summary>
    private static string ZipWithCorruptDeflate(string name, string text)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var s = zip.CreateEntry(name, CompressionLevel.Optimal).Open())
            s.Write(Encoding.UTF8.GetBytes(text));
        var bytes = buffer.ToArray();
        int data = 30 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(28));
        bytes[data] = 0xFF;
        var path = Path.Combine(TestData.TempDir(), "corrupt.zip");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void StreamingACorruptEntry_IsAnInputErrorNamingTheEntry()
    {
        var path = ZipWithCorruptDeflate("msa.fasta", string.Concat(Enumerable.Repeat(">s\nACDEFGHIKL\n", 50)));
        using var archive = ArchiveReader.Open(path);
        using var stream = archive.OpenRead("msa.fasta");
        var e = Assert.Throws<InvalidInputException>(() => AlignmentReader.Read(stream, AlignmentFormat.Fasta, "msa.fasta"));
        Assert.Contains("'msa.fasta'", e.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonNumericCellWithQuotedNewline_IsQuotedOnOneLine()
    {
        var csv = "seq,y\nAAA,1\nCCC,\"unterminated\nDDD,2\n";
        using var s = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var e = Assert.Throws<InvalidInputException>(() => AssayCsvReader.Read(s, "t.csv", [],
            new HashSet<string>(["y"], StringComparer.Ordinal), new HashSet<string>(["seq"], StringComparer.Ordinal)));
        Assert.Contains("column 'y' must be numeric", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void MissingColumnWithAQuotedHeaderHoldingNewlines_ListsTheHeaderOnOneLine()
    {
        var csv = "\"seq\nAAA,1\nCCC,2\n";
        using var s = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var e = Assert.Throws<InvalidInputException>(() => AssayCsvReader.Read(s, "t.csv", ["seq"],
            new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(["seq"], StringComparer.Ordinal)));
        Assert.Contains("column 'seq' named in the manifest is missing", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void NonNumericCellWithACarriageReturn_FastPath_IsShownOnOneLine()
    {
        var bytes = Encoding.UTF8.GetBytes("seq,y\nAAA,1\nCCC,2\rx\n");
        using var s = new MemoryStream(bytes);
        var e = Assert.Throws<InvalidInputException>(() => AssayCsvReader.Read(s, "t.csv", [],
            new HashSet<string>(["y"], StringComparer.Ordinal), new HashSet<string>(["seq"], StringComparer.Ordinal), bytes.Length));
        Assert.Contains("column 'y' must be numeric", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', e.Message);
    }

    [Fact]
    public void Validate_SequenceWithAControlCharacter_NamesItByCodePoint()
    {
        var path = TestData.Zip(("manifest.toml", TestData.Manifest), ("assays.csv", "seq,y,foo\nA\rC,1.5,2\nAAC,2.5,3\n"));
        var problems = DatasetValidator.Validate(path);
        var problem = Assert.Single(problems, p => p.Contains("not an amino-acid letter", StringComparison.Ordinal));
        Assert.Contains("'U+000D'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Toml_UnterminatedQuotedKeyThenBackslashAtTheEnd_IsASyntaxError()
    {
        var e = Assert.Throws<InvalidInputException>(() => TomlSection.Parse("name = \"x\"\n\"\n[a]\nb = 1\n\\", "manifest.lock"));
        Assert.StartsWith("manifest.lock: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingAssaysEntry_WithAnEntryNameHoldingALineBreak_ListsTheEntriesOnOneLine()
    {
        var path = TestData.Zip(("manifest.toml", TestData.Manifest), ("assays.\ncsv", "seq,y,foo\nAAA,1.5,2\n"));
        var e = Assert.Throws<InvalidInputException>(() => Dataset.FromPath(path));
        Assert.Contains("is not in the archive", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void EntryOutsideTheArchive_WithALineBreakInItsName_IsNamedOnOneLine()
    {
        var path = TestData.Zip(("/abs/manifest.\ntoml", "x"));
        var e = Assert.Throws<InvalidInputException>(() => ArchiveReader.Open(path).Dispose());
        Assert.Contains("points outside the archive", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
