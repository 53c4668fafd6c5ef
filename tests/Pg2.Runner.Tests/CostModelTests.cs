using Pg2.Contracts;
using Pg2.Datasets.ProteinGym;
using Pg2.Runner.Costs;
using Pg2.Runner.Jobs;
using Pg2.Testing;

namespace Pg2.Runner.Tests;

public sealed class CostModelTests : IDisposable
{
    private readonly TempFolder _temp = new("cost-model");

    public void Dispose() => _temp.Dispose();

    private static readonly CostFeatures[] Sizes =
    [
        new(1_000, 60, 60, 2_000), new(5_000, 159, 159, 3_600), new(20_000, 286, 250, 4_200),
        new(900, 138, 110, 5_500), new(60_000, 300, 300, 50_000), new(2_000, 500, 400, 800),
    ];

    [Fact]
    public void LeastSquares_ExactData_RecoversTheKnownCoefficients()
    {
        // time = 2 + 3e-9·N·A² + 5e-12·N²·A, the last term fixed: the fit must find 2 and 3e-9 after subtracting it.
        var fixedPart = new CostFormula(new Dictionary<string, double>(), new Dictionary<string, double> { ["depth2_alignment_length"] = 5e-12 });
        var samples = Sizes.Select(f => (f, 2 + 3e-9 * f.Depth * f.AlignmentLength * f.AlignmentLength + 5e-12 * f.Depth * f.Depth * f.AlignmentLength)).ToList();
        var fit = CostFit.LeastSquares(["1", "depth_alignment_length2"], fixedPart, samples, "test");
        Assert.Equal(2, fit["1"], 1e-6);
        Assert.Equal(3e-9, fit["depth_alignment_length2"], 1e-15);
    }

    [Fact]
    public void LeastSquares_NoisyData_StaysNearTheCoefficients()
    {
        var rng = new Random(3);
        var samples = Enumerable.Range(0, 60).Select(i => Sizes[i % Sizes.Length])
            .Select(f => (f, (0.5 + 2e-6 * f.Rows * f.Length) * (1 + 0.02 * (rng.NextDouble() - 0.5)))).ToList();
        var fit = CostFit.LeastSquares(["1", "rows_length"], CostFormula.Empty, samples, "test");
        Assert.InRange(fit["rows_length"], 1.97e-6, 2.03e-6);
    }

    [Fact]
    public void LeastSquares_FewerRunsThanTerms_IsOneLineNamingTheFormula()
    {
        var e = Assert.Throws<InvalidInputException>(() =>
            CostFit.LeastSquares(["1", "rows", "rows_length"], CostFormula.Empty, [(Sizes[0], 1.0), (Sizes[1], 2.0)], "models.pls.time"));
        Assert.Equal("models.pls.time: 2 measured run(s) for 3 fitted term(s); need at least 3", e.Message);
    }

    [Fact]
    public void Refit_RunsOfAKnownFormula_GivesItsCoefficientsAndTheTableRoundTrips()
    {
        var runs = Sizes.Select(f => new CostRun("d", f, 1.5 + 4e-7 * f.Rows * f.Length, 100_000_000 + 8L * f.Rows * f.Length, 3)).ToList();
        var start = new CostFormula(new Dictionary<string, double> { ["1"] = 0, ["rows_length"] = 0 }, new Dictionary<string, double>());
        var table = new CostTable("test", new Dictionary<string, ModelCost> { ["pls"] = new(start, start, runs, "note", Supervised: true) },
            new Dictionary<string, EngineCost> { ["docker"] = new(0, [1.0, 2.0, 3.0]) });
        var refit = CostTable.Parse(table.Refit().ToJson(), "round trip");
        var pls = refit.Models["pls"];
        Assert.Equal(1.5, pls.Time.Fitted["1"], 1e-4);
        Assert.Equal(4e-7, pls.Time.Fitted["rows_length"], 1e-12);
        Assert.Equal(8, pls.Memory.Fitted["rows_length"], 1e-4);
        Assert.True(pls.Supervised);
        Assert.Equal(6, pls.Runs.Count);
        Assert.Equal(2.0, refit.Engines["docker"].JobSeconds, 1e-9);
    }

    [Fact]
    public void ShippedTable_EveryFittedCoefficientIsTheLeastSquaresFitOfItsRuns()
    {
        var shipped = CostTable.Shipped;
        var refit = shipped.Refit();
        Assert.NotEmpty(shipped.Models);
        foreach (var (family, cost) in shipped.Models)
        {
            Assert.True(cost.Runs.Count >= cost.Time.Fitted.Count, $"{family}: {cost.Runs.Count} runs for {cost.Time.Fitted.Count} terms");
            foreach (var (term, value) in cost.Time.Fitted)
                Assert.True(Math.Abs(refit.Models[family].Time.Fitted[term] - value) <= 1e-5 * Math.Abs(value) + 1e-12, $"{family}.time.{term}: shipped {value}, refit {refit.Models[family].Time.Fitted[term]}");
        }
    }

    [Theory]
    [InlineData("[1]", "t: expected a JSON object")]
    [InlineData("{", "t: not valid JSON")]
    [InlineData("{}", "t: models: missing")]
    [InlineData("""{"models": {"pls": {"time": {"fitted": {"rows_cubed": 1}}}}}""", "t: models.pls.time.fitted: unknown term 'rows_cubed'")]
    [InlineData("""{"models": {"pls": {"time": {"fitted": {"rows": "fast"}}}}}""", "t: models.pls.time.fitted.rows: expected a finite number, got \"fast\"")]
    [InlineData("""{"models": {"pls": {"time": {"slope": {}}}}}""", "t: models.pls.time.slope: unknown key (expected fitted, fixed)")]
    [InlineData("""{"models": {"pls": {"runs": [{"rows": -1, "length": 1, "alignment_length": 0, "depth": 0, "seconds": 1}]}}}""", "t: models.pls.runs[0].rows: expected 0 or more, got -1")]
    [InlineData("""{"models": {"pls": {"runs": [{"rows": 1.5, "length": 1, "alignment_length": 0, "depth": 0, "seconds": 1}]}}}""", "t: models.pls.runs[0].rows: expected a whole number, got 1.5")]
    [InlineData("""{"models": {"pls": {"runs": [{"rows": 1, "length": 1, "alignment_length": 0, "depth": 0}]}}}""", "t: models.pls.runs[0].seconds: expected a finite number, got nothing")]
    [InlineData("""{"models": {}, "engines": {"docker": 2}}""", "t: engines.docker: expected an object")]
    [InlineData("""{"models": {"pls": {"supervised": "yes"}}}""", "t: models.pls.supervised: expected true or false")]
    public void Parse_HostileTable_IsOneLineNamingTheField(string json, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => CostTable.Parse(json, "t"));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Load_MissingTable_IsFileNotFound()
    {
        var e = Assert.Throws<InvalidInputException>(() => CostTable.Load(_temp["none.json"]));
        Assert.Equal(ExitCodes.FileNotFound, e.ExitCode);
    }

    [Fact]
    public void Estimate_SumsTimeAddsEngineOverheadTakesTheLargestPeakAndSaysWhatIsUnknown()
    {
        var time = new CostFormula(new Dictionary<string, double> { ["1"] = 10, ["rows"] = 0.001 }, new Dictionary<string, double>());
        var memory = new CostFormula(new Dictionary<string, double> { ["rows"] = 1000 }, new Dictionary<string, double>());
        var table = new CostTable("m", new Dictionary<string, ModelCost> { ["pls"] = new(time, memory, [], null) },
            new Dictionary<string, EngineCost> { ["docker"] = new(2, []) });
        EstimatedJob[] jobs = [new("a", "pls", Sizes[0]), new("a", "pls", Sizes[1]), new("b", "mystery", Sizes[0])];
        var estimate = RunEstimate.Of(jobs, "docker", 2, table);
        var a = estimate.Models.Single(m => m.Model == "a");
        Assert.Equal(2 * 12 + 0.001 * (1_000 + 5_000), a.Seconds!.Value, 1e-9);
        Assert.Equal(5_000_000, a.PeakBytes);
        Assert.Equal(12 + 5.0, a.LongestJobSeconds!.Value, 1e-9);
        Assert.Null(estimate.Seconds); // model b has no formula, so the total is unknown, not understated
        var lines = estimate.Lines();
        Assert.StartsWith("3 jobs on docker (--jobs 2); estimated time unknown", lines[0], StringComparison.Ordinal);
        Assert.Contains("  b: 1 jobs, no estimate (the cost table has no measured runs of 'mystery')", lines);
        Assert.Equal(3, (int)estimate.ToJson()["jobs"]!);
    }

    [Fact]
    public void Features_ImportedArchive_ComeFromTheReferenceRowAndEqualTheReferenceFile()
    {
        var d = ProteinGymDownload.Build(_temp["download"], zipped: false);
        BenchmarkImport.Run(new BenchmarkImportOptions(d.Reference, d.Assays, [d.SinglesFolds], d.Msas, null, _temp["out"], [ProteinGymDownload.Dyr], 1));
        var archive = CostFeatures.Of(Path.Combine(_temp["out"], ProteinGymDownload.Dyr + ".zip"));
        var row = CostFeatures.Of(ProteinGymReference.Read(d.Reference).Assays.Single(a => a.DmsId == ProteinGymDownload.Dyr));
        Assert.Equal(row, archive);
    }

    [Fact]
    public void Features_SeedArchiveWithAlignment_AreReadFromTheArchive()
    {
        var f = CostFeatures.Of(Repository.File("benchmarks", "data", "ENVZ_ECOLI_Ghose_2023.zip"));
        Assert.True(f.Rows > 1000 && f.Depth > 1000 && f.AlignmentLength > 0 && f.Length >= f.AlignmentLength, f.ToString());
    }

    [Fact]
    public void FromResults_SucceededRecordsWithSizes_BecomeRunsLessTheEngineOverhead()
    {
        var features = new CostFeatures(10, 20, 0, 0);
        void Record(string dir, JobStatus status) { Directory.CreateDirectory(_temp[dir]); new JobRecord { Status = status, Engine = "docker", DurationSeconds = 5, CostFamily = "pls", Cost = features, Dataset = "d" }.Write(_temp[dir]); }
        Record("r/g/d/pls/modulo/fold0", JobStatus.Succeeded);
        Record("r/g/d/pls/modulo/fold1", JobStatus.Failed);
        Record("r/.model-cache/pls", JobStatus.Succeeded);
        var table = new CostTable("", new Dictionary<string, ModelCost>(), new Dictionary<string, EngineCost> { ["docker"] = new(1.5, []) });
        var runs = CostRuns.FromResults(_temp["r"], table);
        var run = Assert.Single(runs["pls"]);
        Assert.Equal(3.5, run.Seconds, 1e-9);
        Assert.Equal(features, run.Features);
    }
}
