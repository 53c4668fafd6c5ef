using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Sdk.Tests;

public sealed class PredictionWriterTests : IDisposable
{
    private readonly string _dir = TestData.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Save_WritesHeaderOptionalColumnsAndRoundTripNumbers()
    {
        var w = new PredictionWriter(withMutants: true, withFolds: true);
        w.Add("ACD", 0.1, 1.0 / 3, "A1C:C2D", (2, -0.5, 1.25));
        w.Add("ACE", double.NaN, 2, "", (2, -0.5, 1.25));
        var path = Path.Combine(_dir, PredictionWriter.FileName("neime", "pls"));
        w.Save(path);
        var lines = File.ReadAllLines(path);
        Assert.EndsWith("neime_pls.csv", path);
        Assert.Equal("sequence,test,pred,mutant,fold,train_mean,train_std", lines[0]);
        Assert.Equal("ACD,0.1,0.3333333333333333,A1C:C2D,2,-0.5,1.25", lines[1]);
        Assert.Equal("ACE,,2,,2,-0.5,1.25", lines[2]); // NaN is an empty cell
        Assert.Equal(2, w.RowCount);
    }

    [Fact]
    public void Save_QuotesFieldsWithCommasOrQuotes()
    {
        var w = new PredictionWriter(withMutants: false, withFolds: false);
        w.Add("A,\"B", 1, 2);
        var path = Path.Combine(_dir, "x.csv");
        w.Save(path);
        Assert.Equal("\"A,\"\"B\",1,2", File.ReadAllLines(path)[1]);
    }

    [Fact]
    public void Save_WritesExactBytes_Utf8WithoutBom_NewlineEndings_QuotedLineBreaks()
    {
        var w = new PredictionWriter(withMutants: true, withFolds: false);
        w.Add("ACD", -1e-300, double.PositiveInfinity, "A1C");
        w.Add("AC\r\nE", 2.5, -0.0, "x\"y");
        var path = Path.Combine(_dir, "exact.csv");
        w.Save(path);
        Assert.Equal("sequence,test,pred,mutant\nACD,-1E-300,Infinity,A1C\n\"AC\r\nE\",2.5,-0,\"x\"\"y\"\n"u8.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void Save_WithoutRows_WritesTheHeader()
    {
        var path = Path.Combine(_dir, "empty.csv");
        new PredictionWriter(withMutants: false, withFolds: true).Save(path);
        Assert.Equal("sequence,test,pred,fold,train_mean,train_std\n", File.ReadAllText(path));
    }

    [Fact]
    public void Add_FoldColumnsWithoutFold_Throws() =>
        Assert.Throws<ArgumentException>(() => new PredictionWriter(false, true).Add("A", 1, 2));

    [Fact]
    public void ModelParameters_RoundTripIncludingNonFiniteValues()
    {
        var p = new ModelParameters();
        p.Scalars["a"] = double.NaN;
        p.Scalars["b"] = 0.1 + 0.2;
        p.Arrays["w"] = [1.5, double.PositiveInfinity, -0.0, 1e-300];
        p.Texts["alphabet"] = "ACD";
        p.Metadata["model"] = "m";
        var path = Path.Combine(_dir, "m.pkl");
        p.Save(path);
        var q = ModelParameters.Load(path);
        Assert.True(double.IsNaN(q.Scalar("a")));
        Assert.Equal(0.1 + 0.2, q.Scalar("b"));
        Assert.Equal(p.Arrays["w"], q.Array("w"));
        Assert.Equal("ACD", q.Text("alphabet"));
        Assert.Equal("m", q.Metadata["model"]);
    }

    [Fact]
    public void ModelParameters_LoadRejectsOtherFiles()
    {
        var path = Path.Combine(_dir, "other.json");
        File.WriteAllText(path, """{"hello": 1}""");
        Assert.Throws<InvalidInputException>(() => ModelParameters.Load(path));
        File.WriteAllText(path, "not json");
        Assert.Throws<InvalidInputException>(() => ModelParameters.Load(path));
        Assert.Throws<InvalidInputException>(() => new ModelParameters().Scalar("missing"));
    }

    [Theory]
    [InlineData("../x", "m")]
    [InlineData("d", "../../etc/x")]
    [InlineData("/tmp/abs", "m")]
    [InlineData("a/b", "m")]
    public void PathIn_NameThatLeavesTheFolder_IsRefused(string dataset, string model)
    {
        var e = Assert.Throws<Pg2.Contracts.InvalidInputException>(() => PredictionWriter.PathIn("/out", dataset, model));
        Assert.Contains("would leave the folder", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PathIn_PlainNames_StayInTheFolder() =>
        Assert.Equal(Path.Combine(Path.GetFullPath("/out"), "neime_pls.csv"), PredictionWriter.PathIn("/out", "neime", "pls"));
}
