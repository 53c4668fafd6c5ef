using Pg2.Datasets;
using Pg2.Contracts;
using Pg2.Testing;

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
    public void GetDoubles_ReadsANumberList_IntegersIncluded_AndNamesTheKeyOfAnythingElse()
    {
        var m = ModelManifest.Parse("name = \"x\"\n[hyper_params]\ngrid = [0.5, 10]\nwords = [\"a\"]\none = 1.0\n", "m.toml");
        Assert.Equal([0.5, 10.0], m.HyperParameters.GetDoubles("grid", []));
        Assert.Equal([2.0], m.HyperParameters.GetDoubles("missing", [2.0]));
        var words = Assert.Throws<InvalidInputException>(() => m.HyperParameters.GetDoubles("words", []));
        Assert.Equal("m.toml: hyper-parameter 'words' must be a list of numbers, got a list", words.Message);
        Assert.Contains("'one' must be a list of numbers, got 1 (float)", Assert.Throws<InvalidInputException>(() => m.HyperParameters.GetDoubles("one", [])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetPositiveDouble_AndGetPositiveDoubles_RefuseZeroNegativeAndEmpty_NamingTheKey()
    {
        var m = ModelManifest.Parse("name = \"x\"\n[hyper_params]\nalpha = 0.0\nok = 2\ngrid = [1.0, -1.0]\nnone = []\n", "m.toml");
        Assert.Equal(2.0, m.HyperParameters.GetPositiveDouble("ok", 1));
        Assert.Equal(3.0, m.HyperParameters.GetPositiveDouble("missing", 3));
        Assert.Equal("m.toml: hyper-parameter 'alpha' must be a finite number > 0, got 0",
            Assert.Throws<InvalidInputException>(() => m.HyperParameters.GetPositiveDouble("alpha", 1)).Message);
        Assert.Equal("m.toml: hyper-parameter 'grid' must be a non-empty list of finite numbers > 0, got [1, -1]",
            Assert.Throws<InvalidInputException>(() => m.HyperParameters.GetPositiveDoubles("grid", [1.0])).Message);
        Assert.Contains("'none' must be a non-empty list", Assert.Throws<InvalidInputException>(() => m.HyperParameters.GetPositiveDoubles("none", [1.0])).Message, StringComparison.Ordinal);
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

    const string PlsCard = """
        ---
        # Model identifier used for referencing this model in the benchmark system
        name: pls

        tags: ["supervised"]

        # Multi-target support flag
        multi_y: false

        hyper_parameters:
            n_components: 2
            aa_alphabet: ["A", "C", "D"]
            aa_alphabet_length: 20
            rate: 0.5
            label: "007"
        model_class: "evedesign.models.esm2:ESM2"
        ---
        # PLS

        Free Markdown, ignored: name: not-this
        """;

    [Fact]
    public void ParseCard_ReadsNameTagsMultiYHyperParametersAndKeepsExtraKeys()
    {
        var m = ModelManifest.ParseCard(PlsCard, "models/pls/README.md");
        Assert.Equal("pls", m.Name);
        Assert.Equal(ModelManifestForm.Card, m.Form);
        Assert.Equal(["supervised"], m.Tags);
        Assert.False(m.MultiY);
        Assert.Equal(2, m.HyperParameters.GetInt32("n_components", 0));
        Assert.Equal(["A", "C", "D"], m.HyperParameters.GetStrings("aa_alphabet", []));
        Assert.Equal(0.5, m.HyperParameters.GetDouble("rate", 0));
        Assert.Equal("007", m.HyperParameters.GetString("label")); // quoted: stays a string
        Assert.Equal("evedesign.models.esm2:ESM2", m.Extra["model_class"]);
    }

    [Fact]
    public void ParseCard_AcceptsTheOlderHyperParamsKey()
    {
        var m = ModelManifest.ParseCard("---\nname: x\nhyper_params:\n  k: 3\n---\n", "README.md");
        Assert.Equal(3, m.HyperParameters.GetInt64("k"));
    }

    [Fact]
    public void TomlAndCard_GiveTheSameManifest()
    {
        var toml = ModelManifest.Parse("""
            name = "pls"
            tags = ["supervised"]
            multi_y = true
            [hyper_parameters]
            n_components = 2
            aa_alphabet = ["A", "C"]
            """, "m.toml");
        var card = ModelManifest.ParseCard("---\nname: pls\ntags: [supervised]\nmulti_y: true\nhyper_parameters:\n  n_components: 2\n  aa_alphabet: [A, C]\n---\n", "README.md");
        Assert.Equal(toml.Name, card.Name);
        Assert.Equal(toml.Tags, card.Tags);
        Assert.True(toml.MultiY && card.MultiY);
        Assert.Equal(toml.HyperParameters.Keys, card.HyperParameters.Keys);
        Assert.Equal(toml.HyperParameters.GetStrings("aa_alphabet", []), card.HyperParameters.GetStrings("aa_alphabet", []));
        Assert.Equal(toml.Extra["tags"], card.Extra["tags"]);
    }

    [Theory]
    [InlineData("name: x\n", "starts with a front matter line")]
    [InlineData("---\nname: x\n", "no closing")]
    [InlineData("---\nhyper_parameters: {}\n---\n", "'name' is missing")]
    [InlineData("---\nname: [a]\n---\n", "'name' must be a non-empty string")]
    [InlineData("---\nname: ../x\n---\n", "'name'")]
    [InlineData("---\nname: x\nname: y\n---\n", "line 3")]
    [InlineData("---\nname: x\ntags: supervised\n---\n", "'tags' must be a list")]
    [InlineData("---\nname: x\nmulti_y: maybe\n---\n", "'multi_y' must be true or false")]
    [InlineData("---\nname: x\nhyper_parameters: [1, 2]\n---\n", "'hyper_parameters' must be a mapping")]
    [InlineData("---\nname: x\nhyper_parameters:\n  k: {a: 1}\n---\n", "hyper-parameter 'k'")]
    [InlineData("---\nname: x\nbase: &a [1, 2]\nmore: *a\n---\n", "anchors and aliases")]
    [InlineData("---\nname: x\n  bad: [\n---\n", "line ")]
    [InlineData("---\n- a\n- b\n---\n", "must be a mapping")]
    public void ParseCard_HostileInput_IsOneLineNamingFileAndField(string text, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => ModelManifest.ParseCard(text, "models/x/README.md"));
        Assert.Contains("models/x/README.md", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void FromFolder_PrefersManifestTomlThenACardWithFrontMatter()
    {
        using var dir = new TempFolder("manifest");
        dir.File("README.md", "# docs only\n");
        Assert.Null(ModelManifestFile.InFolder(dir.Path));
        Assert.Equal(ExitCodes.FileNotFound, Assert.Throws<InvalidInputException>(() => ModelManifest.FromFolder(dir.Path)).ExitCode);
        dir.File("README.md", "---\nname: card\n---\n# docs\n");
        Assert.Equal("card", ModelManifest.FromFolder(dir.Path).Name);
        dir.File("manifest.toml", "name = \"toml\"\n");
        Assert.Equal("toml", ModelManifest.FromFolder(dir.Path).Name);
    }
}
