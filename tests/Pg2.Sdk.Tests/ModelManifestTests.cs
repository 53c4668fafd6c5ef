using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Sdk.Tests;

public class ModelManifestTests
{
    [Fact]
    public void Parse_ReadsNameHyperParamsAndKeepsUnknownKeys()
    {
        var m = ModelManifest.Parse("""
            name = "pls"
            tags = ["supervised"]
            [hyper_params]
            n_components = 3
            alpha = 0.5
            nogpu = true
            location = "esm2"
            aa_alphabet = ["A", "C"]
            """, "m.toml");
        Assert.Equal("pls", m.Name);
        Assert.Equal(3, m.HyperParameters.GetInt32("n_components", 2));
        Assert.Equal(0.5, m.HyperParameters.GetDouble("alpha", 1));
        Assert.True(m.HyperParameters.GetBoolean("nogpu", false));
        Assert.Equal("esm2", m.HyperParameters.GetString("location"));
        Assert.Equal(["A", "C"], m.HyperParameters.GetStrings("aa_alphabet", []));
        Assert.True(m.Extra.ContainsKey("tags"));
        Assert.Equal(7, m.HyperParameters.GetInt64("missing", 7));
    }

    [Fact]
    public void Parse_AcceptsHyperParametersSpelling()
    {
        var m = ModelManifest.Parse("name = \"x\"\n[hyper_parameters]\nk = 1\n", "m.toml");
        Assert.Equal(1, m.HyperParameters.GetInt64("k"));
    }

    [Fact]
    public void Parse_IntegerAcceptedWhereFloatExpected()
    {
        var m = ModelManifest.Parse("name = \"x\"\n[hyper_params]\nalpha = 2\n", "m.toml");
        Assert.Equal(2.0, m.HyperParameters.GetDouble("alpha", 1));
    }

    [Fact]
    public void Parse_MissingName_NamesKeyAndFile()
    {
        var e = Assert.Throws<InvalidInputException>(() => ModelManifest.Parse("[hyper_params]\nk = 1\n", "models/x/manifest.toml"));
        Assert.Contains("'name'", e.Message);
        Assert.Contains("models/x/manifest.toml", e.Message);
    }

    [Fact]
    public void WrongType_NamesKeyFileAndValue()
    {
        var m = ModelManifest.Parse("name = \"x\"\n[hyper_params]\nn_components = \"two\"\n", "m.toml");
        var e = Assert.Throws<InvalidInputException>(() => m.HyperParameters.GetInt32("n_components", 2));
        Assert.Contains("n_components", e.Message);
        Assert.Contains("m.toml", e.Message);
        Assert.Contains("\"two\"", e.Message);
    }

    [Fact]
    public void MissingRequiredHyperParameter_IsAnError()
    {
        var m = ModelManifest.Parse("name = \"x\"\n", "m.toml");
        var e = Assert.Throws<InvalidInputException>(() => m.HyperParameters.GetDouble("alpha"));
        Assert.Contains("'alpha'", e.Message);
    }

    [Fact]
    public void Parse_SyntaxError_GivesLine()
    {
        var e = Assert.Throws<InvalidInputException>(() => ModelManifest.Parse("name = \"x\"\n[hyper_params\n", "m.toml"));
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void FromPath_MissingFile_IsFileNotFound()
    {
        var e = Assert.Throws<InvalidInputException>(() => ModelManifest.FromPath("/nonexistent/manifest.toml"));
        Assert.Equal(ExitCodes.FileNotFound, e.ExitCode);
    }
}
