namespace Pg2.Contracts;

/// <summary>
/// The one writer of output files. Content goes to a temporary file in the target's folder, which is
/// renamed over the target only when complete, so a crash or error never leaves a half-written output
/// and the temporary file is removed on failure. Before writing, the target is checked: a folder, a
/// symbolic link, a fifo or device is refused (never replaced); a missing folder is created, and a folder
/// under a file, a folder that cannot be created or written, or a full disk is an
/// <see cref="InvalidInputException"/> with one line naming the path.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; replaces it atomically.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = CheckTarget(path);
        var dir = OutputFolder.Create(Path.GetDirectoryName(full)!, $"{path}: folder");
        var name = Path.GetFileName(full);
        // Short enough for the file system's 255-byte name limit whatever the target's length.
        var tmp = Path.Combine(dir, $".{(name.Length > 120 ? name[..120] : name)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        FileStream created;
        try
        {
            created = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException(
                $"{path}: cannot create a file in the folder {dir} ({(e is UnauthorizedAccessException ? "permission denied" : e.Message.TrimEnd('.'))})", e);
        }
        try
        {
            using (var stream = created)
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            // Checked again just before the rename: the target may have appeared while writing.
            _ = CheckTarget(path);
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Delete(tmp);
            throw new InvalidInputException($"{path}: cannot write the file ({e.Message.TrimEnd('.')})", e);
        }
        catch
        {
            Delete(tmp);
            throw;
        }
    }

    /// <summary>Writes text (UTF-8, no BOM) atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, s =>
        {
            using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            w.Write(text);
        });

    /// <summary>The full path of an output; refuses a target that exists and is not a regular file.</summary>
    private static string CheckTarget(string path)
    {
        if (path.Length == 0) throw new InvalidInputException("an output file name is empty");
        var full = Path.GetFullPath(path);
        if (Path.EndsInDirectorySeparator(path))
            throw new InvalidInputException($"{path}: is a folder name, expected a file to write");
        return FileKinds.Of(full) switch
        {
            FileKind.Missing or FileKind.Regular => full,
            FileKind.Folder => throw new InvalidInputException($"{path}: is a folder, expected a file to write"),
            FileKind.SymbolicLink => throw new InvalidInputException(
                $"{path}: is a symbolic link; refusing to replace it (remove it or write elsewhere)"),
            _ => throw new InvalidInputException(
                $"{path}: is not a regular file (a device, fifo or socket); refusing to replace it"),
        };
    }

    private static void Delete(string tmp)
    {
        try { File.Delete(tmp); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* best effort */ }
    }
}
