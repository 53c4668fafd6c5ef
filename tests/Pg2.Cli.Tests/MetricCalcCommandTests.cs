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
        Assert.Contains("line 3, column 'pred': 'abc' is not a number", err);
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

    [Fact]
    public async Task Calc_BootstrapBeyondItsRange_IsAUsageErrorNamingTheRange()
    {
        var input = Write("p.csv", Predictions);
        var (code, _, err) = await Cli.RunAsync("metric", "calc", "--output-path", input, "--metric-path", Path.Combine(_dir, "m.csv"), "--bootstrap", "1000000000");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--bootstrap '1000000000': expected 0 (off) or 2 to 100000 resamples", err);
    }

    [Theory]
    [InlineData("--cutoff", "abc", "expected a finite number")]
    [InlineData("--cutoff", "Infinity", "expected a finite number")]
    [InlineData("--top-k", "x", "expected an integer")]
    public async Task Calc_OptionNotANumber_IsAPlainUsageError(string option, string value, string expected)
    {
        var input = Write("p.csv", Predictions);
        var (code, _, err) = await Cli.RunAsync("metric", "calc", "--output-path", input, "--metric-path", Path.Combine(_dir, "m.csv"), option, value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains($"{option} '{value}': {expected}", err);
        Assert.DoesNotContain("System.", err);
    }

    [Fact]
    public async Task Calc_ValuesNearTheLargestDouble_WritesUndefinedMseWithAWarning()
    {
        var input = Write("p.csv", "test,pred\n1e308,-1e308\n-1e308,1e308\n1,2\n3,1\n");
        var output = Path.Combine(_dir, "m.json");
        var (code, _, err) = await Cli.RunAsync("metric", "calc", "--output-path", input, "--metric-path", output, "--quiet");
        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("mse").ValueKind);
        Assert.Contains("warning: mse: the mean squared error exceeds the largest double", err);
    }

    [Fact]
    public async Task Calc_DuplicatePredHeader_IsOneLineInvalidInput()
    {
        var input = Write("p.csv", "test,pred,pred\n1,2,3\n2,3,4\n");
        var (code, _, err) = await Cli.RunAsync("metric", "calc", "--output-path", input, "--metric-path", Path.Combine(_dir, "m.csv"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains($"{input}: column 'pred' appears more than once", err);
        Assert.Single(err.Trim().Split('\n'));
    }

    // NA and empty cells, inf and an overflowing number, ties on both sides; and a constant prediction.
    public const string HostilePredictions =
        "sequence,test,pred\nA,1,0.5\nB,2,0.5\nC,NA,0.1\nD,3,inf\nE,3,0.7\nF,4,\nG,5,1e400\nH,6,0.9\nI,6,0.9\n" +
        "J,7,1.1\nK,8,-Infinity\nL,9,1.3\nM,10,1.2\nN,nan,2\nO,11,1.4\n";
    public const string ConstantPredictions = "sequence,test,pred\nA,1,2\nB,2,2\nC,NA,2\nD,3,2\nE,3,2\n";

    [Theory]
    [InlineData(HostilePredictions)]
    [InlineData(ConstantPredictions)]
    public async Task SamePredictionsFile_GivesIdenticalNumbersThroughBenchmarkRunAndMetricCalc(string csv)
    {
        var metrics = Pg2.Metrics.MetricRegistry.DefaultSelection;
        // A real archive: the game is checked before its first job; the engine below ignores the contents.
        File.Copy(Pg2.Testing.Repository.SharedData("seed", "dummy", "dataset.zip"), Path.Combine(_dir, "d.zip"));
        Directory.CreateDirectory(Path.Combine(_dir, "m"));
        Write(Path.Combine("m", "manifest.toml"), "name = \"m\"\n");
        var gamePath = Write("g.toml", $"name = \"g\"\nkind = \"supervised\"\nmetrics = [{string.Join(", ", metrics.Select(m => $"\"{m}\""))}]\n" +
            "[[datasets]]\npath = \"d.zip\"\n[[models]]\npath = \"m\"\n");
        var results = Path.Combine(_dir, "results");
        var runner = new Pg2.Runner.Jobs.BenchmarkRunner(new FixedFileEngine(csv), new Pg2.Runner.Jobs.RunOptions { ResultsDir = results }, new SilentObserver());
        var summary = await runner.RunAsync(Pg2.Runner.Games.GameFile.Load(gamePath), CancellationToken.None);
        var record = Assert.Single(summary.Outcomes).Record;
        Assert.Equal(Pg2.Runner.Jobs.JobStatus.Succeeded, record.Status);
        var jobFile = Pg2.Metrics.MetricsFile.TryRead(Path.Combine(results, "g", "d", "m", "metrics.json"))!;

        var output = Path.Combine(_dir, "calc.json");
        var (code, _, _) = await Cli.RunAsync("metric", "calc", "--output-path", Write("p.csv", csv), "--metric-path", output, "--quiet");
        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        foreach (var m in metrics)
        {
            var calc = doc.RootElement.GetProperty(m);
            double? calcValue = calc.ValueKind == JsonValueKind.Null ? null : calc.GetDouble();
            Assert.Equal(calcValue, jobFile.Test[m]);
        }
        Assert.Equal(doc.RootElement.GetProperty("rows_scored").GetInt32(), jobFile.Rows);
        Assert.Equal(doc.RootElement.GetProperty("rows_dropped").GetInt32(), jobFile.DroppedRows);
        Assert.Contains(jobFile.Test.Values, v => v is not null);
    }

    /// <summary>An engine whose model writes one fixed predictions file.</summary>
    private sealed class FixedFileEngine(string csv) : Pg2.Contracts.IEngine
    {
        public string Name => "fixed";
        public Task<Pg2.Contracts.ModelArtifact> PrepareAsync(Pg2.Contracts.ModelSource model, TextWriter log, CancellationToken cancel) =>
            Task.FromResult(new Pg2.Contracts.ModelArtifact(model, "fixed:1", model.Name));
        public Task<Pg2.Contracts.IEngineJob> StartAsync(Pg2.Contracts.JobRequest request, CancellationToken cancel) =>
            Task.FromResult<Pg2.Contracts.IEngineJob>(new Job(request, csv));
        public void Dispose() { }

        private sealed class Job(Pg2.Contracts.JobRequest request, string csv) : Pg2.Contracts.IEngineJob
        {
            public Task<Pg2.Contracts.JobExit> WaitAsync(CancellationToken cancel)
            {
                File.WriteAllText(Path.Combine(request.OutputDir, "predictions.csv"), csv);
                return Task.FromResult(new Pg2.Contracts.JobExit(0, false));
            }
            public Task<string> LogsAsync(CancellationToken cancel) => Task.FromResult("");
            public Task StopAsync() => Task.CompletedTask;
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private sealed class SilentObserver : Pg2.Runner.Jobs.IRunObserver
    {
        public void Planned(int total, int cached) { }
        public void Message(string text) { }
        public void Started(Pg2.Runner.Jobs.BenchmarkJob job) { }
        public void Finished(Pg2.Runner.Jobs.BenchmarkJob job, Pg2.Runner.Jobs.JobRecord record, bool cached) { }
    }

    [Fact]
    public async Task Calc_OnAScoreFolder_ScoresEachAssayFileAndAggregatesThemByProteinGymsRule()
    {
        var folder = Path.Combine(_dir, "scores");
        Directory.CreateDirectory(folder);
        // Two ProteinGym assays; the score column is "model", truth DMS_score, labels DMS_score_bin.
        File.WriteAllText(Path.Combine(folder, "BLAT_ECOLX_Jacquier_2013.csv"), "mutant,DMS_score,DMS_score_bin,model\nA1C,1,0,1\nA1D,2,0,2\nA1E,3,1,3\nA1F,4,1,4\n");
        File.WriteAllText(Path.Combine(folder, "DYR_ECOLI_Thompson_2019.csv"), "mutant,DMS_score,DMS_score_bin,model\nA1C,1,0,4\nA1D,2,0,3\nA1E,3,1,2\nA1F,4,1,1\n");
        var output = Path.Combine(_dir, "m.json");
        var (code, _, err) = await Cli.RunAsync("metric", "calc", "--output-path", folder, "--metric-path", output,
            "--metrics", "spearman,auc", "--prediction-column", "model", "--quiet");
        Assert.True(code == ExitCodes.Success, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal(1.0, doc.RootElement.GetProperty("assays").GetProperty("BLAT_ECOLX_Jacquier_2013").GetProperty("spearman").GetDouble(), 12);
        // Scores fall as the fit rise: every fit variant ranks below every unfit one.
        Assert.Equal(0.0, doc.RootElement.GetProperty("assays").GetProperty("DYR_ECOLI_Thompson_2019").GetProperty("auc").GetDouble(), 12);
        // Both are OrganismalFitness assays of different proteins: the ProteinGym aggregate is their mean.
        Assert.Equal(0.0, doc.RootElement.GetProperty("summary").GetProperty("spearman").GetDouble(), 12);
        Assert.StartsWith("ProteinGym", doc.RootElement.GetProperty("aggregation").GetString());
    }

    [Fact]
    public async Task Calc_OnAScoreFolder_WithAFileLackingTheScoreColumn_FailsNamingTheFile()
    {
        var folder = Path.Combine(_dir, "scores");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "X.csv"), "mutant,DMS_score,other\nA1C,1,1\nA1D,2,2\n");
        var (code, _, err) = await Cli.RunAsync("metric", "calc", "--output-path", folder, "--metric-path", Path.Combine(_dir, "m.csv"),
            "--prediction-column", "model", "--quiet");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("X.csv: no column 'model'", err);
        Assert.Single(err.Trim().Split('\n'));
    }
}
