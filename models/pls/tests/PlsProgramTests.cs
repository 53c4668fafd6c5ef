using Pg2.Datasets;
using Pg2.Sdk;
using Pg2.Sdk.Hosting;
using Pg2.Contracts;

namespace Pg2.Models.Pls.Tests;

public sealed class PlsProgramTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pg2-pls-tests", Guid.NewGuid().ToString("N"));
    private readonly StringWriter _err = new();

    public PlsProgramTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        _err.Dispose();
    }

    private int Train(string dataset, params string[] extra) =>
        ModelHost.Run(new PlsModel(),
            ["train", "--dataset-file", Path.Combine(ReferenceData.SharedData, "seed", dataset, "dataset.zip"),
             "--model-toml-file", Path.Combine(ReferenceData.RepositoryRoot, "models/pls/manifest.toml"),
             "--output-dir", _dir, "--model-path", Path.Combine(_dir, "pls.pkl"), .. extra],
            new HostEnvironment(TextWriter.Null, _err, _ => null, AppContext.BaseDirectory));

    [Theory]
    [InlineData("neime", "neime_pls.csv", 185)]
    [InlineData("dummy", "charge_ladder_pls.csv", 99)]
    public void Train_WritesTheValidationRows(string dataset, string file, int rows)
    {
        Assert.Equal(ExitCodes.Success, Train(dataset));
        var lines = File.ReadAllLines(Path.Combine(_dir, file));
        Assert.Equal("sequence,test,pred", lines[0]);
        Assert.Equal(rows, lines.Length - 1);
        Assert.Equal(["positions", "y_mean", "y_std"], ModelParameters.Load(Path.Combine(_dir, "pls.pkl")).Scalars.Keys.Order());
    }

    [Fact]
    public void BadComponentCount_IsAnInputError()
    {
        var hp = Path.Combine(_dir, "hp.json");
        File.WriteAllText(hp, """{"n_components": "0"}""");
        Assert.Equal(ExitCodes.InvalidInput, Train("neime", "--hyperparameters-file", hp));
        Assert.Contains("n_components", _err.ToString());
    }
}
