using Pg2.Sdk;
using Pg2.Sdk.Hosting;

namespace Pg2.Models.Evmutation.Tests;

public sealed class EvmutationModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-evmutation-test").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Error) Run(string output, params string[] extra)
    {
        var err = new StringWriter();
        var env = new HostEnvironment(new StringWriter(), err, _ => null, AppContext.BaseDirectory);
        string[] args =
        [
            "train", "--dataset-file", TestData.RepositoryFile("benchmarks/data/ENVZ_ECOLI_Ghose_2023.zip"),
            "--model-toml-file", TestData.RepositoryFile("models/evmutation/manifest.toml"),
            "--output-dir", output, .. extra,
        ];
        int code = ModelHost.Run(new EvmutationModel(), args, env);
        return (code, err.ToString());
    }

    [Fact]
    public void Train_ScoresEveryVariant_AndSecondRunReusesTheFit()
    {
        var hyper = Path.Combine(_dir, "hyperparameters.json");
        File.WriteAllText(hyper, $$"""{"max_iterations": "3", "cache_dir": "{{Path.Combine(_dir, "cache").Replace("\\", "/", StringComparison.Ordinal)}}"}""");
        var (code, error) = Run(Path.Combine(_dir, "a"), "--hyperparameters-file", hyper);
        Assert.True(code == 0, error);
        Assert.Contains("saved fitted parameters", error);
        var first = File.ReadAllLines(Path.Combine(_dir, "a", "ENVZ_ECOLI_Ghose_2023_evmutation.csv"));
        Assert.Equal(1122, first.Length);
        Assert.StartsWith("sequence,test,pred", first[0]);

        (code, error) = Run(Path.Combine(_dir, "b"), "--hyperparameters-file", hyper);
        Assert.True(code == 0, error);
        Assert.Contains("loaded fitted parameters", error);
        Assert.DoesNotContain("L-BFGS stopped", error);
        Assert.Equal(first, File.ReadAllLines(Path.Combine(_dir, "b", "ENVZ_ECOLI_Ghose_2023_evmutation.csv")));
    }

    [Fact]
    public void Train_BadHyperParameter_IsInvalidInput()
    {
        var hyper = Path.Combine(_dir, "bad.json");
        File.WriteAllText(hyper, """{"theta": "1.5"}""");
        var (code, error) = Run(Path.Combine(_dir, "c"), "--hyperparameters-file", hyper);
        Assert.Equal(Pg2.Contracts.ExitCodes.InvalidInput, code);
        Assert.Contains("theta", error);
    }
}
