namespace Pg2.Contracts;

/// <summary>
/// The pg2 checkout: the folder holding <c>pg2.slnx</c>. Models build from it (models/Dockerfile, the
/// shared sources), and <c>pg2 model new</c> copies its template. The one finder every part uses.
/// </summary>
public static class Checkout
{
    /// <summary>The file that marks a checkout's root.</summary>
    public const string Marker = "pg2.slnx";

    /// <summary>The checkout holding <paramref name="dir"/> (the nearest folder at or above it with <see cref="Marker"/>), else null.</summary>
    public static string? Above(string dir)
    {
        for (var d = new DirectoryInfo(Path.GetFullPath(dir)); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, Marker))) return d.FullName;
        return null;
    }

    /// <summary>
    /// The checkout above <paramref name="start"/>, else above PG2_HOME (set by the ./pg2 launcher), the
    /// working folder or the running program, in that order; null when none is.
    /// </summary>
    public static string? Find(string? start = null)
    {
        foreach (var candidate in new[] { start, Environment.GetEnvironmentVariable("PG2_HOME"), Environment.CurrentDirectory, AppContext.BaseDirectory })
            if (!string.IsNullOrEmpty(candidate) && Above(candidate) is { } root) return root;
        return null;
    }
}
