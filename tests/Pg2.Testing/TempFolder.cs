namespace Pg2.Testing;

/// <summary>A fresh folder under the system's temp folder for one test; deleted (best effort) when disposed.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates <c>$TMPDIR/pg2-&lt;label&gt;-&lt;random&gt;</c>.</summary>
    public TempFolder(string label = "test") => Path = Directory.CreateTempSubdirectory($"pg2-{label}-").FullName;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder (nothing is created).</summary>
    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes <paramref name="content"/> to a file inside the folder, creating its parents; returns its full path.</summary>
    public string File(string relative, string content)
    {
        var path = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a process may still hold a file; the OS cleans temp */ }
        catch (UnauthorizedAccessException) { /* same */ }
    }
}
