namespace Pg2.Metrics.Tests;

public sealed class PredictionTableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-predtable-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "p.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Read_SelectsColumnsByNameAndDropsPandasMissingMarkers()
    {
        var path = Write("pred,id,test,bin,fold\n0.5,\"a,b\",1,true,0\n0.7,c,NA,false,1\n,d,3,1,2.0\n0.9,e,4,0,2.0\n0.1,f,nan,1,1\n");
        var t = PredictionTable.Read(path, labelColumn: "bin", foldColumn: "fold");
        Assert.Equal([1.0, 4.0], t.Truth);
        Assert.Equal([0.5, 0.9], t.Score);
        Assert.Equal([1.0, 0.0], t.Labels!);
        Assert.Equal([0, 2], t.Folds!);
        Assert.Equal(3, t.DroppedRows);
    }

    [Fact]
    public void Read_BadLabel_NamesLineAndColumn()
    {
        var path = Write("test,pred,bin\n1,2,1\n2,3,yes\n");
        var e = Assert.Throws<MetricInputException>(() => PredictionTable.Read(path, labelColumn: "bin"));
        Assert.Contains("line 3, column 'bin'", e.Message);
    }

    [Fact]
    public void Read_InfiniteOrOverflowingValue_DropsTheRowLikeAMissingOne()
    {
        var path = Write("test,pred\n1,2\n2,inf\n3,-Infinity\n4,1e400\n-inf,5\n6,7\n");
        var t = PredictionTable.Read(path);
        Assert.Equal([1.0, 6.0], t.Truth);
        Assert.Equal([2.0, 7.0], t.Score);
        Assert.Equal(4, t.DroppedRows);
    }

    [Theory]
    [InlineData("test,pred,pred\n1,2,3\n2,3,4\n", "pred", "columns 2 and 3")]
    [InlineData("test,sequence,test,pred\n1,A,2,3\n2,B,3,4\n", "test", "columns 1 and 3")]
    public void Read_DuplicateSelectedHeader_IsOneLineErrorNamingFileAndColumn(string csv, string column, string where)
    {
        var path = Write(csv);
        var e = Assert.Throws<MetricInputException>(() => PredictionTable.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains($"column '{column}' appears more than once", e.Message);
        Assert.Contains(where, e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Read_DuplicateUnusedHeader_IsAccepted()
    {
        var path = Write("x,test,x,pred\na,1,b,2\nc,2,d,4\n");
        Assert.Equal([2.0, 4.0], PredictionTable.Read(path).Score);
    }

    [Fact]
    public void Scores_FewerThanTwoRows_AreUndefinedWithWarning()
    {
        var path = Write("test,pred\n1,2\nNA,3\n");
        var t = PredictionTable.Read(path, minRows: 0);
        var r = Assert.Single(t.Scores([new Spearman()]));
        Assert.True(double.IsNaN(r.Value));
        Assert.Contains("only 1 scored row", r.Warning);
    }

    [Fact]
    public void Read_EmptyFile_SaysNoColumns()
    {
        var path = Write("");
        var e = Assert.Throws<MetricInputException>(() => PredictionTable.Read(path));
        Assert.Contains("no column 'test'", e.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => PredictionTable.Read(Path.Combine(_dir, "none.csv")));
    }
}
