using System.Reflection;
using Pg2.Testing;

namespace Pg2.PublicApi.Tests;

/// <summary>
/// Who may reference whom, the table of docs/architecture.md: data flows one way, each part knows only
/// what is upstream of it, Contracts depends on nothing, and engines are plugins that know only Contracts.
/// </summary>
public sealed class ReferenceRulesTests
{
    const string Contracts = "Pg2.Contracts", Datasets = "Pg2.Datasets", Metrics = "Pg2.Metrics", Sdk = "Pg2.Sdk",
        Runner = "Pg2.Runner", Engines = "Pg2.Engines", SageMaker = "Pg2.SageMaker";

    /// <summary>The pg2 projects each project may reference (directly or through another).</summary>
    static readonly Dictionary<string, string[]> MayReference = new(StringComparer.Ordinal)
    {
        [Contracts] = [],
        [Datasets] = [Contracts],
        [Metrics] = [Contracts],
        [Sdk] = [Contracts, Datasets],
        [Runner] = [Contracts, Datasets, Metrics, Sdk],
        [Engines] = [Contracts],
        [SageMaker] = [Contracts],
        ["Pg2.Cli"] = [Contracts, Datasets, Metrics, Sdk, Runner, Engines, SageMaker],
        ["Pg2.SageMakerEmulator"] = [Contracts, SageMaker],
    };

    /// <summary>Every model under models/ builds on the SDK alone: it never links the runner, the CLI or an engine.</summary>
    static readonly string[] ModelsMayReference = [Contracts, Datasets, Sdk];

    /// <summary>What a model image carries (Contracts, Datasets, Sdk and the model) stays free of these.</summary>
    static readonly string[] NotInModelImages = ["AWSSDK.", "Docker.", "Spectre.", "ScottPlot", "Polly"];

    static IReadOnlyList<ProjectFile> Governed { get; } = [.. ProjectFile.Sources, .. ProjectFile.Under("models"), .. ProjectFile.Under("tools")];

    static string[] Allowed(ProjectFile project) =>
        project.Folder.StartsWith("models/", StringComparison.Ordinal) ? ModelsMayReference
        : MayReference.TryGetValue(project.Name, out var allowed) ? allowed
        : throw new InvalidOperationException($"{project.Folder}: not in the reference table");

    /// <summary>Every project under src/, models/ and tools/.</summary>
    public static TheoryData<string> Projects => [.. Governed.Select(p => p.Folder)];

    /// <summary>Every library under src/.</summary>
    public static TheoryData<string> Libraries => [.. ProjectFile.Sources.Select(p => p.Name)];

    [Fact]
    public void EveryProject_HasARowInTheTable()
    {
        var missing = Governed.Where(p => !p.Folder.StartsWith("models/", StringComparison.Ordinal) && !MayReference.ContainsKey(p.Name)).Select(p => p.Folder);
        Assert.True(!missing.Any(), $"no reference rule for {string.Join(", ", missing)}: add a row to docs/architecture.md and to {nameof(ReferenceRulesTests)}.{nameof(MayReference)}");
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void DeclaredProjectReferences_AreAllowed(string folder)
    {
        var project = Governed.Single(p => p.Folder == folder);
        var allowed = Allowed(project);
        var forbidden = project.ProjectReferences.Where(r => !allowed.Contains(r)).ToList();
        Assert.True(forbidden.Count == 0, $"{folder} references {string.Join(", ", forbidden)}; it may reference only {Listed(allowed)} (docs/architecture.md)");
    }

    // The compiled references also catch a reference that arrives another way than the .csproj (a props file, a copied source).
    [Theory]
    [MemberData(nameof(Libraries))]
    public void CompiledPg2References_AreAllowed(string name)
    {
        var project = ProjectFile.Source(name);
        var byAssembly = ProjectFile.Sources.ToDictionary(p => p.AssemblyName, p => p.Name, StringComparer.Ordinal);
        var used = project.Load().GetReferencedAssemblies().Select(a => byAssembly.GetValueOrDefault(a.Name!)).OfType<string>();
        var forbidden = used.Where(r => !Allowed(project).Contains(r)).ToList();
        Assert.True(forbidden.Count == 0, $"{name} is compiled against {string.Join(", ", forbidden)}; it may reference only {Listed(Allowed(project))}");
    }

    [Fact]
    public void Contracts_ReferencesOnlyTheSharedFramework()
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var outside = ProjectFile.Source(Contracts).Load().GetReferencedAssemblies()
            .Where(a => Path.GetDirectoryName(Assembly.Load(a).Location) != framework).Select(a => a.Name);
        Assert.Empty(outside);
        Assert.Empty(ProjectFile.Source(Contracts).PackageReferences);
    }

    [Theory]
    [InlineData(Contracts)]
    [InlineData(Datasets)]
    [InlineData(Sdk)]
    public void ModelImageLibraries_CarryNoCloudDockerOrConsoleCode(string name)
    {
        var carried = Closure(ProjectFile.Source(name).Load()).Where(IsNotForModelImages).ToList();
        Assert.True(carried.Count == 0, $"{name} (in every model image) depends on {string.Join(", ", carried)}");
    }

    [Fact]
    public void Models_ReferenceNoCloudDockerOrConsolePackages()
    {
        var carried = ProjectFile.Under("models").SelectMany(p => p.PackageReferences.Where(IsNotForModelImages).Select(r => $"{p.Folder} references {r}, which no model image may carry")).ToList();
        Assert.True(carried.Count == 0, string.Join("; ", carried));
    }

    // The page and this table must not drift apart: the page's "may reference" column names the same projects.
    [Fact]
    public void ArchitectureDoc_ListsTheSameReferences()
    {
        var rows = File.ReadLines(Repository.File("docs", "architecture.md"))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .Where(c => c.Length > 4 && c[1].StartsWith('`') && c[1].EndsWith('`'))
            .ToDictionary(c => c[1].Trim('`'), c => ShortNames(c[3]), StringComparer.Ordinal);
        var expected = Governed.Where(p => !p.Folder.StartsWith("models/", StringComparison.Ordinal))
            .Select(p => (Row: p.Folder, Allowed: Allowed(p)))
            .Append((Row: "models/<name>", Allowed: ModelsMayReference));
        Assert.All(expected, e =>
        {
            Assert.True(rows.TryGetValue(e.Row, out var listed), $"docs/architecture.md has no row for `{e.Row}`");
            Assert.True(listed!.SetEquals(e.Allowed), $"docs/architecture.md: `{e.Row}` may reference {Listed([.. listed.Order()])} there, {Listed(e.Allowed)} in {nameof(ReferenceRulesTests)}");
        });
    }

    [Fact]
    public void ReadmeLayout_NamesEverySourceProject()
    {
        var readme = File.ReadAllText(Repository.File("README.md"));
        var missing = ProjectFile.Sources.Where(p => !readme.Contains($"| `{p.Folder}` |", StringComparison.Ordinal)).Select(p => p.Folder);
        Assert.Empty(missing);
    }

    // "Contracts, Datasets (the parser)" -> {Pg2.Contracts, Pg2.Datasets}: capitalised project names only.
    static HashSet<string> ShortNames(string cell) =>
        [.. System.Text.RegularExpressions.Regex.Matches(cell, @"\b[A-Z][A-Za-z]+\b").Select(m => "Pg2." + m.Value)
            .Where(n => MayReference.ContainsKey(n))];

    static bool IsNotForModelImages(string assemblyOrPackage) =>
        NotInModelImages.Any(p => assemblyOrPackage.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    static string Listed(string[] projects) => projects.Length == 0 ? "nothing of pg2's" : string.Join(", ", projects);

    // Every assembly a library needs at run time, through its references' references too.
    static IEnumerable<string> Closure(Assembly root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { root.GetName().Name! };
        var pending = new Queue<Assembly>([root]);
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location);
        while (pending.TryDequeue(out var assembly))
            foreach (var reference in assembly.GetReferencedAssemblies())
                if (seen.Add(reference.Name!))
                {
                    var loaded = Assembly.Load(reference);
                    if (Path.GetDirectoryName(loaded.Location) != framework) pending.Enqueue(loaded);
                }
        return seen;
    }
}
