using Pg2.Datasets;
using Pg2.Sdk;
using Pg2.Sdk.Hosting;
using Pg2.Contracts;

namespace Pg2.Models.Ridge.Tests;

public sealed class RidgeProgramTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pg2-ridge-tests", Guid.NewGuid().ToString("N"));
    private readonly StringWriter _err = new();

    public RidgeProgramTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        _err.Dispose();
    }

    private int Train(string dataset, params string[] extra) =>
        ModelHost.Run(new RidgeModel(),
            ["train", "--dataset-file", Path.Combine(ReferenceData.SharedData, "seed", dataset, "dataset.zip"),
             "--model-toml-file", Path.Combine(ReferenceData.RepositoryRoot, "models/ridge/manifest.toml"),
             "--output-dir", _dir, "--model-path", Path.Combine(_dir, "ridge.pkl"), .. extra],
            new HostEnvironment(TextWriter.Null, _err, _ => null, AppContext.BaseDirectory));

    [Theory]
    [InlineData("neime", "neime_ridge.csv", 185)]
    [InlineData("dummy", "charge_ladder_ridge.csv", 99)]
    public void Train_WritesTheValidationRows(string dataset, string file, int rows)
    {
        Assert.Equal(ExitCodes.Success, Train(dataset));
        var lines = File.ReadAllLines(Path.Combine(_dir, file));
        Assert.Equal("sequence,test,pred", lines[0]);
        Assert.Equal(rows, lines.Length - 1);
        Assert.Equal(["intercept", "positions"], ModelParameters.Load(Path.Combine(_dir, "ridge.pkl")).Scalars.Keys.Order());
    }

    [Fact]
    public void BadComponentCount_IsAnInputError()
    {
        var hp = Path.Combine(_dir, "hp.json");
        File.WriteAllText(hp, """{"alpha": "-1"}""");
        Assert.Equal(ExitCodes.InvalidInput, Train("neime", "--hyperparameters-file", hp));
        Assert.Contains("alpha", _err.ToString());
    }
}
