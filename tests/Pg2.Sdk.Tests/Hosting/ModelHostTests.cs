using System.Globalization;
using Pg2.Datasets;
using Pg2.Sdk.Hosting;
using Pg2.Contracts;

namespace Pg2.Sdk.Tests.Hosting;

public sealed class ModelHostTests : IDisposable
{
    private readonly string _dir = TestData.TempDirectory();
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();
    private readonly Dictionary<string, string> _variables = new();

    public ModelHostTests()
    {
        File.WriteAllText(ManifestPath, """
            name = "mean"
            [hyper_params]
            shift = 0.0
            count = 2
            flag = false
            letters = ["A", "C"]
            """);
        // Never touch /model.pkl from tests.
        _variables[HostEnvironment.ModelPathVariable] = Path.Combine(_dir, "model.pkl");
    }

    private string ManifestPath => Path.Combine(_dir, "manifest.toml");
    private string Output => Path.Combine(_dir, "out");
    private HostEnvironment Env => new(_out, _err, v => _variables.GetValueOrDefault(v), _dir);

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        _out.Dispose();
        _err.Dispose();
    }

    private int Train(ISupervisedModel<string[]> model, params string[] extra) =>
        ModelHost.Run(model, ["train", "--dataset-file", TestData.ChargeLadder, "--model-toml-file", ManifestPath, "--output-dir", Output, .. extra], Env);

    private static string[][] ReadCsv(string path) => File.ReadAllLines(path).Select(l => l.Split(',')).ToArray();

    [Fact]
    public void Ping_PrintsPong()
    {
        Assert.Equal(ExitCodes.Success, ModelHost.Run(new MeanModel(), ["ping"], Env));
        Assert.Equal("pong", _out.ToString().Trim());
    }

    [Fact]
    public void Help_ListsTheTrainOptions()
    {
        Assert.Equal(ExitCodes.Success, ModelHost.Run(new MeanModel(), ["train", "--help"], Env));
        foreach (var option in new[] { "--dataset-file", "--model-toml-file", "--output-dir", "--split", "--folds", "--test-fold", "--target", "--model-path" })
            Assert.Contains(option, _out.ToString());
    }

    [Fact]
    public void UnknownOption_IsAUsageError() =>
        Assert.Equal(ExitCodes.Usage, ModelHost.Run(new MeanModel(), ["train", "--no-such-option"], Env));

    [Fact]
    public void Train_WritesDatasetUnderscoreModelCsvWithValidationRows()
    {
        Assert.Equal(ExitCodes.Success, Train(new MeanModel()));
        var rows = ReadCsv(Path.Combine(Output, "charge_ladder_mean.csv"));
        Assert.Equal(["sequence", "test", "pred"], rows[0]);
        Assert.Equal(99, rows.Length - 1); // 495 rows: floor(0.8·495) = 396 train, 99 valid
        Assert.Contains("train 396, valid 99", _err.ToString());
        Assert.False(Directory.EnumerateFiles(Output, "*.tmp").Any());
    }

    [Fact]
    public void NoArguments_TrainsWithSageMakerChannelsFromEnvironment()
    {
        var training = Directory.CreateDirectory(Path.Combine(_dir, "training")).FullName;
        var manifestChannel = Directory.CreateDirectory(Path.Combine(_dir, "manifest")).FullName;
        File.Copy(TestData.Neime, Path.Combine(training, "dataset.zip"));
        File.Copy(ManifestPath, Path.Combine(manifestChannel, "manifest.toml"));
        _variables[HostEnvironment.TrainingChannelVariable] = training;
        _variables[HostEnvironment.ManifestChannelVariable] = manifestChannel;
        _variables[HostEnvironment.ModelDirVariable] = Output;

        Assert.Equal(ExitCodes.Success, ModelHost.Run(new MeanModel(), [], Env));

        Assert.Equal(185 + 1, File.ReadAllLines(Path.Combine(Output, "neime_mean.csv")).Length);
    }

    [Fact]
    public void Options_WinOverEnvironment()
    {
        _variables[HostEnvironment.ModelDirVariable] = Path.Combine(_dir, "ignored");
        Assert.Equal(ExitCodes.Success, Train(new MeanModel()));
        Assert.True(File.Exists(Path.Combine(Output, "charge_ladder_mean.csv")));
        Assert.False(Directory.Exists(Path.Combine(_dir, "ignored")));
    }

    [Fact]
    public void HyperParametersJson_StringsAreConvertedToTheManifestTypes()
    {
        var hp = Path.Combine(_dir, "hyperparameters.json");
        File.WriteAllText(hp, """{"shift": "10.5", "count": "7", "flag": "true", "letters": "[\"D\"]"}""");
        var model = new MeanModel();
        Assert.Equal(ExitCodes.Success, Train(model, "--hyperparameters-file", hp));
        Assert.Equal(10.5, model.Seen!.GetDouble("shift", 0));
        Assert.Equal(7, model.Seen.GetInt64("count"));
        Assert.True(model.Seen.GetBoolean("flag", false));
        Assert.Equal(["D"], model.Seen.GetStrings("letters", []));
        var row = ReadCsv(Path.Combine(Output, "charge_ladder_mean.csv"))[1];
        Assert.Equal(model.TrainTargets!.Average() + 10.5, double.Parse(row[2], CultureInfo.InvariantCulture), 12);
    }

    [Theory]
    [InlineData("""{"count": "seven"}""", "count")]
    [InlineData("""{"flag": "maybe"}""", "flag")]
    [InlineData("""{"unknown_key": "1"}""", "unknown_key")]
    [InlineData("""[1, 2]""", "JSON object")]
    [InlineData("""{"count": "1", "count": "2"}""", "'count' is given twice")]
    public void HyperParametersJson_BadValues_AreInputErrorsNamingTheKey(string json, string named)
    {
        var hp = Path.Combine(_dir, "hyperparameters.json");
        File.WriteAllText(hp, json);
        Assert.Equal(ExitCodes.InvalidInput, Train(new MeanModel(), "--hyperparameters-file", hp));
        Assert.Contains(named, _err.ToString());
        Assert.Contains("hyperparameters.json", _err.ToString());
        Assert.DoesNotContain("   at ", _err.ToString()); // no stack trace
        Assert.False(File.Exists(Path.Combine(Output, "charge_ladder_mean.csv")));
    }

    [Theory]
    [InlineData("../escaped")]
    [InlineData("/tmp/pg2-absolute")]
    [InlineData(".hidden")]
    public void ManifestNameThatIsAPath_IsRefusedAndNothingIsWrittenOutside(string name)
    {
        File.WriteAllText(ManifestPath, File.ReadAllText(ManifestPath).Replace("name = \"mean\"", $"name = \"{name}\"", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.InvalidInput, Train(new MeanModel()));
        Assert.Contains("not a valid name", _err.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir, "*.csv", SearchOption.AllDirectories));
    }

    [Fact]
    public void MissingDataset_ExitsFileNotFound()
    {
        int code = ModelHost.Run(new MeanModel(), ["train", "--dataset-file", Path.Combine(_dir, "nope.zip"), "--model-toml-file", ManifestPath, "--output-dir", Output], Env);
        Assert.Equal(ExitCodes.FileNotFound, code);
        Assert.Contains("nope.zip", _err.ToString());
    }

    [Fact]
    public void ModelThatThrows_ExitsModelFailureAndWritesNoPredictions()
    {
        int code = ModelHost.Run(new FailingModel(), ["train", "--dataset-file", TestData.ChargeLadder, "--model-toml-file", ManifestPath, "--output-dir", Output], Env);
        Assert.Equal(ExitCodes.ModelFailure, code);
        Assert.Contains("boom", _err.ToString());
        Assert.False(Directory.Exists(Output) && Directory.EnumerateFileSystemEntries(Output).Any());
    }

    [Fact]
    public void MutationStringDataset_WritesFullSequencesAndMutantColumn()
    {
        Assert.Equal(ExitCodes.Success, ModelHost.Run(new MeanModel(),
            ["train", "--dataset-file", TestData.Ranganathan, "--model-toml-file", ManifestPath, "--output-dir", Output], Env));
        var rows = ReadCsv(Path.Combine(Output, "ranganathan_mean.csv"));
        Assert.Equal(["sequence", "test", "pred", "mutant"], rows[0]);
        Assert.All(rows.Skip(1), r => Assert.Equal(263, r[0].Length));
        Assert.Matches("^[A-Z][0-9]+[A-Z]$", rows[1][3]);
    }

    [Fact]
    public void FoldRun_StandardisesTargetsWithTrainingFoldStatistics()
    {
        var model = new MeanModel();
        Assert.Equal(ExitCodes.Success, ModelHost.Run(model,
            ["train", "--dataset-file", TestData.Ranganathan, "--model-toml-file", ManifestPath, "--output-dir", Output,
             "--split", "modulo", "--test-fold", "1"], Env));
        var rows = ReadCsv(Path.Combine(Output, "ranganathan_mean.csv"));
        Assert.Equal(["sequence", "test", "pred", "mutant", "fold", "train_mean", "train_std"], rows[0]);
        // Training targets handed to the model have mean 0 and std 1.
        var t = model.TrainTargets!;
        Assert.Equal(0.0, t.Average(), 10);
        Assert.Equal(1.0, Math.Sqrt(t.Sum(v => v * v) / t.Length), 10); // ddof = 0
        Assert.All(rows.Skip(1), r => Assert.Equal("1", r[4]));
        // pred = training mean on the standardised scale = 0.
        Assert.All(rows.Skip(1), r => Assert.Equal(0.0, double.Parse(r[2], CultureInfo.InvariantCulture), 10));
        // test = (raw − train_mean) / train_std for every held-out row.
        var raw = Dataset.FromPath(TestData.Ranganathan);
        var view = raw.ForTarget("cefotaxime");
        var byMutant = view.Rows.Select((r, i) => (raw.Assays.Sequences[r]!, view.Y[i])).ToDictionary(p => p.Item1, p => p.Item2);
        foreach (var r in rows.Skip(1))
        {
            double mean = double.Parse(r[5], CultureInfo.InvariantCulture), std = double.Parse(r[6], CultureInfo.InvariantCulture);
            Assert.Equal((byMutant[r[3]] - mean) / std, double.Parse(r[1], CultureInfo.InvariantCulture), 10);
        }
    }

    [Fact]
    public void FoldRun_WithoutTestFold_HoldsOutEveryFoldOnce()
    {
        Assert.Equal(ExitCodes.Success, ModelHost.Run(new MeanModel(),
            ["train", "--dataset-file", TestData.Ranganathan, "--model-toml-file", ManifestPath, "--output-dir", Output, "--split", "contiguous"], Env));
        var rows = ReadCsv(Path.Combine(Output, "ranganathan_mean.csv")).Skip(1).ToArray();
        Assert.Equal(Dataset.FromPath(TestData.Ranganathan).ForTarget("cefotaxime").Count, rows.Length);
        Assert.Equal(["0", "1", "2", "3", "4"], rows.Select(r => r[4]).Distinct().Order());
        Assert.True(File.Exists(Path.Combine(_dir, "model.fold4.pkl")));
    }

    [Fact]
    public void FoldRun_WithFolds_HoldsOutExactlyThatManyFolds()
    {
        Assert.Equal(ExitCodes.Success, ModelHost.Run(new MeanModel(),
            ["train", "--dataset-file", TestData.Ranganathan, "--model-toml-file", ManifestPath, "--output-dir", Output, "--split", "modulo", "--folds", "3"], Env));
        var rows = ReadCsv(Path.Combine(Output, "ranganathan_mean.csv")).Skip(1).ToArray();
        Assert.Equal(Dataset.FromPath(TestData.Ranganathan).ForTarget("cefotaxime").Count, rows.Length);
        Assert.Equal(["0", "1", "2"], rows.Select(r => r[4]).Distinct().Order());
    }

    [Theory]
    [InlineData("--folds", "3")]
    [InlineData("--split", "modulo", "--folds", "1")]
    [InlineData("--split", "modulo", "--folds", "3", "--test-fold", "3")]
    public void FoldCount_WithoutSplitOrOutOfRange_IsAUsageError(params string[] options) =>
        Assert.Equal(ExitCodes.Usage, Train(new MeanModel(), options));

    [Fact]
    public void TestFoldWithoutSplit_IsAUsageError() =>
        Assert.Equal(ExitCodes.Usage, Train(new MeanModel(), "--test-fold", "0"));

    [Fact]
    public void UnknownSplitScheme_IsAnInputError()
    {
        Assert.Equal(ExitCodes.InvalidInput, Train(new MeanModel(), "--split", "sideways"));
        Assert.Contains("sideways", _err.ToString());
    }

    [Fact]
    public void TrainedModel_IsPersistedAsLoadableJson()
    {
        var path = Path.Combine(_dir, "models", "m.json");
        Assert.Equal(ExitCodes.Success, Train(new MeanModel(), "--model-path", path));
        var p = ModelParameters.Load(path);
        Assert.Equal("charge_ladder", p.Metadata["dataset"]);
        Assert.Equal("mean", p.Metadata["model"]);
        Assert.Equal(396, p.Array("targets").Length);
        Assert.Equal(p.Array("targets").Average(), p.Scalar("mean"), 12);
    }

    [Fact]
    public void UnwritableDefaultModelPath_FallsBackWithALogLine()
    {
        _variables.Remove(HostEnvironment.ModelPathVariable);
        var blocker = Path.Combine(_dir, "blocker");
        File.WriteAllText(blocker, "");
        // /model.pkl is writable for root, so make the default unwritable: a path under a regular file.
        var settings = TrainSettings.Resolve(Env, TestData.ChargeLadder, ManifestPath, Output, null, null, null, null, null)
            with { ModelPath = Path.Combine(blocker, "model.pkl"), ModelPathIsDefault = true };
        Assert.Equal(ExitCodes.Success, new SupervisedJob<string[]>(new MeanModel(), settings, Env).Run());
        Assert.Contains("instead", _err.ToString());
        Assert.True(File.Exists(Path.Combine(Path.GetTempPath(), "pg2-models", "charge_ladder_mean_model.pkl")));
    }

    [Fact]
    public void ZeroShotModel_ScoresEveryRow()
    {
        Assert.Equal(ExitCodes.Success, ModelHost.Run(new LengthScorer(),
            ["train", "--dataset-file", TestData.Neime, "--model-toml-file", ManifestPath, "--output-dir", Output], Env));
        var rows = File.ReadAllLines(Path.Combine(Output, "neime_mean.csv"));
        Assert.Equal(922 + 1, rows.Length);
        Assert.EndsWith(",-161", rows[1]);
    }

    [Fact]
    public void BundledManifest_IsUsedWhenNoneIsMounted()
    {
        // ProgramDirectory (= _dir) holds manifest.toml; no option, no channel, no /opt/ml manifest.
        Assert.Equal(ExitCodes.Success, ModelHost.Run(new MeanModel(),
            ["train", "--dataset-file", TestData.ChargeLadder, "--output-dir", Output], Env));
        Assert.Contains("bundled", _err.ToString());
    }

    [Fact]
    public void ModelCardFile_IsReadLikeAManifest()
    {
        var card = Path.Combine(_dir, "card", "README.md");
        Directory.CreateDirectory(Path.GetDirectoryName(card)!);
        File.WriteAllText(card, "---\nname: carded\nhyper_parameters:\n  shift: 0.0\n---\n# A card\n");
        Assert.Equal(ExitCodes.Success, ModelHost.Run(new MeanModel(),
            ["train", "--dataset-file", TestData.ChargeLadder, "--model-card-file", card, "--output-dir", Output], Env));
        Assert.True(File.Exists(Path.Combine(Output, "charge_ladder_carded.csv")));
    }

    [Fact]
    public void ModelCardChannel_IsTheDefaultWhenNoManifestChannel()
    {
        var channel = Directory.CreateDirectory(Path.Combine(_dir, "model_card")).FullName;
        File.WriteAllText(Path.Combine(channel, "README.md"), "---\nname: channelled\n---\n");
        _variables[HostEnvironment.ModelCardChannelVariable] = channel;
        Assert.Equal(ExitCodes.Success, ModelHost.Run(new MeanModel(),
            ["train", "--dataset-file", TestData.ChargeLadder, "--output-dir", Output], Env));
        Assert.True(File.Exists(Path.Combine(Output, "charge_ladder_channelled.csv")));
    }

    [Fact]
    public void TomlAndCardOptionsTogether_IsAUsageError() =>
        Assert.Equal(ExitCodes.Usage, ModelHost.Run(new MeanModel(),
            ["train", "--model-toml-file", ManifestPath, "--model-card-file", ManifestPath], Env));
}
