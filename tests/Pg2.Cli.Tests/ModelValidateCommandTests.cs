using System.Globalization;
using System.Text;
using System.Text.Json;
using Pg2.Cli.Validation;
using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Cli.Tests;

/// <summary>
/// <c>pg2 model validate</c> failures that need no build, and the predictions-file check on hand-written
/// files. A full validation (build, ping, train) of template models is in Pg2.Templates.Tests.
/// </summary>
public sealed class ModelValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-model-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);


    private string Folder(string name, params (string File, string Text)[] files)
    {
        var dir = Path.Combine(_dir, name);
        Directory.CreateDirectory(dir);
        foreach (var (file, text) in files) File.WriteAllText(Path.Combine(dir, file), text);
        return dir;
    }

    private static JsonElement[] Checks(string json) => JsonDocument.Parse(json).RootElement.EnumerateArray().ToArray();

    private static JsonElement Check(string json, string name) => Checks(json).Single(c => c.GetProperty("check").GetString() == name);

    [Fact]
    public async Task Validate_MissingFolder_IsFileNotFound()
    {
        var (code, _, err) = await Cli.RunAsync("model", "validate", Path.Combine(_dir, "nowhere"));
        Assert.Equal(ExitCodes.FileNotFound, code);
        Assert.Contains("model folder not found", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_EmptyFolder_FailsStructureAndSaysWhatToAdd()
    {
        var dir = Folder("empty");
        var (code, output, _) = await Cli.RunAsync("model", "validate", dir, "--json");
        Assert.Equal(ExitCodes.InvalidInput, code);
        var structure = Check(output, "structure");
        Assert.Equal("failed", structure.GetProperty("status").GetString());
        var message = structure.GetProperty("message").GetString()!;
        Assert.Contains("no .csproj", message, StringComparison.Ordinal);
        Assert.Contains("no manifest.toml", message, StringComparison.Ordinal);
        Assert.Contains("no Dockerfile", message, StringComparison.Ordinal);
        Assert.Contains("pg2 model new", structure.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Equal("skipped", Check(output, "build").GetProperty("status").GetString());
        Assert.Equal("skipped", Check(output, "train").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Validate_ManifestWithoutName_FailsManifestNamingTheKey()
    {
        var dir = Folder("noname", ("manifest.toml", "[hyper_params]\nalpha = 1.0\n"), ("Dockerfile", "FROM scratch\n"));
        var (code, output, _) = await Cli.RunAsync("model", "validate", dir, "--json");
        Assert.Equal(ExitCodes.InvalidInput, code);
        var manifest = Check(output, "manifest");
        Assert.Equal("failed", manifest.GetProperty("status").GetString());
        Assert.Contains("'name' is missing", manifest.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("name = ", manifest.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ManifestSyntaxError_ReportsTheLine()
    {
        var dir = Folder("syntax", ("manifest.toml", "name = \"m\"\n[hyper_params\n"));
        var (_, output, _) = await Cli.RunAsync("model", "validate", dir, "--json");
        var manifest = Check(output, "manifest");
        Assert.Equal("failed", manifest.GetProperty("status").GetString());
        Assert.Contains("line 2", manifest.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_TextOutput_PrintsOneLinePerCheckAndTheFix()
    {
        var dir = Folder("text", ("manifest.toml", "name = \"m\"\n"));
        var (code, output, _) = await Cli.RunAsync("model", "validate", dir);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("FAIL structure", output, StringComparison.Ordinal);
        Assert.Contains("ok   manifest  name \"m\"", output, StringComparison.Ordinal);
        Assert.Contains("fix: ", output, StringComparison.Ordinal);
        Assert.Contains("check(s) failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UnknownEngine_IsUsageError()
    {
        var dir = Folder("engine");
        var (code, _, err) = await Cli.RunAsync("model", "validate", dir, "--image", "x:latest", "--engine", "lxc");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--engine", err, StringComparison.Ordinal);
    }

    // The predictions check on the files a model could write for the dummy archive.
    private static readonly Dataset Dummy = ChargeLadder.Generate(ModelValidator.DummyRows, ModelValidator.DummyLength, ModelValidator.DummySeed);

    private static int ValidCount()
    {
        var view = Dummy.ForTarget("charge");
        return Dummy.SplitStrategy("charge").Split(view).Valid.Count;
    }

    private string Predictions(string header, int rows, Func<int, string> row)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, "out-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var text = new StringBuilder(header).Append('\n');
        for (int i = 0; i < rows; i++) text.Append(row(i)).Append('\n');
        File.WriteAllText(Path.Combine(dir, "charge_ladder_m.csv"), text.ToString());
        return dir;
    }

    private static string Row(int i) => string.Create(CultureInfo.InvariantCulture, $"SEQ{i},{i * 0.5},{i * 0.25}");

    [Fact]
    public async Task CheckPredictions_SupervisedValidationRows_Passes()
    {
        var dir = Predictions("sequence,test,pred", ValidCount(), Row);
        var check = ModelValidator.CheckPredictions(Dummy, "m", dir, ModelKind.Supervised, "");
        Assert.Equal(CheckStatus.Passed, check.Status);
    }

    [Fact]
    public async Task CheckPredictions_ZeroShotMustScoreEveryRow()
    {
        var dir = Predictions("sequence,test,pred", ValidCount(), Row);
        var check = ModelValidator.CheckPredictions(Dummy, "m", dir, ModelKind.ZeroShot, "");
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Contains($"expected {Dummy.Assays.RowCount} (every row)", check.Message, StringComparison.Ordinal);
        Assert.NotNull(check.Fix);
    }

    [Fact]
    public async Task CheckPredictions_MissingPredColumn_NamesTheColumnsFound()
    {
        var dir = Predictions("sequence,test,score", ValidCount(), Row);
        var check = ModelValidator.CheckPredictions(Dummy, "m", dir, ModelKind.Supervised, "");
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Contains("no column 'pred'", check.Message, StringComparison.Ordinal);
        Assert.Contains("sequence, test, score", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckPredictions_NaNPrediction_Fails()
    {
        var dir = Predictions("sequence,test,pred", ValidCount(), i => i == 1 ? "SEQ1,0.5," : Row(i));
        var check = ModelValidator.CheckPredictions(Dummy, "m", dir, ModelKind.Supervised, "");
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Contains("1 row(s) have an empty or NaN", check.Message, StringComparison.Ordinal);
        Assert.Contains("finite", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckPredictions_InfinitePrediction_NamesTheLine()
    {
        var dir = Predictions("sequence,test,pred", ValidCount(), i => i == 2 ? "SEQ2,1,Infinity" : Row(i));
        var check = ModelValidator.CheckPredictions(Dummy, "m", dir, ModelKind.Supervised, "");
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Contains("line 4", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckPredictions_WrongFileName_ListsWhatWasWritten()
    {
        var dir = Predictions("sequence,test,pred", ValidCount(), Row);
        var check = ModelValidator.CheckPredictions(Dummy, "other", dir, ModelKind.Supervised, "");
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Contains("no charge_ladder_other.csv", check.Message, StringComparison.Ordinal);
        Assert.Contains("found: charge_ladder_m.csv", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckPredictions_UnknownKind_AcceptsEitherCount()
    {
        var all = Predictions("sequence,test,pred", Dummy.Assays.RowCount, Row);
        Assert.Equal(CheckStatus.Passed, ModelValidator.CheckPredictions(Dummy, "m", all, ModelKind.Unknown, "").Status);
        var odd = Predictions("sequence,test,pred", 3, Row);
        Assert.Equal(CheckStatus.Failed, ModelValidator.CheckPredictions(Dummy, "m", odd, ModelKind.Unknown, "").Status);
    }
}
