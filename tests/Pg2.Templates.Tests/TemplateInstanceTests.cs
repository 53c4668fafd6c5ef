using System.Text.Json;
using Pg2.Cli;
using Pg2.Datasets;
using Pg2.Contracts;
using Pg2.Testing;

namespace Pg2.Templates.Tests;

/// <summary>These tests install a dotnet template and run dotnet builds: one at a time.</summary>
[CollectionDefinition("Templates", DisableParallelization = true)]
public sealed class TemplatesCollection;

/// <summary>
/// The pg2-model template end to end: <c>pg2 model new</c> (which installs templates/pg2-model into
/// <c>dotnet new</c>) creates a model in a temp folder, then <c>pg2 model validate</c> builds it, pings it
/// and trains it on a dummy archive. Slow (a dotnet build per kind), so one instance per kind.
/// </summary>
[Collection("Templates")]
public sealed class TemplateInstanceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-template-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { /* a build server may still hold a file; the OS cleans temp */ }
    }

    private static Task<CliResult> Pg2(params string[] args) => CliResult.CaptureAsync((output, error) => Pg2App.RunAsync(args, output, error));

    private static async Task<Dictionary<string, (string Status, string Message)>> Validate(string folder)
    {
        var (code, output, err) = await Pg2("model", "validate", folder, "--json");
        var checks = JsonDocument.Parse(output).RootElement.EnumerateArray().ToDictionary(
            c => c.GetProperty("check").GetString()!,
            c => (c.GetProperty("status").GetString()!, c.GetProperty("message").GetString()!));
        Assert.True(code == ExitCodes.Success, $"validate exited {code}: {output}\n{err}");
        return checks;
    }

    [Theory]
    [InlineData("supervised", "SupModel", new[] { "Program.cs", "Preprocess.cs", "Train.cs", "Predict.cs" })]
    [InlineData("zero-shot", "ZsModel", new[] { "Program.cs", "Preprocess.cs", "Predict.cs" })]
    public async Task NewModel_HasTheGuidesLayout_AndValidates(string kind, string name, string[] sources)
    {
        var folder = Path.Combine(_dir, name);
        var (code, output, err) = await Pg2("model", "new", name, "--kind", kind, "-o", folder);
        Assert.True(code == ExitCodes.Success, $"model new exited {code}: {output}\n{err}");

        foreach (var file in sources.Concat(["manifest.toml", "README.md", "game.toml", "data/dataset.zip", $"{name}.csproj", $"tests/{name}.Tests.csproj"]))
            Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} missing");
        Assert.Equal(kind == "supervised", File.Exists(Path.Combine(folder, "Train.cs")));
        // The checkout's models/Dockerfile builds the image: the folder holds no copy of it.
        Assert.False(File.Exists(Path.Combine(folder, "Dockerfile")), "the folder has its own Dockerfile");
        Assert.Contains($"name = \"{name.ToLowerInvariant()}\"", File.ReadAllText(Path.Combine(folder, "manifest.toml")), StringComparison.Ordinal);
        Assert.Contains($"kind = \"{kind}\"", File.ReadAllText(Path.Combine(folder, "game.toml")), StringComparison.Ordinal);
        // The SDK path and the folder's path in the README were filled in; no template token is left.
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".zip", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("PG2_", text.Replace("PG2_HOME", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("Pg2Model", text, StringComparison.Ordinal);
        }

        var checks = await Validate(folder);
        Assert.Equal("passed", checks["manifest"].Status);
        Assert.Equal("passed", checks["build"].Status);
        Assert.Equal("passed", checks["ping"].Status);
        Assert.Equal("passed", checks["train"].Status);
        // Outside a pg2 checkout's models/ no Dockerfile builds the image: a warning, not a failure.
        Assert.Equal("warning", checks["structure"].Status);
        Assert.Contains("not under a pg2 checkout's models/", checks["structure"].Message, StringComparison.Ordinal);
        Assert.Contains(kind, checks["structure"].Message, StringComparison.Ordinal);
    }
}
