using System.Text.Json;
using Pg2.Contracts;

namespace Pg2.Cli.Tests;

/// <summary>
/// <c>pg2 model validate</c> failures that need no build. The checks themselves are tested in
/// Pg2.Runner.Tests (ModelValidatorTests); a full validation of template models is in Pg2.Templates.Tests.
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
}
