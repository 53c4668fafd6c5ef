using System.IO.Compression;
using System.Text;
using Pg2.Contracts;
using Pg2.Datasets.Alignments;
using Pg2.Datasets.Archives;
using Pg2.Datasets.Mutations;

namespace Pg2.Datasets.Tests;

/// <summary>Issue 11's defects at the library level: names, outputs, mutations, archives, focus mismatches.</summary>
public sealed class HostileInputTests
{
    [Theory]
    [InlineData("H24Z", "not one of the 20 amino-acid letters")]
    [InlineData("B24C", "not one of the 20 amino-acid letters")]
    [InlineData("h24c", "must be upper case")]
    [InlineData("H24c", "must be upper case")]
    public void Substitution_BadLetters_AreRefusedNamingTheRow(string text, string fragment)
    {
        var e = Assert.Throws<InvalidInputException>(() => Mutant.Parse(text, "assays line 7"));
        Assert.StartsWith("assays line 7: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A10C:A10D")]
    [InlineData("A10C:G12D:A10E")]
    public void Mutant_TwoChangesOfOneResidue_AreRefused(string text) =>
        Assert.Contains("twice", Assert.Throws<InvalidInputException>(() => Mutant.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void Mutant_LooksLike_TellsMutantsFromSequences()
    {
        Assert.True(Mutant.LooksLikeMutant("h24c:G30D"));
        Assert.False(Mutant.LooksLikeMutant("ACDEFG"));
    }

    private const string MutantManifest = """
        name = "mut"

        [assays_meta]
        file_path = "assays.csv"

        [assays_meta.assays.y]
        features = ["mutant"]

        [assays_meta.assays.y.constants]
        sequence = "ACDEFGHIKL"
        mutation_col = "mutant"
        offset = 1
        """;

    [Theory]
    [InlineData("A1Z", "amino-acid letters")]
    [InlineData("a1c", "upper case")]
    [InlineData("A1C:A1D", "twice")]
    public void Validate_And_Loading_RejectTheSameMutants(string mutant, string fragment)
    {
        var path = TestData.Zip(("manifest.toml", MutantManifest), ("assays.csv", $"sequence,mutant,y\nCCDEFGHIKL,{mutant},1\nDCDEFGHIKL,A1D,2\n"));
        var problems = DatasetValidator.Validate(path);
        Assert.Contains(problems, p => p.Contains(fragment, StringComparison.Ordinal));
        var dataset = Dataset.FromPath(path);
        var e = Assert.Throws<InvalidInputException>(() => TargetVariants.Resolve(dataset, dataset.ForTarget("y")));
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Archive_TwoEntriesOfOneName_IsRefused()
    {
        var path = TestData.Zip(("manifest.toml", TestData.Manifest), ("assays.csv", "seq,y,foo\nAAA,1,x\n"), ("assays.csv", "seq,y,foo\nCCC,2,y\n"));
        var e = Assert.Throws<InvalidInputException>(() => Dataset.FromPath(path));
        Assert.Contains("two entries named 'assays.csv'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("/tmp/x")]
    [InlineData(".x")]
    [InlineData("a b")]
    public void DatasetName_ThatIsNoSafeFileName_IsRefusedWhenRead(string name)
    {
        var path = TestData.Zip(("manifest.toml", TestData.Manifest.Replace("name = \"tiny\"", $"name = \"{name}\"", StringComparison.Ordinal)), ("assays.csv", "seq,y,foo\nAAA,1,x\n"));
        var e = Assert.Throws<InvalidInputException>(() => Dataset.FromPath(path));
        Assert.Contains("manifest.toml: 'name'", e.Message, StringComparison.Ordinal);
        Assert.Single(DatasetValidator.Validate(path));
    }

    [Theory]
    [InlineData("", ArchiveBudget.DefaultBytes)]
    [InlineData("1024", 1024L)]
    [InlineData("64k", 64L << 10)]
    [InlineData("8G", 8L << 30)]
    public void ArchiveBudget_ParsesSizes(string text, long bytes) => Assert.Equal(bytes, ArchiveBudget.Parse(text));

    [Theory]
    [InlineData("lots")]
    [InlineData("-1")]
    [InlineData("0")]
    public void ArchiveBudget_BadSizes_NameTheVariable(string text) =>
        Assert.Contains(ArchiveBudget.Variable, Assert.Throws<InvalidInputException>(() => ArchiveBudget.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void ArchiveBudget_IsPassedOnToContainerJobs() =>
        Assert.Contains(ArchiveBudget.Variable, SageMakerTrainingJobPath.ForwardedVariables);

    [Fact]
    public void Archive_OverTheBudget_FailsNamingTheLimit()
    {
        var path = TestData.Zip(("manifest.toml", TestData.Manifest), ("assays.csv", "seq,y,foo\nAAA,1,x\n"));
        var e = Assert.Throws<InvalidInputException>(() => ArchiveReader.Open(path, budget: 100));
        Assert.Contains("memory budget of 100 bytes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3.0, "header declares")]
    [InlineData(0.5, "does not match its header's checksum")]
    public void Archive_EntryWhoseHeaderLies_FailsSayingSo(double factor, string fragment)
    {
        var csv = "seq,y,foo\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"AAA,{i},x\n"));
        var path = TestData.Zip(("manifest.toml", TestData.Manifest), ("assays.csv", csv));
        var bytes = File.ReadAllBytes(path);
        uint real = (uint)Encoding.UTF8.GetByteCount(csv);
        for (int i = 0; i + 46 < bytes.Length; i++)
        {
            uint sig = BitConverter.ToUInt32(bytes, i);
            int at = sig == 0x04034b50 ? i + 22 : sig == 0x02014b50 ? i + 24 : -1;
            if (at >= 0 && BitConverter.ToUInt32(bytes, at) == real) BitConverter.GetBytes((uint)(real * factor)).CopyTo(bytes, at);
        }
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidInputException>(() => Dataset.FromPath(path));
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FocusMatch_AFewMismatches_AreReturned_ManyAreRefused()
    {
        var reference = new string('A', 100);
        var two = "C" + new string('A', 50) + "D" + new string('A', 48);
        Assert.Equal(2, FocusMatch.Check(two, 1, reference, 1, "msa").Count);
        var six = string.Concat(Enumerable.Range(0, 100).Select(i => i % 16 == 0 ? 'C' : 'A'));
        var e = Assert.Throws<InvalidInputException>(() => FocusMatch.Check(six, 1, reference, 1, "msa"));
        Assert.Contains("at most 5 accepted", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(int.MaxValue, 100)]
    [InlineData(0, 100)]
    [InlineData(10, 0)]
    [InlineData(10_000_000, 100_000)]
    public void ChargeLadder_SizesOutOfRange_AreUsageErrors(int rows, int length) =>
        Assert.Equal(ExitCodes.Usage, Assert.Throws<InvalidInputException>(() => ChargeLadder.Generate(rows, length)).ExitCode);
}

/// <summary>The one writer: refuses what must not be replaced, cleans up, says what went wrong in one line.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = TestData.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Folder_IsRefused() =>
        Assert.Contains("is a folder", Assert.Throws<InvalidInputException>(() => AtomicFile.WriteAllText(_dir, "x")).Message, StringComparison.Ordinal);

    [Fact]
    public void SymbolicLink_IsRefusedAndItsTargetKept()
    {
        var target = Path.Combine(_dir, "target.txt");
        File.WriteAllText(target, "precious");
        var link = Path.Combine(_dir, "link.txt");
        File.CreateSymbolicLink(link, target);
        Assert.Contains("symbolic link", Assert.Throws<InvalidInputException>(() => AtomicFile.WriteAllText(link, "x")).Message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(target));
        Assert.NotNull(new FileInfo(link).LinkTarget);
    }

    [Fact]
    public void Device_IsRefused()
    {
        if (OperatingSystem.IsWindows()) return; // no /dev/null there; the fifo/device check is Unix-only
        Assert.Equal(FileKind.Special, FileKinds.Of("/dev/null"));
        Assert.Contains("not a regular file", Assert.Throws<InvalidInputException>(() => AtomicFile.WriteAllText("/dev/null", "x")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PathUnderAFile_IsAnInputError()
    {
        var file = Path.Combine(_dir, "plain.txt");
        File.WriteAllText(file, "x");
        var e = Assert.Throws<InvalidInputException>(() => AtomicFile.WriteAllText(Path.Combine(file, "a", "out.txt"), "x"));
        Assert.Contains($"{file} is a file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailingWriter_LeavesNoTemporaryFileAndKeepsTheOldContent()
    {
        var path = Path.Combine(_dir, "out.txt");
        File.WriteAllText(path, "old");
        Assert.Throws<InvalidInputException>(() => AtomicFile.Write(path, _ => throw new InvalidInputException("boom")));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void MissingFolders_AreCreated()
    {
        var path = Path.Combine(_dir, "a", "b", "out.txt");
        AtomicFile.WriteAllText(path, "new");
        Assert.Equal("new", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("../x.csv")]
    [InlineData("a/x.csv")]
    [InlineData("..")]
    [InlineData("")]
    public void OutputFolderInside_RefusesNamesThatLeave(string name) =>
        Assert.Contains("would leave the folder", Assert.Throws<InvalidInputException>(() => OutputFolder.Inside(_dir, name, "predictions")).Message, StringComparison.Ordinal);

    [Fact]
    public void OutputFolderEnsure_UnderAFile_IsAnInputError()
    {
        var file = Path.Combine(_dir, "plain.txt");
        File.WriteAllText(file, "x");
        Assert.Contains("is a file", Assert.Throws<InvalidInputException>(() => OutputFolder.Ensure(Path.Combine(file, "results"), "--results")).Message, StringComparison.Ordinal);
    }
}
