using System.Text.Json.Nodes;
using Pg2.Contracts;
using Pg2.Datasets;
using Pg2.Runner.Games;
using Pg2.Runner.Jobs;

namespace Pg2.Runner.Tests;

/// <summary>
/// Today's container contract (E3/E4) in the runner: a model labelled or declared <c>e4</c> is given a splits archive
/// of pg2's folds with <c>--split --test-fold --target</c>, and its <c>&lt;dataset&gt;_predictions.pgdata</c> is scored
/// through the same predictions CSV and metrics as a seed-contract model; a bad archive fails its job with one line.
/// </summary>
public sealed class E4ContractTests
{
    /// <summary>A workspace whose d1 holds 30 single substitutions over 10 positions, so fold schemes can be assigned for real.</summary>
    static Workspace WithDataset(bool mutants = false)
    {
        var ws = new Workspace();
        Substitutions(Path.Combine(ws.Root, "data", "d1.zip"), 30, mutants);
        return ws;
    }

    /// <summary>A seed archive of <paramref name="rows"/> single substitutions of <c>ACDEFGHIKL</c> (target <c>y</c> = the row number), with a mutant column if asked.</summary>
    static string Substitutions(string path, int rows, bool mutants = false)
    {
        const string reference = "ACDEFGHIKL";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var zip = new System.IO.Compression.ZipArchive(File.Create(path), System.IO.Compression.ZipArchiveMode.Create);
        using (var w = new StreamWriter(zip.CreateEntry("manifest.toml").Open()))
            w.Write($"""
                name = "ws"
                [assays_meta]
                file_path = "assays.csv"
                sequence_feature = "sequence"
                split_strategy = "RandomSplitStrategy"
                columns = ["sequence", "y"]
                [assays_meta.assays.y]
                features = {(mutants ? "[\"mutant\"]" : "[]")}
                [assays_meta.assays.y.constants]
                sequence = "{reference}"
                offset = 1
                {(mutants ? "mutation_col = \"mutant\"" : "")}
                """);
        using (var w = new StreamWriter(zip.CreateEntry("assays.csv").Open()))
        {
            w.Write(mutants ? "sequence,mutant,y\n" : "sequence,y\n");
            for (int r = 0; r < rows; r++)
            {
                var s = reference.ToCharArray();
                s[r % 10] = "MNPQRSTVWY"[r / 10 % 10];
                var mutant = mutants ? $"{reference[r % 10]}{r % 10 + 1}{s[r % 10]}," : "";
                w.Write(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{new string(s)},{mutant}{r}\n"));
            }
        }
        return path;
    }

    static RunSummary Run(Workspace ws, string gameFile, IEngine engine) =>
        new BenchmarkRunner(engine, new RunOptions { ResultsDir = ws.Results }, new CountingObserver())
            .RunAsync(GameFile.Load(gameFile), CancellationToken.None).GetAwaiter().GetResult();

    [Fact]
    public void LabelledImage_GetsTheSplitsArchiveAndE4Arguments_AndItsArchiveIsScored()
    {
        using var ws = WithDataset();
        var engine = new ArchiveEngine();
        var summary = Run(ws, ws.Game("g", ["e4-good"], datasets: 1, splits: "\"random\", \"modulo\""), engine);

        Assert.Equal(6, summary.Executed);
        Assert.True(summary.Failed == 0, string.Join("; ", summary.Outcomes.Select(o => o.Record.Reason).Distinct()));
        var request = engine.Started.Single(r => r.Arguments.Contains("modulo") && r.Arguments.Contains("2"));
        Assert.Equal(ModelContract.E4, request.Contract);
        Assert.EndsWith("d1.splits.pgdata", request.DatasetFile, StringComparison.Ordinal);
        Assert.Equal(["--split", "modulo", "--test-fold", "2", "--target", "y"], request.Arguments);
        // The archive's slices are the folds a seed-contract model computes for itself.
        var given = Dataset.FromPath(request.DatasetFile);
        var original = Dataset.FromPath(Path.Combine(ws.Root, "data", "d1.zip"));
        var view = original.ForTarget("y");
        var expected = Pg2.Datasets.Splits.FoldAssignment.For(original, view, Pg2.Datasets.Splits.FoldScheme.Modulo, 3);
        Assert.Equal(expected.FoldOfRow, Pg2.Datasets.Splits.FoldAssignment.FromSlices(given, given.ForTarget("y"), "modulo").FoldOfRow);
        // Perfect predictions: Spearman 1 on every fold, from the predictions CSV the runner wrote.
        var dir = Path.Combine(ws.Results, "g", "d1", "e4-good", "modulo", "fold2");
        Assert.StartsWith("sequence,test,pred,fold", File.ReadLines(Path.Combine(dir, ResultFiles.Predictions)).First(), StringComparison.Ordinal);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, ResultFiles.Metrics)))!;
        Assert.Equal(1.0, metrics["test"]!["spearman"]!.GetValue<double>(), 12);
    }

    [Fact]
    public void E4PredictionsCsv_HasTheMutantColumn_AsASeedJobsDoes_WhenTheDatasetHasMutants()
    {
        using var ws = WithDataset(mutants: true);
        var summary = Run(ws, ws.Game("g", ["e4-good"], datasets: 1, splits: "\"random\""), new ArchiveEngine());
        Assert.True(summary.Failed == 0, string.Join("; ", summary.Outcomes.Select(o => o.Record.Reason).Distinct()));
        var lines = File.ReadAllLines(Path.Combine(ws.Results, "g", "d1", "e4-good", "random", "fold0", ResultFiles.Predictions));
        Assert.StartsWith("sequence,test,pred,mutant,fold", lines[0], StringComparison.Ordinal);
        var cells = lines[1].Split(',');
        // The mutant names the one substitution between the reference and the row's sequence.
        int at = int.Parse(cells[3][1..^1], System.Globalization.CultureInfo.InvariantCulture) - 1;
        Assert.Equal(cells[3][^1], cells[0][at]);
        Assert.Equal(cells[3][0], "ACDEFGHIKL"[at]);
    }

    [Fact]
    public void ContractInTheManifest_DeclaresE4WithoutALabel_AndSeedModelsKeepTheirArguments()
    {
        using var ws = WithDataset();
        ws.Model("good-e4", "name = \"good-e4\"\ncontract = \"e4\"\n");
        var engine = new ArchiveEngine { Labelled = false };
        var summary = Run(ws, ws.Game("g", ["good-e4", "seedish"], datasets: 1, splits: "\"random\""), engine);

        Assert.Equal(0, summary.Failed);
        Assert.All(engine.Started.Where(r => r.Artifact.Model.Name == "good-e4"), r => Assert.Equal(ModelContract.E4, r.Contract));
        var seed = engine.Started.First(r => r.Artifact.Model.Name == "seedish");
        Assert.Equal(ModelContract.Seed, seed.Contract);
        Assert.Contains("--folds", seed.Arguments);
    }

    [Theory]
    [InlineData("e4-short", "has 10 records; the ground truth's assay")]
    [InlineData("e4-garbage", "d1_predictions.pgdata")]
    [InlineData("e4-none", "wrote no <dataset>_predictions.pgdata")]
    public void BadPredictionsArchive_FailsTheJobWithOneLineNamingTheFile(string model, string expected)
    {
        using var ws = WithDataset();
        var other = Substitutions(Path.Combine(ws.Root, "data", "short.zip"), 10);
        var summary = Run(ws, ws.Game("g", [model], datasets: 1, splits: "\"random\""), new ArchiveEngine { Other = other });

        Assert.Equal(3, summary.Failed);
        var record = JobRecord.TryRead(Path.Combine(ws.Results, "g", "d1", model, "random", "fold0"))!;
        Assert.Equal(model == "e4-none" ? FailureKind.MissingOutput : FailureKind.BadOutput, record.Failure);
        Assert.Contains(expected, record.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', record.Reason!);
    }

    [Fact]
    public void E4Model_OnADatasetWithoutSplits_InASupervisedGame_FailsItsJobsWithTheReason()
    {
        using var ws = WithDataset();
        var summary = Run(ws, ws.Game("g", ["e4-good"], datasets: 1), new ArchiveEngine());

        Assert.Equal(1, summary.Failed);
        var record = JobRecord.TryRead(Path.Combine(ws.Results, "g", "d1", "e4-good"))!;
        Assert.Contains("speaks the E4 contract, which trains on folds", record.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownContractInTheGame_IsOneLineNamingTheKey()
    {
        using var ws = WithDataset();
        ws.Model("m");
        var game = ws.File("g.toml", "name = \"g\"\nkind = \"supervised\"\nmetrics = [\"spearman\"]\n[[datasets]]\npath = \"data/d1.zip\"\n[[models]]\npath = \"models/m\"\ncontract = \"e9\"\n");
        ws.Archive("data/d1.zip");
        var e = Assert.Throws<InvalidInputException>(() => GameFile.Load(game));
        Assert.Contains("models[0].contract: \"e9\" is unknown; expected \"seed\" or \"e4\"", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// An in-process engine of E4 models, by model name: <c>e4-good</c> writes perfect predictions into its archive,
    /// <c>e4-short</c> the archive of another (10-row) dataset, <c>e4-garbage</c> a file that is not an archive,
    /// <c>e4-none</c> nothing; any other model writes a seed-contract CSV. Images carry the contract label unless
    /// <see cref="Labelled"/> is false.
    /// </summary>
    sealed class ArchiveEngine : IEngine
    {
        public string Name => "archive";
        public bool Labelled { get; init; } = true;
        /// <summary>The archive <c>e4-short</c> writes predictions for.</summary>
        public string? Other { get; init; }
        public System.Collections.Concurrent.ConcurrentBag<JobRequest> Started { get; } = [];

        public Task<ModelArtifact> PrepareAsync(ModelSource model, TextWriter log, CancellationToken cancel) =>
            Task.FromResult(new ModelArtifact(model, "fake:" + model.Name, model.Name)
            {
                Labels = Labelled && model.Name.StartsWith("e4-", StringComparison.Ordinal)
                    ? new Dictionary<string, string> { [ContainerContract.Label] = "e4" }
                    : new Dictionary<string, string>(),
            });

        public Task<IEngineJob> StartAsync(JobRequest request, CancellationToken cancel)
        {
            Started.Add(request);
            var model = request.Artifact.Model.Name;
            if (request.Contract != ModelContract.E4)
                File.WriteAllText(Path.Combine(request.OutputDir, "out.csv"), FakeEngine.Csv(request));
            else if (model.EndsWith("good", StringComparison.Ordinal) || model == "good-e4")
            {
                var truth = Dataset.FromPath(request.DatasetFile);
                var y = (Pg2.Datasets.Assays.NumericColumn)truth.Assays["y"];
                PredictionsArchive.Write(truth, "y", y.Values, request.OutputDir);
            }
            else if (model == "e4-short")
            {
                var other = Dataset.FromPath(Other!);
                var path = PredictionsArchive.Write(other, "y", ((Pg2.Datasets.Assays.NumericColumn)other.Assays["y"]).Values, request.OutputDir);
                File.Move(path, Path.Combine(request.OutputDir, "d1_predictions.pgdata"));
            }
            else if (model == "e4-garbage")
                File.WriteAllText(Path.Combine(request.OutputDir, "d1_predictions.pgdata"), "not a zip");
            return Task.FromResult<IEngineJob>(new Done());
        }

        public void Dispose() { }

        sealed class Done : IEngineJob
        {
            public Task<JobExit> WaitAsync(CancellationToken cancel) => Task.FromResult(new JobExit(0, false));
            public Task<string> LogsAsync(CancellationToken cancel) => Task.FromResult("");
            public Task StopAsync() => Task.CompletedTask;
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
