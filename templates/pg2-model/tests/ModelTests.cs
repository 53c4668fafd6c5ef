using System.Globalization;
using Pg2.Datasets;
using Pg2.Sdk;
using Pg2.Sdk.Features;
using Pg2.Sdk.Hosting;
using Pg2.Contracts;

namespace Pg2Model._1.Tests;

public sealed class ModelTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("pg2-model-tests-").FullName;

    // The bundled sample dataset (data/dataset.zip) and manifest, copied next to the tests.
    private static string DatasetFile => Path.Combine(AppContext.BaseDirectory, "data", "dataset.zip");
    private static string ManifestFile => Path.Combine(AppContext.BaseDirectory, "manifest.toml");

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = new HostEnvironment(output, error, _ => null, AppContext.BaseDirectory);
        int code = ModelHost.Run(new Model(), args, env);
        return (code, output.ToString(), error.ToString());
    }

    private static ModelContext Context(params (string Key, object Value)[] hyperParameters)
    {
        var dataset = Dataset.FromPath(DatasetFile);
        var hp = new HyperParameters(hyperParameters.ToDictionary(p => p.Key, p => p.Value), "test");
        return new ModelContext(ModelManifest.Parse("name = \"test\"", "test"), hp, dataset, dataset.Targets[0], TextWriter.Null);
    }

    [Fact]
    public void Ping_AnswersPong()
    {
        var (code, output, _) = Run("ping");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("pong", output.Trim());
    }

    [Fact]
    public void Train_OnTheBundledDataset_WritesOneFinitePredictionPerScoredRow()
    {
        var (code, _, error) = Run("train", "--dataset-file", DatasetFile, "--model-toml-file", ManifestFile,
            "--output-dir", _work, "--model-path", Path.Combine(_work, "model.json"));
        Assert.True(code == ExitCodes.Success, error);

        var dataset = Dataset.FromPath(DatasetFile);
        var manifest = ModelManifest.FromPath(ManifestFile);
        var lines = File.ReadAllLines(Path.Combine(_work, PredictionWriter.FileName(dataset.Name, manifest.Name)));
        Assert.StartsWith("sequence,test,pred", lines[0], StringComparison.Ordinal);
        var view = dataset.ForTarget(dataset.Targets[0]);
#if (supervised)
        int expected = dataset.SplitStrategy(view.Target).Split(view).Valid.Count; // trained on train, scores valid
#else
        int expected = view.Count; // zero-shot: every row
#endif
        Assert.Equal(expected, lines.Length - 1);
        foreach (var line in lines.Skip(1))
            Assert.True(double.IsFinite(double.Parse(line.Split(',')[2], CultureInfo.InvariantCulture)), line);
    }

#if (supervised)
    [Fact]
    public void Predict_OnTrainingRows_RanksThemLikeTheirTargets()
    {
        var model = new Model();
        var context = Context(("shrinkage", 0.0));
        var features = new OneHotEncoder(OneHotEncoder.StandardAminoAcids).Encode(["AC", "AD", "GC", "GD"]);
        double[] targets = [0, 1, 2, 3];

        var parameters = model.Train(context, features, targets);
        var predictions = model.Predict(context, parameters, features);

        Assert.Equal([0, 1, 2, 3], predictions.Select((p, i) => (p, i)).OrderBy(t => t.p).Select(t => t.i));
        Assert.Equal(targets.Average(), predictions.Average(), 12);
    }

    [Fact]
    public void Train_RejectsNegativeShrinkage()
    {
        var features = new OneHotEncoder(OneHotEncoder.StandardAminoAcids).Encode(["AC", "AD"]);
        Assert.Throws<InvalidInputException>(() => new Model().Train(Context(("shrinkage", -1.0)), features, [0, 1]));
    }
#else
    [Fact]
    public void Predict_ScoresFewerChangesHigher()
    {
        var scores = new Model().Predict(Context(), new Variants(["ACDE", "ACDF", "GCDF", "ACD"], "ACDE"));
        Assert.Equal([0.0, -1.0, -2.0, -1.0], scores);
    }

    [Fact]
    public void Consensus_TakesTheMostFrequentLetterAtEachPosition()
    {
        Assert.Equal("ACDE", Variants.Consensus(["ACDE", "ACDF", "GCDE"]));
    }
#endif
}
