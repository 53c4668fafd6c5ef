using Pg2.Contracts;
using Pg2.Datasets;
using Pg2.Runner.Validation;

namespace Pg2.Runner.Tests.Validation;

/// <summary>
/// <c>pg2 model validate</c> on images of either contract (an engine double): the <c>contract</c> check says which
/// one the image speaks and how it was declared, an E4 image is trained on a splits archive and its predictions
/// archive is checked, and an image alone (no folder) is validated with a minimal manifest.
/// </summary>
public sealed class ContractValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-contract-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// An image engine: labels from <see cref="Label"/>; ping answers pong; an E4 train writes <see cref="Write"/>'s
    /// predictions archive, a seed train the validation rows as a CSV.
    /// </summary>
    private sealed class ImageEngine : IEngine
    {
        public string? Label { get; init; }
        /// <summary>What an E4 train writes: "good" (every row), "holes" (no test-fold predictions), "none".</summary>
        public string Write { get; init; } = "good";
        public List<JobRequest> Started { get; } = [];
        /// <summary>The manifest name each job was given (read while the job's files exist).</summary>
        public List<string> ManifestNames { get; } = [];
        public string Name => "image";

        public Task<ModelArtifact> PrepareAsync(ModelSource model, TextWriter log, CancellationToken cancel) =>
            Task.FromResult(new ModelArtifact(model, "sha256:0123", model.ImageReference)
            {
                Labels = Label is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [ContainerContract.Label] = Label },
            });

        public Task<IEngineJob> StartAsync(JobRequest request, CancellationToken cancel)
        {
            Started.Add(request);
            ManifestNames.Add(Pg2.Sdk.ModelManifest.FromPath(request.ManifestFile).Name);
            if (request.Command == JobCommand.Ping) return Task.FromResult<IEngineJob>(new Done("pong\n"));
            var dataset = Dataset.FromPath(request.DatasetFile);
            var target = dataset.Targets[0];
            if (request.Contract == ModelContract.E4 && Write != "none")
            {
                var y = ((Pg2.Datasets.Assays.NumericColumn)dataset.Assays[target]).Values.ToArray();
                if (Write == "holes") Array.Fill(y, double.NaN);
                PredictionsArchive.Write(dataset, target, y, request.OutputDir);
            }
            else if (request.Contract == ModelContract.Seed)
            {
                var view = dataset.ForTarget(target);
                var valid = dataset.SplitStrategy(target).Split(view).Valid;
                File.WriteAllLines(Path.Combine(request.OutputDir, $"{dataset.Name}_{Pg2.Sdk.ModelManifest.FromPath(request.ManifestFile).Name}.csv"),
                    ["sequence,test,pred", .. Enumerable.Range(0, valid.Count).Select(i => $"S{i},{i},{i}")]);
            }
            return Task.FromResult<IEngineJob>(new Done("trained\n"));
        }

        public void Dispose() { }

        private sealed class Done(string log) : IEngineJob
        {
            public Task<JobExit> WaitAsync(CancellationToken cancel) => Task.FromResult(new JobExit(0, false));
            public Task<string> LogsAsync(CancellationToken cancel) => Task.FromResult(log);
            public Task StopAsync() => Task.CompletedTask;
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private static Task<IReadOnlyList<ValidationCheck>> Validate(ImageEngine engine, string? manifest = null) =>
        new ModelValidator(engine, null, "registry.example/kermut:1.0", TimeSpan.FromSeconds(30), TextWriter.Null, manifestFile: manifest).RunAsync(CancellationToken.None);

    [Fact]
    public async Task ImageLabelledE4_SaysSo_AndTrainsOnASplitsArchiveWithTheE4Arguments()
    {
        var engine = new ImageEngine { Label = "e4" };
        var checks = await Validate(engine);

        var contract = checks.Single(c => c.Name == "contract");
        Assert.Equal(CheckStatus.Passed, contract.Status);
        Assert.Contains("speaks e4 (image label org.proteingym.contract=e4)", contract.Message, StringComparison.Ordinal);
        var train = engine.Started.Single(r => r.Command == JobCommand.Train);
        Assert.Equal(ModelContract.E4, train.Contract);
        Assert.EndsWith(".splits.pgdata", train.DatasetFile, StringComparison.Ordinal);
        Assert.Equal(["--split", "validate", "--test-fold", "0", "--target", "charge"], train.Arguments);
        var trained = checks.Single(c => c.Name == "train");
        Assert.True(trained.Status == CheckStatus.Passed, trained.Message);
        Assert.Contains("_predictions.pgdata", trained.Message, StringComparison.Ordinal);
        // No folder: the structure is not checked and a minimal manifest named after the image is mounted.
        Assert.Equal(CheckStatus.Skipped, checks.Single(c => c.Name == "structure").Status);
        Assert.Equal(CheckStatus.Warning, checks.Single(c => c.Name == "manifest").Status);
        Assert.All(engine.ManifestNames, n => Assert.Equal("kermut", n));
    }

    [Fact]
    public async Task ImageWithoutLabel_SpeaksSeed_AndIsTrainedOnTheSeedArchive()
    {
        var engine = new ImageEngine();
        var checks = await Validate(engine);

        Assert.Contains("speaks seed (no org.proteingym.contract label", checks.Single(c => c.Name == "contract").Message, StringComparison.Ordinal);
        Assert.Equal(ModelContract.Seed, engine.Started.Single(r => r.Command == JobCommand.Train).Contract);
        Assert.Equal(CheckStatus.Passed, checks.Single(c => c.Name == "train").Status);
    }

    [Fact]
    public async Task CardDeclaringE4_OverridesAnUnlabelledImage()
    {
        var card = Path.Combine(_dir, "README.md");
        File.WriteAllText(card, "---\nname: kermut\ncontract: e4\n---\n# kermut\n");
        var engine = new ImageEngine();
        var checks = await Validate(engine, card);

        Assert.Contains("speaks e4 (contract: e4 in README.md)", checks.Single(c => c.Name == "contract").Message, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, checks.Single(c => c.Name == "manifest").Status);
        Assert.Equal(ModelContract.E4, engine.Started.Single(r => r.Command == JobCommand.Train).Contract);
    }

    [Theory]
    [InlineData("holes", "have no prediction")]
    [InlineData("none", "wrote no ")]
    public async Task E4ImageWithBadOutput_FailsTrainWithOneLine(string write, string expected)
    {
        var checks = await Validate(new ImageEngine { Label = "e4", Write = write });

        var train = checks.Single(c => c.Name == "train");
        Assert.Equal(CheckStatus.Failed, train.Status);
        Assert.Contains(expected, train.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', train.Message);
    }

    [Fact]
    public async Task UnknownLabelValue_FailsTheContractCheckNamingTheLabel()
    {
        var checks = await Validate(new ImageEngine { Label = "e9" });

        var contract = checks.Single(c => c.Name == "contract");
        Assert.Equal(CheckStatus.Failed, contract.Status);
        Assert.Contains("org.proteingym.contract=\"e9\" is unknown", contract.Message, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Skipped, checks.Single(c => c.Name == "train").Status);
    }
}
