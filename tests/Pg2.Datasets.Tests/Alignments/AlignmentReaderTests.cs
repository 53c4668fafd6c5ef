using Pg2.Datasets.Alignments;
using Pg2.Contracts;

namespace Pg2.Datasets.Tests.Alignments;

public class AlignmentReaderTests
{
    [Fact]
    public void Read_Dhfr_HasFocusRegionAndGapColumns()
    {
        var ali = AlignmentReader.Read(AlignmentTestData.Dhfr);
        Assert.Equal(3629, ali.Depth);
        Assert.Equal(171, ali.Width);
        Assert.Equal("DYR_ECOLI/1-159", ali.FocusId);
        Assert.Equal(1, ali.RegionStart);
        Assert.Equal(159, ali.FocusSequence.Length);
        Assert.StartsWith("MISLIAALAVDRVIGMENAMPWNLPADLAW", ali.FocusSequence);
        Assert.EndsWith("SYCFEILERR", ali.FocusSequence);
        Assert.Equal("UniRef100_UPI0002897BAD/1-160", ali.Ids[1]);
        // Columns 51-53 are focus gaps: residue numbers skip them instead of counting columns.
        Assert.Equal(51, ali.ResidueNumberOfColumn(50));
        Assert.Equal(-1, ali.ResidueNumberOfColumn(51));
        Assert.Equal(-1, ali.ResidueNumberOfColumn(53));
        Assert.Equal(52, ali.ResidueNumberOfColumn(54));
        Assert.Equal(159, ali.ResidueNumberOfColumn(ali.Width - 1));
    }

    [Fact]
    public void Read_A3m_RemovesInsertionsSoRowsHaveFocusWidth()
    {
        var ali = AlignmentReader.Read(AlignmentTestData.Blat);
        Assert.Equal(4501, ali.Depth);
        Assert.Equal(286, ali.Width);
        Assert.Equal("101", ali.FocusId);
        Assert.Equal(1, ali.RegionStart);
        Assert.All(ali.Rows, r => Assert.DoesNotContain(r, c => char.IsAsciiLetterLower(c) || c == '.'));
        Assert.Equal("UPI0004437F73", ali.Ids[1]);
    }

    [Fact]
    public void Read_A2m_KeepsLowerCaseInsertColumns()
    {
        var ali = AlignmentTestData.FromText(">Q/11-16\nAcD-eF\n>S1 description\nA.CD-f\n>S2\n--\nCDEF\n");
        Assert.Equal(3, ali.Depth);
        Assert.Equal("AcD-eF", ali.FocusRow);
        Assert.Equal("A.CD-f", ali.Rows[1]);
        Assert.Equal("--CDEF", ali.Rows[2]);
        Assert.Equal("S1", ali.Ids[1]);
        Assert.Equal(11, ali.RegionStart);
        Assert.Equal("ACDEF", ali.FocusSequence);
        Assert.Equal(new[] { 11, 12, 13, -1, 14, 15 }, Enumerable.Range(0, 6).Select(ali.ResidueNumberOfColumn));
    }

    [Fact]
    public void Read_A3mText_DropsLowerCaseAndDots()
    {
        var ali = AlignmentTestData.FromText("#A3M comment\n>Q\nACDE\n>S\nAxyC.D-\n", AlignmentFormat.A3m);
        Assert.Equal("ACD-", ali.Rows[1]);
        Assert.Equal(1, ali.RegionStart);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void Read_EmptyFile_Throws(string text)
    {
        var ex = Assert.Throws<InvalidInputException>(() => AlignmentTestData.FromText(text));
        Assert.Contains("no sequences", ex.Message);
    }

    [Fact]
    public void Read_RaggedRow_NamesRecord()
    {
        var ex = Assert.Throws<InvalidInputException>(() =>
            AlignmentTestData.FromText(">Q/1-4\nACDE\n>S1\nACDE\n>BAD_ONE/3-5\nACD\n"));
        Assert.Contains("record 3", ex.Message);
        Assert.Contains("BAD_ONE/3-5", ex.Message);
        Assert.Contains("test.a2m", ex.Message);
    }

    [Fact]
    public void Read_SequenceBeforeHeader_Throws()
    {
        var ex = Assert.Throws<InvalidInputException>(() => AlignmentTestData.FromText("ACDE\n>Q\nACDE\n"));
        Assert.Contains("line 1", ex.Message);
    }

    [Fact]
    public void Read_MissingFile_IsFileNotFound()
    {
        var ex = Assert.Throws<InvalidInputException>(() => AlignmentReader.Read("/nonexistent/x.a2m"));
        Assert.Equal(ExitCodes.FileNotFound, ex.ExitCode);
    }

    [Theory]
    [InlineData("x.a2m", AlignmentFormat.A2m)]
    [InlineData("dir/X.A3M", AlignmentFormat.A3m)]
    [InlineData("msa.fasta", AlignmentFormat.Fasta)]
    [InlineData("msa.afa", AlignmentFormat.Fasta)]
    public void FormatOf_ByExtension(string name, AlignmentFormat expected) =>
        Assert.Equal(expected, AlignmentReader.FormatOf(name));

    [Fact]
    public void FormatOf_UnknownExtension_Throws() =>
        Assert.Throws<InvalidInputException>(() => AlignmentReader.FormatOf("msa.sto"));

    [Theory]
    [InlineData("P/5-9", 5)]
    [InlineData("P", 1)]
    [InlineData("P/abc", 1)]
    [InlineData("sp|X|Y/120-300", 120)]
    public void RegionStart_FromId(string id, int start) =>
        Assert.Equal(start, new Alignment([id], ["AC"]).RegionStart);
}
