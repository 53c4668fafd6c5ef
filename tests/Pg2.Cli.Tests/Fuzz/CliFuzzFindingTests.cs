using System.Text.Json;
using Pg2.Contracts;

namespace Pg2.Cli.Tests.Fuzz;

/// <summary>The smallest inputs of the crashes the CLI fuzz properties found, kept as regressions.</summary>
public sealed class CliFuzzFindingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-fuzz-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void MetricCalc_MseOverflowingToInfinity_WritesNullInsteadOfCrashing()
    {
        var input = Path.Combine(_dir, "predictions.csv");
        var output = Path.Combine(_dir, "metrics.json");
        File.WriteAllText(input, "sequence,test,pred\nA1C,1e308,-1e308\nA1D,-1.2,-0.3\nA1E,2.5,1.9\n");
        var (code, _, err) = CliFuzzTests.Run("metric", "calc", "--output-path", input, "--metric-path", output, "--metrics", "mse,spearman");
        Assert.True(code == ExitCodes.Success, err);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(output));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("mse").ValueKind);
        Assert.Equal(JsonValueKind.Number, doc.RootElement.GetProperty("spearman").ValueKind);
    }
}
