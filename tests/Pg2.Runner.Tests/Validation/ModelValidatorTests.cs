using System.Globalization;
using System.Text;
using Pg2.Contracts;
using Pg2.Datasets;
using Pg2.Runner.Validation;

namespace Pg2.Runner.Tests.Validation;

/// <summary>
/// <c>pg2 model validate</c>'s checks: ping and train go through the engine as benchmark jobs do
/// (an engine double here; real engines in Pg2.Engines.Tests and Pg2.Templates.Tests), and the
/// predictions-file check on hand-written files.
/// </summary>
public sealed class ModelValidatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-model-validator-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>An engine that answers ping with <see cref="PingAnswer"/> and trains by writing the validation rows.</summary>
    private sealed class ScriptedEngine : IEngine
    {
        public string PingAnswer { get; init; } = "pong";
        public List<JobRequest> Started { get; } = [];
        public string Name => "scripted";

        public Task<ModelArtifact> PrepareAsync(ModelSource model, TextWriter log, CancellationToken cancel) =>
            Task.FromResult(new ModelArtifact(model, "scripted:1", model.Name));

        public Task<IEngineJob> StartAsync(JobRequest request, CancellationToken cancel)
        {
            Started.Add(request);
            if (request.Command == JobCommand.Ping) return Task.FromResult<IEngineJob>(new Done(PingAnswer + "\n"));
            var dataset = Dataset.FromPath(request.DatasetFile);
            var file = Path.Combine(request.OutputDir, $"{dataset.Name}_m.csv");
            var text = new StringBuilder("sequence,test,pred\n");
            for (var i = 0; i < ValidCount(dataset); i++) text.Append(Row(i)).Append('\n');
            File.WriteAllText(file, text.ToString());
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

    [Fact]
    public async Task PythonFolderWithACard_PassesStructureAndManifest_AndTrainsWithTheCard()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, "py")).FullName;
        foreach (var f in new[] { "__main__.py", "preprocess.py", "train.py", "predict.py" })
        {
            Directory.CreateDirectory(Path.Combine(dir, "src", "pg2_model_py"));
            File.WriteAllText(Path.Combine(dir, "src", "pg2_model_py", f), "");
        }
        File.WriteAllText(Path.Combine(dir, "README.md"), "---\nname: m\ntags: [supervised]\nhyper_parameters:\n  k: 1\n---\n# m\n");
        File.WriteAllText(Path.Combine(dir, "Dockerfile"), "FROM scratch\n");
        var engine = new ScriptedEngine();
        var checks = await new ModelValidator(engine, dir, null, TimeSpan.FromSeconds(30), TextWriter.Null).RunAsync(CancellationToken.None);
        Assert.Equal(CheckStatus.Passed, checks.Single(c => c.Name == "structure").Status);
        var manifest = checks.Single(c => c.Name == "manifest");
        Assert.Equal(CheckStatus.Passed, manifest.Status);
        Assert.Contains("model card README.md", manifest.Message);
        Assert.All(engine.Started, r => Assert.Equal(Path.Combine(dir, "README.md"), r.ManifestFile));
    }

    private string ModelFolder()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, "m")).FullName;
        File.WriteAllText(Path.Combine(dir, "m.csproj"), "<Project />\n");
        File.WriteAllText(Path.Combine(dir, "manifest.toml"), "name = \"m\"\n");
        File.WriteAllText(Path.Combine(dir, "Dockerfile"), "FROM scratch\n");
        return dir;
    }

    [Fact]
    public async Task PingAndTrain_RunThroughTheEngine_AsJobsOfOneArtifact()
    {
        using var engine = new ScriptedEngine();
        var checks = await new ModelValidator(engine, ModelFolder(), null, TimeSpan.FromSeconds(30), TextWriter.Null).RunAsync(CancellationToken.None);

        Assert.Equal([JobCommand.Ping, JobCommand.Train], engine.Started.Select(r => r.Command));
        Assert.Single(engine.Started.Select(r => r.Artifact).Distinct());
        Assert.Equal(CheckStatus.Passed, checks.Single(c => c.Name == "build").Status);
        Assert.Equal(CheckStatus.Passed, checks.Single(c => c.Name == "ping").Status);
        Assert.Equal(CheckStatus.Passed, checks.Single(c => c.Name == "train").Status);
    }

    [Fact]
    public async Task WrongPingAnswer_FailsPing_QuotingWhatTheEngineLogged()
    {
        using var engine = new ScriptedEngine { PingAnswer = "hello" };
        var checks = await new ModelValidator(engine, ModelFolder(), null, TimeSpan.FromSeconds(30), TextWriter.Null).RunAsync(CancellationToken.None);
        var ping = checks.Single(c => c.Name == "ping");
        Assert.Equal(CheckStatus.Failed, ping.Status);
        Assert.Contains("\"hello\"", ping.Message, StringComparison.Ordinal);
    }

    // The predictions check on the files a model could write for the dummy archive.
    private static readonly Dataset Dummy = ChargeLadder.Generate(ModelValidator.DummyRows, ModelValidator.DummyLength, ModelValidator.DummySeed);

    private static int ValidCount() => ValidCount(Dummy);

    private static int ValidCount(Dataset dataset)
    {
        var view = dataset.ForTarget("charge");
        return dataset.SplitStrategy("charge").Split(view).Valid.Count;
    }

    private string Predictions(string header, int rows, Func<int, string> row)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, "out-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var text = new StringBuilder(header).Append('\n');
        for (int i = 0; i < rows; i++) text.Append(row(i)).Append('\n');
        File.WriteAllText(Path.Combine(dir, "charge_ladder_m.csv"), text.ToString());
        return dir;
    }

    private static string Row(int i) => string.Create(CultureInfo.InvariantCulture, $"SEQ{i},{i * 0.5},{i * 0.25}");

    [Fact]
    public void CheckPredictions_SupervisedValidationRows_Passes()
    {
        var dir = Predictions("sequence,test,pred", ValidCount(), Row);
        var check = ModelValidator.CheckPredictions(Dummy, "m", dir, ModelKind.Supervised, "");
        Assert.Equal(CheckStatus.Passed, check.Status);
    }

    [Fact]
    public void CheckPredictions_ZeroShotMustScoreEveryRow()
    {
        var dir = Predictions("sequence,test,pred", ValidCount(), Row);
        var check = ModelValidator.CheckPredictions(Dummy, "m", dir, ModelKind.ZeroShot, "");
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Contains($"expected {Dummy.Assays.RowCount} (every row)", check.Message, StringComparison.Ordinal);
        Assert.NotNull(check.Fix);
    }

    [Fact]
    public void CheckPredictions_MissingPredColumn_NamesTheColumnsFound()
    {
        var dir = Predictions("sequence,test,score", ValidCount(), Row);
        var check = ModelValidator.CheckPredictions(Dummy, "m", dir, ModelKind.Supervised, "");
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Contains("no column 'pred'", check.Message, StringComparison.Ordinal);
        Assert.Contains("sequence, test, score", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckPredictions_NaNPrediction_Fails()
    {
        var dir = Predictions("sequence,test,pred", ValidCount(), i => i == 1 ? "SEQ1,0.5," : Row(i));
        var check = ModelValidator.CheckPredictions(Dummy, "m", dir, ModelKind.Supervised, "");
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Contains("1 row(s) have an empty, NaN or infinite", check.Message, StringComparison.Ordinal);
        Assert.Contains("finite", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckPredictions_InfinitePrediction_FailsLikeAMissingOne()
    {
        // The one predictions reader drops non-finite rows as it drops NA (docs/metrics.md); validate refuses them.
        var dir = Predictions("sequence,test,pred", ValidCount(), i => i == 2 ? "SEQ2,1,Infinity" : Row(i));
        var check = ModelValidator.CheckPredictions(Dummy, "m", dir, ModelKind.Supervised, "");
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Contains("1 row(s) have an empty, NaN or infinite", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckPredictions_WrongFileName_ListsWhatWasWritten()
    {
        var dir = Predictions("sequence,test,pred", ValidCount(), Row);
        var check = ModelValidator.CheckPredictions(Dummy, "other", dir, ModelKind.Supervised, "");
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Contains("no charge_ladder_other.csv", check.Message, StringComparison.Ordinal);
        Assert.Contains("found: charge_ladder_m.csv", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckPredictions_UnknownKind_AcceptsEitherCount()
    {
        var all = Predictions("sequence,test,pred", Dummy.Assays.RowCount, Row);
        Assert.Equal(CheckStatus.Passed, ModelValidator.CheckPredictions(Dummy, "m", all, ModelKind.Unknown, "").Status);
        var odd = Predictions("sequence,test,pred", 3, Row);
        Assert.Equal(CheckStatus.Failed, ModelValidator.CheckPredictions(Dummy, "m", odd, ModelKind.Unknown, "").Status);
    }
}
