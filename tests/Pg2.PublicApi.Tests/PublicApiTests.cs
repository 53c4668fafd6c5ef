using PublicApiGenerator;
using Pg2.Testing;

namespace Pg2.PublicApi.Tests;

/// <summary>
/// The public API of every library under src/ equals its committed baseline, so API changes are
/// deliberate: a change fails here until its author accepts it with
/// <c>PG2_ACCEPT_API=1 dotnet test tests/Pg2.PublicApi.Tests</c>, and the baseline's diff shows it in review.
/// </summary>
public sealed class PublicApiTests
{
    const string AcceptVariable = "PG2_ACCEPT_API";
    const string AcceptCommand = $"{AcceptVariable}=1 dotnet test tests/Pg2.PublicApi.Tests";

    // Assembly attributes (target framework, InternalsVisibleTo) say nothing about the API and change with builds.
    static readonly ApiGeneratorOptions Options = new() { IncludeAssemblyAttributes = false };

    static bool Accepting => Environment.GetEnvironmentVariable(AcceptVariable) == "1";

    static string BaselineFolder => Repository.File("tests", "Pg2.PublicApi.Tests", "Baselines");

    static string BaselineOf(string project) => Path.Combine(BaselineFolder, project + ".txt");

    /// <summary>Every project under src/.</summary>
    public static TheoryData<string> Libraries => [.. ProjectFile.Sources.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Libraries))]
    public void PublicApi_EqualsItsBaseline(string project)
    {
        var api = Lines(ProjectFile.Source(project).Load().GeneratePublicApi(Options));
        var baseline = BaselineOf(project);
        if (Accepting)
        {
            File.WriteAllText(baseline, api);
            return;
        }
        Assert.True(File.Exists(baseline), $"{project}: no baseline {Relative(baseline)}; create it with {AcceptCommand}");
        var approved = Lines(File.ReadAllText(baseline));
        if (approved != api)
            Assert.Fail($"{project}: public API differs from {Relative(baseline)} ({FirstDifference(approved, api)}). If the change is deliberate, accept it: {AcceptCommand}");
    }

    [Fact]
    public void Baselines_BelongToLibrariesThatExist()
    {
        var libraries = ProjectFile.Sources.Select(p => p.Name + ".txt").ToHashSet(StringComparer.Ordinal);
        var stale = Directory.GetFiles(BaselineFolder, "*.txt").Where(f => !libraries.Contains(Path.GetFileName(f))).ToList();
        if (Accepting) stale.ForEach(File.Delete);
        else Assert.True(stale.Count == 0, $"baselines without a library under src/: {string.Join(", ", stale.Select(Relative))}; remove them with {AcceptCommand}");
    }

    // Git may check a baseline out with CRLF; compare lines, not line endings.
    static string Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";

    static string Relative(string path) => Path.GetRelativePath(Repository.Root, path);

    static string FirstDifference(string approved, string actual)
    {
        var a = approved.Split('\n');
        var b = actual.Split('\n');
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        string At(string[] lines) => i < lines.Length ? $"\"{lines[i].Trim()}\"" : "end of file";
        return $"line {i + 1}: baseline has {At(a)}, the build has {At(b)}";
    }
}
