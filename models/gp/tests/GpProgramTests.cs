using Pg2.Contracts;
using Pg2.Sdk.Hosting;
using Pg2.Sdk;

namespace Pg2.Models.Gp.Tests;

/// <summary>The model program through the SDK host, with and without the <c>covariates</c> channel.</summary>
public sealed class GpProgramTests : IDisposable
{
    private const string Envz = "ENVZ_ECOLI_Ghose_2023";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pg2-gp-tests", Guid.NewGuid().ToString("N"));
    private readonly StringWriter _err = new();

    public GpProgramTests() => Directory.CreateDirectory(Path.Combine(_dir, "covariates"));

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        _err.Dispose();
    }

    private int Train(string? covariates, params string[] extra) =>
        ModelHost.Run(new GpModel(),
            ["train", "--dataset-file", Path.Combine(ReferenceData.RepositoryRoot, "benchmarks/data", Envz + ".zip"),
             "--model-toml-file", Path.Combine(ReferenceData.RepositoryRoot, "models/gp/manifest.toml"),
             "--output-dir", _dir, "--model-path", Path.Combine(_dir, "m.pkl"), "--target", "DMS_score", .. extra],
            new HostEnvironment(TextWriter.Null, _err, v => v == "SM_CHANNEL_COVARIATES" ? covariates : null, AppContext.BaseDirectory));

    [Fact]
    public void ModuloFold_WithTheEvmutationCovariate_FitsAndReportsProgress()
    {
        File.Copy(Path.Combine(ReferenceData.RepositoryRoot, "benchmarks/data/scores/evmutation", Envz + ".csv"),
            Path.Combine(_dir, "covariates", "evmutation.csv"));
        Assert.Equal(ExitCodes.Success, Train(Path.Combine(_dir, "covariates"), "--split", "modulo", "--test-fold", "1"));
        var lines = File.ReadAllLines(Path.Combine(_dir, $"{Envz}_gp.csv"));
        Assert.StartsWith("sequence,test,pred,", lines[0], StringComparison.Ordinal);
        Assert.True(lines.Length > 100, $"{lines.Length} lines");
        var log = _err.ToString();
        Assert.Contains("iteration 1/20", log, StringComparison.Ordinal);
        Assert.Contains("ETA", log, StringComparison.Ordinal);
        var saved = ModelParameters.Load(Path.Combine(_dir, "m.pkl"));
        Assert.Equal("evmutation", saved.Text("covariates"));
        Assert.Equal(2, saved.Array("mean_coef").Length);
    }

    [Fact]
    public void MoreTrainingRowsThanTheBudget_AreRefusedInOneLine()
    {
        var overrides = Path.Combine(_dir, "hyperparameters.json");
        File.WriteAllText(overrides, """{"max_train_rows": 50}""");
        Assert.Equal(ExitCodes.InvalidInput, Train(null, "--split", "random", "--test-fold", "0", "--hyperparameters-file", overrides));
        var message = _err.ToString().Trim();
        Assert.Contains("exceed max_train_rows = 50", message, StringComparison.Ordinal);
        Assert.Contains("GB", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
    }
}
