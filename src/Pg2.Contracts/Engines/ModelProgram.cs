namespace Pg2.Contracts;

/// <summary>The language a model folder's program is written in.</summary>
public enum ModelLanguage
{
    /// <summary>A C# project (one <c>*.csproj</c> at the top of the folder), built with <c>dotnet build</c>.</summary>
    DotNet,
    /// <summary>A Python package with a <c>__main__.py</c>, run as <c>python3 -m &lt;package&gt;</c>.</summary>
    Python,
}

/// <summary>
/// What a model folder's program is and how it starts, decided once for every engine and
/// <c>pg2 model validate</c>: a folder with one <c>*.csproj</c> at its top is a .NET program; else a
/// folder with exactly one Python package holding <c>__main__.py</c> — under <c>src/</c> (the pg2
/// guide's layout, <c>src/&lt;package&gt;/__main__.py</c>) or at the top (<c>&lt;package&gt;/__main__.py</c>) —
/// is a Python program, started as <c>python3 -m &lt;package&gt;</c> with <see cref="PythonRoot"/> on
/// <c>PYTHONPATH</c>. Container engines do not care: an image is an image.
/// </summary>
/// <param name="Language">The program's language.</param>
/// <param name="Folder">The model folder (absolute).</param>
/// <param name="Project">The <c>*.csproj</c> (.NET), else null.</param>
/// <param name="PythonPackage">The package run with <c>-m</c> (Python), else null.</param>
/// <param name="PythonRoot">The folder holding <see cref="PythonPackage"/> (Python), else null.</param>
public sealed record ModelProgram(ModelLanguage Language, string Folder, string? Project, string? PythonPackage, string? PythonRoot)
{
    /// <summary>Detects the program of <paramref name="folder"/>; <paramref name="modelName"/> labels errors.</summary>
    /// <exception cref="InvalidInputException">Neither kind, or more than one candidate.</exception>
    public static ModelProgram Of(string folder, string modelName)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var projects = Directory.GetFiles(folder, "*.csproj", SearchOption.TopDirectoryOnly);
        if (projects.Length > 1)
            throw new InvalidInputException($"model '{modelName}': several .csproj files in {folder}; keep one model project at the top");
        if (projects.Length == 1) return new(ModelLanguage.DotNet, folder, projects[0], null, null);
        var packages = PythonPackages(folder);
        return packages.Count switch
        {
            1 => new(ModelLanguage.Python, folder, null, Path.GetFileName(packages[0]), Path.GetDirectoryName(packages[0])),
            0 => throw new InvalidInputException(
                $"model '{modelName}': {folder} has no .csproj and no Python package with __main__.py (src/<package>/__main__.py)"),
            _ => throw new InvalidInputException(
                $"model '{modelName}': {folder} has several Python packages with __main__.py ({string.Join(", ", packages.Select(p => Path.GetRelativePath(folder, p)))}); keep one entry point"),
        };
    }

    /// <summary>True when <paramref name="folder"/> holds a Python program and no .NET project.</summary>
    public static bool IsPython(string folder) =>
        Directory.GetFiles(folder, "*.csproj", SearchOption.TopDirectoryOnly).Length == 0 && PythonPackages(folder).Count > 0;

    static List<string> PythonPackages(string folder)
    {
        var found = new List<string>();
        foreach (var root in new[] { Path.Combine(folder, "src"), folder })
        {
            if (!Directory.Exists(root)) continue;
            foreach (var dir in Directory.GetDirectories(root))
                if (File.Exists(Path.Combine(dir, "__main__.py")) && IsIdentifier(Path.GetFileName(dir))) found.Add(dir);
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
