using Pg2.Contracts;
using Pg2.Sdk.Hosting;

namespace Pg2.Sdk.Tests.Fuzz;

/// <summary>The smallest inputs of the failures the model-input fuzz properties found, kept as regressions.</summary>
public sealed class ModelInputFuzzFindingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-fuzz-sdk-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void HyperParametersJson_InvalidTokenBeforeALineBreak_IsOneLineError()
    {
        var path = Path.Combine(_dir, "hyperparameters.json");
        File.WriteAllText(path, "{\n  \"alpha\": nan\n  \"beta\": \"2\"\n}\n");
        var e = Assert.Throws<InvalidInputException>(() => TrainJob.ReadOverrides(path));
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void HyperParametersJson_DuplicateKey_IsAnInputErrorNamingTheKey()
    {
        var path = Path.Combine(_dir, "hyperparameters.json");
        File.WriteAllText(path, "{\"n_components\": \"2\", \"n_components\": \"3\"}");
        var e = Assert.Throws<InvalidInputException>(() => TrainJob.ReadOverrides(path));
        Assert.Contains("'n_components' is given twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelManifest_UnterminatedQuotedKeyThenBackslashAtTheEnd_IsASyntaxError()
    {
        var e = Assert.Throws<InvalidInputException>(() => ModelManifest.Parse("name = \"x\"\n\"\n[a]\nb = 1\n\\", "manifest.toml"));
        Assert.StartsWith("manifest.toml: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HyperParametersJson_NotUtf8_IsAnInputError()
    {
        var path = Path.Combine(_dir, "hyperparameters.json");
        File.WriteAllBytes(path, [.. "{\"a"u8, 0xFE, 0xFF, .. "\": \"1\"}"u8]);
        var e = Assert.Throws<InvalidInputException>(() => TrainJob.ReadOverrides(path));
        Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HyperParametersJson_ListOfTheWrongKind_IsShownOnOneLine()
    {
        var manifest = ModelManifest.Parse("name = \"m\"\n[hyper_params]\naa = [\"A\", \"C\"]\n", "manifest.toml");
        var path = Path.Combine(_dir, "hyperparameters.json");
        File.WriteAllText(path, "{\n  \"aa\": [\n    \"A\",\n    null\n  ]\n}\n");
        var e = Assert.Throws<InvalidInputException>(() => manifest.HyperParameters.WithOverrides(TrainJob.ReadOverrides(path), path));
        Assert.Contains("hyper-parameter 'aa'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
