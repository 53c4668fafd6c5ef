using System.Text.Json;
using Pg2.Cli.Commands;
using Pg2.Contracts;
using Pg2.Sdk;
using Pg2.Testing;

namespace Pg2.Cli.Tests;

/// <summary>
/// Issue 12's CLI pieces: <c>pg2 model validate</c> says which container contract a model speaks and validates an
/// E4 model on a splits archive; <c>pg2 model new --card</c> writes a model card instead of manifest.toml.
/// </summary>
public sealed class ContractCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-contract-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static JsonElement Check(string json, string name) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().Single(c => c.GetProperty("check").GetString() == name);

    [Fact]
    public async Task Validate_PlsWithTheE4Card_SaysE4_AndTrainsOnASplitsArchive()
    {
        var (code, output, err) = await Cli.RunAsync("model", "validate", Repository.File("models", "pls"),
            "--manifest", Repository.File("benchmarks", "ci", "pls-e4.md"), "--json");

        Assert.True(code == ExitCodes.Success, err + output);
        Assert.Contains("speaks e4 (contract: e4 in pls-e4.md)", Check(output, "contract").GetProperty("message").GetString(), StringComparison.Ordinal);
        var train = Check(output, "train");
        Assert.Equal("passed", train.GetProperty("status").GetString());
        Assert.Contains("_predictions.pgdata: predictions for all", train.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_PlsAsItIs_SpeaksSeed()
    {
        var (code, output, err) = await Cli.RunAsync("model", "validate", Repository.File("models", "pls"));

        Assert.True(code == ExitCodes.Success, err + output);
        Assert.Contains("speaks seed (no org.proteingym.contract label and no contract key: the default)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_NeitherFolderNorImage_IsAUsageError()
    {
        var (code, _, err) = await Cli.RunAsync("model", "validate");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("give a model folder, --image <ref>, or both", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingManifestFile_IsFileNotFound()
    {
        var (code, _, err) = await Cli.RunAsync("model", "validate", Repository.File("models", "pls"), "--manifest", Path.Combine(_dir, "nowhere.md"));
        Assert.Equal(ExitCodes.FileNotFound, code);
        Assert.Contains("--manifest: file not found", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_CardWithAnUnknownContract_FailsTheManifestCheckNamingTheKey()
    {
        var card = Path.Combine(_dir, "README.md");
        File.WriteAllText(card, "---\nname: pls\ncontract: e7\n---\n");
        var (code, output, _) = await Cli.RunAsync("model", "validate", Repository.File("models", "pls"), "--manifest", card, "--json");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("'contract' must be \"seed\" or \"e4\"", Check(output, "manifest").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NewCard_ReplacesManifestTomlWithFrontMatterOfTheSameNameAndHyperParameters()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "m")).FullName;
        var template = Repository.File("templates", "pg2-model");
        File.WriteAllText(Path.Combine(folder, "manifest.toml"), File.ReadAllText(Path.Combine(template, "manifest.supervised.toml")).Replace("pg2-manifest-name", "my-model", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(folder, "README.md"), "# my-model\n\nThe model.\n");
        File.Copy(Path.Combine(template, "Pg2Model.1.csproj"), Path.Combine(folder, "my-model.csproj"));
        var before = ModelManifest.FromPath(Path.Combine(folder, "manifest.toml"));

        ModelNewCommand.ToModelCard(folder, "supervised");

        Assert.False(File.Exists(Path.Combine(folder, "manifest.toml")));
        var card = ModelManifest.FromFolder(folder);
        Assert.Equal(ModelManifestForm.Card, card.Form);
        Assert.Equal("my-model", card.Name);
        Assert.Equal(["supervised"], card.Tags);
        Assert.Equal(ModelContract.Seed, card.Contract);
        Assert.Equal(before.HyperParameters.Keys, card.HyperParameters.Keys);
        Assert.Equal(before.HyperParameters.GetDouble("shrinkage"), card.HyperParameters.GetDouble("shrinkage"));
        Assert.Equal(before.HyperParameters.GetStrings("aa_alphabet", []), card.HyperParameters.GetStrings("aa_alphabet", []));
        Assert.EndsWith("# my-model\n\nThe model.\n", File.ReadAllText(Path.Combine(folder, "README.md")), StringComparison.Ordinal);
        Assert.Contains("Include=\"README.md\"", File.ReadAllText(Path.Combine(folder, "my-model.csproj")), StringComparison.Ordinal);
    }
}
