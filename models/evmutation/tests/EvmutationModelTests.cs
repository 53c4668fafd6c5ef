using Pg2.Contracts;
using Pg2.Sdk;
using Pg2.Sdk.Hosting;

namespace Pg2.Models.Evmutation.Tests;

public sealed class EvmutationModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-evmutation-test").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Error) Run(string output, params string[] extra) => RunWith(_ => null, output, extra);

    private (int Code, string Error) RunWith(Func<string, string?> variables, string output, params string[] extra)
    {
        var err = new StringWriter();
        var env = new HostEnvironment(new StringWriter(), err, variables, AppContext.BaseDirectory);
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

    private string FewIterations()
    {
        var hyper = Path.Combine(_dir, "few.json");
        File.WriteAllText(hyper, """{"max_iterations": "2"}""");
        return hyper;
    }

    private static ModelCacheReport Report(string output) => ModelCacheReport.TryRead(output)
        ?? throw new Xunit.Sdk.XunitException($"no {ModelCacheReport.FileName} in {output}");

    [Fact]
    public void Train_InTheRunnersCache_SecondRunReusesTheFit_AndReportsIt()
    {
        var cache = Path.Combine(_dir, "runner-cache");
        Func<string, string?> env = v => v == ModelCache.DirectoryVariable ? cache : null;
        var (code, error) = RunWith(env, Path.Combine(_dir, "a"), "--hyperparameters-file", FewIterations());
        Assert.True(code == 0, error);
        var first = Report(Path.Combine(_dir, "a"));
        Assert.False(first.Reused);
        Assert.Single(Directory.GetFiles(cache, "*.potts"));

        (code, error) = RunWith(env, Path.Combine(_dir, "b"), "--hyperparameters-file", FewIterations());
        Assert.True(code == 0, error);
        var second = Report(Path.Combine(_dir, "b"));
        Assert.True(second.Reused);
        Assert.Equal(first.Key, second.Key);
        Assert.DoesNotContain("L-BFGS stopped", error);
    }

    [Fact]
    public void Train_RefreshAsked_FitsAgainAndOverwrites()
    {
        var cache = Path.Combine(_dir, "runner-cache");
        var (code, error) = RunWith(v => v == ModelCache.DirectoryVariable ? cache : null, Path.Combine(_dir, "a"), "--hyperparameters-file", FewIterations());
        Assert.True(code == 0, error);
        (code, error) = RunWith(v => v switch
        {
            ModelCache.DirectoryVariable => cache,
            ModelCache.RefreshVariable => "1",
            _ => null,
        }, Path.Combine(_dir, "b"), "--hyperparameters-file", FewIterations());
        Assert.True(code == 0, error);
        Assert.Contains("L-BFGS stopped", error);
        var report = Report(Path.Combine(_dir, "b"));
        Assert.False(report.Reused);
        Assert.Contains("--force", report.Reason);
    }

    [Fact]
    public void Train_WithoutACacheFolder_CachesNothing()
    {
        var (code, error) = Run(Path.Combine(_dir, "a"), "--hyperparameters-file", FewIterations());
        Assert.True(code == 0, error);
        Assert.False(Report(Path.Combine(_dir, "a")).Reused);
        Assert.DoesNotContain("saved fitted parameters", error);
    }

    [Fact]
    public void CacheKey_ChangesWithSettingsAndCodeVersion()
    {
        var alignment = TestData.Small;
        string key = FittedModelCache.KeyOf(alignment, "theta=0.8", "v1");
        Assert.Equal(key, FittedModelCache.KeyOf(alignment, "theta=0.8", "v1"));
        Assert.NotEqual(key, FittedModelCache.KeyOf(alignment, "theta=0.7", "v1"));
        Assert.NotEqual(key, FittedModelCache.KeyOf(alignment, "theta=0.8", "v2"));
        Assert.Equal(FittedModelCache.KeyOf(alignment, "theta=0.8"), FittedModelCache.KeyOf(alignment, "theta=0.8", FittedModelCache.CodeVersion));
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
