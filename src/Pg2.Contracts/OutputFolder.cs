namespace Pg2.Contracts;

/// <summary>
/// The checks every output folder gets before anything is written into it: it is created when missing,
/// and a path under a file, a folder that cannot be created or one that is not writable is an
/// <see cref="InvalidInputException"/> with one line naming the folder. File names put into a folder
/// must stay inside it (defence in depth against names from archives and manifests).
/// </summary>
public static class OutputFolder
{
    /// <summary>
    /// Creates <paramref name="folder"/> if missing and checks that it is a writable folder;
    /// <paramref name="what"/> names it in messages (e.g. <c>--results</c>). Returns its full path.
    /// </summary>
    public static string Ensure(string folder, string what)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var full = Create(folder, what);
        var probe = Path.Combine(full, $".pg2-write-check.{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            using var _ = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{what} {folder}: the folder is not writable ({e.Message.TrimEnd('.')})", e);
        }
        return full;
    }

    /// <summary>Creates <paramref name="folder"/> (and its parents) if missing; one-line errors. Returns its full path.</summary>
    internal static string Create(string folder, string what)
    {
        var full = Path.GetFullPath(folder);
        // The first existing ancestor must be a folder: "out.zip/x" under a file is a user error, not a crash.
        for (var probe = full; probe is not null; probe = Path.GetDirectoryName(probe))
        {
            var kind = FileKinds.Of(probe);
            if (kind == FileKind.Missing) continue;
            if (kind == FileKind.Folder || (kind == FileKind.SymbolicLink && Directory.Exists(probe))) break;
            throw new InvalidInputException(probe == full
                ? $"{what} {folder}: is a file, expected a folder"
                : $"{what} {folder}: cannot create the folder: {probe} is a file");
        }
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{what} {folder}: cannot create the folder ({e.Message.TrimEnd('.')})", e);
        }
        return full;
    }

    /// <summary>
    /// The path of <paramref name="fileName"/> directly inside <paramref name="folder"/>. A name with a
    /// separator, <c>..</c>, a rooted name or one that resolves elsewhere is refused, naming
    /// <paramref name="what"/>: such names come from archives or manifests and must never pick the folder.
    /// </summary>
    public static string Inside(string folder, string fileName, string what)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(fileName);
        var root = Path.GetFullPath(folder);
        var full = Path.GetFullPath(Path.Combine(root, fileName));
        if (fileName.Length == 0 || fileName is "." or ".." || fileName.IndexOfAny(['/', '\\', '\0']) >= 0
            || Path.IsPathRooted(fileName)
            || !string.Equals(Path.GetDirectoryName(full), root.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            throw new InvalidInputException($"{what} file name '{fileName}' would leave the folder {folder}; refusing to write it");
        return full;
    }
}
