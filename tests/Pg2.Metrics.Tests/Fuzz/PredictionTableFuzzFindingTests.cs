namespace Pg2.Metrics.Tests.Fuzz;

/// <summary>The smallest inputs of the failures the predictions fuzz property found, kept as regressions.</summary>
public sealed class PredictionTableFuzzFindingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-fuzz-metrics-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private MetricInputException Fails(string csv, string? labelColumn = null)
    {
        var path = Path.Combine(_dir, "predictions.csv");
        File.WriteAllText(path, csv);
        return Assert.Throws<MetricInputException>(() => PredictionTable.Read(path, labelColumn: labelColumn));
    }

    [Fact]
    public void MissingColumn_HeaderWithAQuotedLineBreak_IsListedOnOneLine()
    {
        var e = Fails("sequence,test,pred,\"\nA,1,2,3\nB,2,3,4\n", labelColumn: "DMS_score_bin");
        Assert.Contains("no column 'DMS_score_bin'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void NonNumericCell_WithAQuotedLineBreak_IsShownOnOneLine()
    {
        var e = Fails("sequence,test,pred\nA,1,\"2\nx\"\nB,2,3\n");
        Assert.Contains("is not a number", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void DuplicateColumnInTheHeader_IsAnInputError()
    {
        var e = Fails("sequence,test,test,pred\nA,1,1,2\nB,2,2,3\n");
        Assert.Contains("appears more than once in the header", e.Message, StringComparison.Ordinal);
        Assert.Contains("'test'", e.Message, StringComparison.Ordinal);
    }
}
