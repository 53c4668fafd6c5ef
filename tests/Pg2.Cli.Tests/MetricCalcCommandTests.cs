using System.Text.Json;
using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Cli.Tests;

public sealed class MetricCalcCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-metric-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }


    private const string Predictions =
        "sequence,test,pred,DMS_score_bin\n" +
        "AAA,1.0,0.5,0\n" +
        "AAC,2.0,0.7,0\n" +
        "AAD,3.0,0.6,1\n" +
        "AAE,,0.9,1\n" +
        "AAF,4.0,1.5,1\n";

    [Fact]
    public async Task Calc_WritesCsvWithMetricValueHeader_ReadingColumnsByName()
    {
        var input = Write("p.csv", Predictions);
        var output = Path.Combine(_dir, "m.csv");
        var (code, _, err) = await Cli.RunAsync("metric", "calc", "--output-path", input, "--metric-path", output,
            "--metrics", "spearman,auc", "--binary-column", "DMS_score_bin", "--quiet");
        Assert.Equal(ExitCodes.Success, code);
        var lines = File.ReadAllLines(output);
        Assert.Equal("Metric,Value", lines[0]);
        // test = 1,2,3,4 and pred = 0.5,0.7,0.6,1.5 after dropping the row with a missing test value.
        Assert.StartsWith("spearman,", lines[1]);
        Assert.Equal(0.8, double.Parse(lines[1]["spearman,".Length..], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal("auc,0.75", lines[2]);
        Assert.Equal("rows_scored,4", lines[3]);
        Assert.Equal("rows_dropped,1", lines[4]);
        Assert.Contains("dropped 1 row", err);
    }

    [Fact]
    public async Task Calc_WritesOneJsonObject_NullForUndefined()
    {
        var input = Write("p.csv", "test,pred\n1,3\n2,3\n3,3\n");
        var output = Path.Combine(_dir, "m.json");
        var (code, _, err) = await Cli.RunAsync("metric", "calc", "--output-path", input, "--metric-path", output, "--metrics", "spearman", "--metrics", "mse", "--quiet");
        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        var root = doc.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("spearman").ValueKind);
        Assert.Equal(5.0 / 3.0, root.GetProperty("mse").GetDouble(), 15);
        Assert.Equal(3, root.GetProperty("rows_scored").GetInt32());
        Assert.Contains("constant", root.GetProperty("warnings").GetProperty("spearman").GetString());
        Assert.Contains("warning: spearman: prediction is constant", err);
    }

    [Fact]
    public async Task Calc_MissingFile_ExitsFileNotFound()
    {
        var (code, _, err) = await Cli.RunAsync("metric", "calc", "--output-path", Path.Combine(_dir, "nope.csv"), "--metric-path", Path.Combine(_dir, "m.csv"));
        Assert.Equal(ExitCodes.FileNotFound, code);
        Assert.Contains("nope.csv", err);
        Assert.False(File.Exists(Path.Combine(_dir, "m.csv")));
    }

    [Fact]
    public async Task Calc_MissingColumn_NamesTheColumnsFound()
    {
        var input = Write("p.csv", "sequence,actual,prediction\nA,1,2\nB,2,3\n");
        var (code, _, err) = await Cli.RunAsync("metric", "calc", "--output-path", input, "--metric-path", Path.Combine(_dir, "m.csv"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("no column 'test'", err);
        Assert.Contains("sequence, actual, prediction", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public async Task Calc_NonNumericCell_NamesTheLine()
    {
        var input = Write("p.csv", "test,pred\n1,2\n2,abc\n3,4\n");
        var (code, _, err) = await Cli.RunAsync("metric", "calc", "--output-path", input, "--metric-path", Path.Combine(_dir, "m.csv"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("line 3, column 'pred': 'abc' is not a finite number", err);
    }

    [Fact]
    public async Task Calc_FewerThanTwoValidRows_Fails()
    {
        var input = Write("p.csv", "test,pred\n1,2\nNA,3\n");
        var output = Path.Combine(_dir, "m.csv");
        var (code, _, err) = await Cli.RunAsync("metric", "calc", "--output-path", input, "--metric-path", output);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("1 row(s)", err);
        Assert.Contains("1 dropped", err);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Calc_SingleClassForAuc_GivesNaNAndWarning()
    {
        var input = Write("p.csv", "test,pred\n1,0.1\n2,0.5\n3,0.2\n");
        var output = Path.Combine(_dir, "m.csv");
        var (code, _, err) = await Cli.RunAsync("metric", "calc", "--output-path", input, "--metric-path", output, "--metrics", "auc", "--cutoff", "0", "--quiet");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("auc,NaN", File.ReadAllLines(output));
        Assert.Contains("warning: auc: only one class", err);
    }

    [Fact]
    public async Task Calc_UnknownMetric_ListsKnownMetrics()
    {
        var input = Write("p.csv", "test,pred\n1,2\n2,3\n");
        var (code, _, err) = await Cli.RunAsync("metric", "calc", "--output-path", input, "--metric-path", Path.Combine(_dir, "m.csv"), "--metrics", "spearmann");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("unknown metric 'spearmann'", err);
        Assert.Contains("spearman, pearson", err);
    }

    [Fact]
    public async Task Calc_DefaultSelection_PrintsTableAndBootstrapIsSeeded()
    {
        var rows = string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i},{(i * 7) % 13}"));
        var input = Write("p.csv", "test,pred\n" + rows + "\n");
        var a = Path.Combine(_dir, "a.json");
        var b = Path.Combine(_dir, "b.json");
        var (code, stdout, _) = await Cli.RunAsync("metric", "calc", "--output-path", input, "--metric-path", a, "--bootstrap", "50", "--seed", "3");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("top_recall", stdout);
        await Cli.RunAsync("metric", "calc", "--output-path", input, "--metric-path", b, "--bootstrap", "50", "--seed", "3", "--quiet");
        Assert.Equal(File.ReadAllText(a), File.ReadAllText(b));
        using var doc = JsonDocument.Parse(File.ReadAllText(a));
        Assert.True(doc.RootElement.GetProperty("spearman_se").GetDouble() > 0);
    }

    [Fact]
    public async Task Calc_FoldColumn_ReportsPerFoldMeanAndPooledWithTheirRules()
    {
        var lines = new List<string> { "test,pred,fold" };
        var rng = new Random(4);
        for (int f = 0; f < 3; f++)
            for (int i = 0; i < 20; i++)
            {
                double t = 10 * f + rng.NextDouble();
                lines.Add(FormattableString.Invariant($"{t},{t + rng.NextDouble()},{f}"));
            }
        var input = Write("cv.csv", string.Join("\n", lines) + "\n");
        var json = Path.Combine(_dir, "m.json");
        var csv = Path.Combine(_dir, "m.csv");
        var (code, _, _) = await Cli.RunAsync("metric", "calc", "--output-path", input, "--metric-path", json, "--fold-column", "fold", "--metrics", "spearman,mse", "--quiet");
        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Equal(3, root.GetProperty("per_fold").EnumerateObject().Count());
        Assert.Equal("per_fold_mean", root.GetProperty("per_fold_mean").GetProperty("rule").GetString());
        Assert.Equal("pooled_standardised", root.GetProperty("pooled_standardised").GetProperty("rule").GetString());
        Assert.True(root.GetProperty("per_fold_mean").TryGetProperty("spearman_std", out _));
        Assert.Equal(60, root.GetProperty("rows_scored").GetInt32());
        Assert.Equal(ExitCodes.Success, (await Cli.RunAsync("metric", "calc", "--output-path", input, "--metric-path", csv, "--fold-column", "fold", "--metrics", "spearman", "--quiet")).Code);
        var csvLines = File.ReadAllLines(csv);
        Assert.Contains(csvLines, l => l.StartsWith("fold_2.spearman,", StringComparison.Ordinal));
        Assert.Contains(csvLines, l => l.StartsWith("per_fold_mean.spearman_std,", StringComparison.Ordinal));
        Assert.Contains(csvLines, l => l.StartsWith("pooled_standardised.spearman,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calc_NonIntegerFold_NamesTheLine()
    {
        var input = Write("cv.csv", "test,pred,fold\n1,2,0\n2,3,x\n");
        var (code, _, err) = await Cli.RunAsync("metric", "calc", "--output-path", input, "--metric-path", Path.Combine(_dir, "m.csv"), "--fold-column", "fold");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("line 3, column 'fold'", err);
    }
}
