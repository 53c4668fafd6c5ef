using System.Reflection;
using System.Xml.Linq;
using Pg2.Testing;

namespace Pg2.PublicApi.Tests;

/// <summary>One project of the checkout as its .csproj declares it.</summary>
/// <param name="Name">The project's name (its .csproj file name).</param>
/// <param name="Folder">Its folder, relative to the checkout, with forward slashes (<c>src/Pg2.Runner</c>).</param>
/// <param name="AssemblyName">The assembly it builds (<c>pg2</c> for Pg2.Cli).</param>
/// <param name="ProjectReferences">The names of the projects it references.</param>
/// <param name="PackageReferences">The packages it references.</param>
internal sealed record ProjectFile(string Name, string Folder, string AssemblyName, IReadOnlyList<string> ProjectReferences, IReadOnlyList<string> PackageReferences)
{
    /// <summary>The projects one level below <paramref name="folder"/> (<c>src</c>, <c>models</c>, <c>tools</c>), by name.</summary>
    public static IReadOnlyList<ProjectFile> Under(string folder) =>
        [.. Directory.GetDirectories(Repository.File(folder))
            .SelectMany(d => Directory.GetFiles(d, "*.csproj"))
            .Select(Read)
            .OrderBy(p => p.Name, StringComparer.Ordinal)];

    /// <summary>The libraries under <c>src/</c>.</summary>
    public static IReadOnlyList<ProjectFile> Sources { get; } = Under("src");

    /// <summary>The source project called <paramref name="name"/>.</summary>
    public static ProjectFile Source(string name) => Sources.Single(p => p.Name == name);

    /// <summary>Loads the assembly this project builds; the test project must reference it.</summary>
    public Assembly Load()
    {
        try { return Assembly.Load(AssemblyName); }
        catch (FileNotFoundException)
        {
            Assert.Fail($"{Name} is not referenced by tests/Pg2.PublicApi.Tests: add <ProjectReference Include=\"../../{Folder}/{Name}.csproj\" /> to its .csproj");
            throw;
        }
    }

    static ProjectFile Read(string path)
    {
        var xml = XDocument.Load(path);
        var name = Path.GetFileNameWithoutExtension(path);
        string[] Includes(string item) =>
            [.. xml.Descendants(item).Select(e => (string?)e.Attribute("Include")).OfType<string>()];
        return new ProjectFile(
            name,
            Path.GetRelativePath(Repository.Root, Path.GetDirectoryName(path)!).Replace('\\', '/'),
            xml.Descendants("AssemblyName").Select(e => e.Value).FirstOrDefault() ?? name,
            [.. Includes("ProjectReference").Select(Path.GetFileNameWithoutExtension).OfType<string>()],
            Includes("PackageReference"));
    }
}
