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
    public void Read_InfiniteValue_IsRejected()
    {
        var path = Write("test,pred\n1,2\n2,inf\n3,4\n");
        var e = Assert.Throws<MetricInputException>(() => PredictionTable.Read(path));
        Assert.Contains("line 3, column 'pred'", e.Message);
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
