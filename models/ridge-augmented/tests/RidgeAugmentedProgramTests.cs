using Pg2.Contracts;
using Pg2.Sdk.Hosting;
using Pg2.Sdk;

namespace Pg2.Models.RidgeAugmented.Tests;

/// <summary>The model program through the SDK host, with its covariates in the <c>covariates</c> channel.</summary>
public sealed class RidgeAugmentedProgramTests : IDisposable
{
    private const string Envz = "ENVZ_ECOLI_Ghose_2023";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pg2-ridge-augmented-tests", Guid.NewGuid().ToString("N"));
    private readonly StringWriter _err = new();

    public RidgeAugmentedProgramTests() => Directory.CreateDirectory(Path.Combine(_dir, "covariates"));

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        _err.Dispose();
    }

    private string Scores => Path.Combine(ReferenceData.RepositoryRoot, "benchmarks/data/scores/evmutation", Envz + ".csv");

    private int Train(string? covariates, params string[] extra) =>
        ModelHost.Run(new RidgeAugmentedModel(),
            ["train", "--dataset-file", Path.Combine(ReferenceData.RepositoryRoot, "benchmarks/data", Envz + ".zip"),
             "--model-toml-file", Path.Combine(ReferenceData.RepositoryRoot, "models/ridge-augmented/manifest.toml"),
             "--output-dir", _dir, "--model-path", Path.Combine(_dir, "m.pkl"), "--target", "DMS_score", .. extra],
            new HostEnvironment(TextWriter.Null, _err, v => v == "SM_CHANNEL_COVARIATES" ? covariates : null, AppContext.BaseDirectory));

    [Fact]
    public void ModuloFold_WithTheEvmutationCovariate_RanksHeldOutPositionsByIt()
    {
        File.Copy(Scores, Path.Combine(_dir, "covariates", "evmutation.csv"));
        Assert.Equal(ExitCodes.Success, Train(Path.Combine(_dir, "covariates"), "--split", "modulo", "--test-fold", "1"));
        var lines = File.ReadAllLines(Path.Combine(_dir, $"{Envz}_ridge-augmented.csv"));
        Assert.StartsWith("sequence,test,pred,", lines[0], StringComparison.Ordinal);
        Assert.True(lines.Length > 100, $"{lines.Length} lines");
        Assert.Contains("covariate 'evmutation'", _err.ToString(), StringComparison.Ordinal);
        var saved = ModelParameters.Load(Path.Combine(_dir, "m.pkl"));
        Assert.Equal("evmutation", saved.Text("covariates"));
        Assert.True(saved.Array("covariate_coef")[0] != 0);
    }

    [Fact]
    public void InnerCv_IsTheDefault_AndSaysWhichPenaltiesItChose_AFixedPairWhenTurnedOff()
    {
        File.Copy(Scores, Path.Combine(_dir, "covariates", "evmutation.csv"));
        Assert.Equal(ExitCodes.Success, Train(Path.Combine(_dir, "covariates"), "--split", "random", "--test-fold", "0"));
        Assert.Matches(@"inner 5-fold CV over alpha 0\.1/1/10/100/1000 × alpha_covariate 0\.001/0\.01/0\.1/1/10/100: alpha=[0-9.]+, alpha_covariate=[0-9.]+", _err.ToString());
        var chosen = ModelParameters.Load(Path.Combine(_dir, "m.pkl")).Array("coef");

        var fixedPair = Path.Combine(_dir, "fixed.json");
        File.WriteAllText(fixedPair, """{"inner_cv": "false", "alpha": "3.0"}""");
        _err.GetStringBuilder().Clear();
        Assert.Equal(ExitCodes.Success, Train(Path.Combine(_dir, "covariates"), "--split", "random", "--test-fold", "0", "--hyperparameters-file", fixedPair));
        Assert.DoesNotContain("inner 5-fold CV", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("(alpha=3)", _err.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(chosen, ModelParameters.Load(Path.Combine(_dir, "m.pkl")).Array("coef"));
    }

    [Fact]
    public void ManyTrainingRows_AreSearchedOnASeededSubset_AndFittedOnAll()
    {
        File.Copy(Scores, Path.Combine(_dir, "covariates", "evmutation.csv"));
        var file = Path.Combine(_dir, "subset.json");
        File.WriteAllText(file, """{"search_rows": "50"}""");
        Assert.Equal(ExitCodes.Success, Train(Path.Combine(_dir, "covariates"), "--split", "random", "--test-fold", "0", "--hyperparameters-file", file));
        Assert.Matches(@"inner CV on a seeded subset of 50 of the [0-9]+ training rows \(search_rows\)", _err.ToString());
        Assert.Matches(@"augmented ridge: [0-9]{3,} rows", _err.ToString());
    }

    [Theory]
    [InlineData("""{"alpha_grid": "[1, 0]"}""", "'alpha_grid' must be a non-empty list of finite numbers > 0, got [1, 0]")]
    [InlineData("""{"alpha_covariate_grid": "[]"}""", "'alpha_covariate_grid' must be a non-empty list of finite numbers > 0, got []")]
    [InlineData("""{"inner_folds": "1"}""", "'inner_folds' must be in 2..")]
    [InlineData("""{"search_rows": "3"}""", "'search_rows' must be at least 'inner_folds' (5), got 3")]
    public void ABadInnerCvSetting_IsAnInputErrorNamingIt(string overrides, string expected)
    {
        File.Copy(Scores, Path.Combine(_dir, "covariates", "evmutation.csv"));
        var file = Path.Combine(_dir, "bad.json");
        File.WriteAllText(file, overrides);
        Assert.Equal(ExitCodes.InvalidInput, Train(Path.Combine(_dir, "covariates"), "--split", "random", "--test-fold", "0", "--hyperparameters-file", file));
        Assert.Contains(expected, _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NoCovariate_IsAnInputErrorSayingHowToGiveOne()
    {
        Assert.Equal(ExitCodes.InvalidInput, Train(null, "--split", "random", "--test-fold", "0"));
        Assert.Contains("needs at least one covariate", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AVariantWithoutAScore_IsAnInputErrorNamingIt()
    {
        var lines = File.ReadAllLines(Scores);
        var dropped = lines[5].Split(',')[0];
        File.WriteAllLines(Path.Combine(_dir, "covariates", "evmutation.csv"), lines.Where((_, i) => i != 5));
        Assert.Equal(ExitCodes.InvalidInput, Train(Path.Combine(_dir, "covariates"), "--split", "random", "--test-fold", "0"));
        Assert.Contains($"covariate 'evmutation' has no score for variant {dropped}", _err.ToString(), StringComparison.Ordinal);
    }
}
