using System.Runtime.InteropServices;
using System.Text;

namespace Pg2.Contracts;

/// <summary>What an existing path is, without following a final symbolic link (lstat).</summary>
public enum FileKind
{
    /// <summary>Nothing is there.</summary>
    Missing,
    /// <summary>A regular file.</summary>
    Regular,
    /// <summary>A folder.</summary>
    Folder,
    /// <summary>A symbolic link (to anything, or dangling).</summary>
    SymbolicLink,
    /// <summary>A fifo, device or socket: writing "to" it must never replace it.</summary>
    Special,
}

/// <summary>Tells the <see cref="FileKind"/> of a path.</summary>
public static class FileKinds
{
    /// <summary>The kind of <paramref name="path"/>; the link itself when it is a symbolic link.</summary>
    public static FileKind Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) return FileKind.SymbolicLink;
        if (Directory.Exists(path)) return FileKind.Folder;
        if (!info.Exists) return FileKind.Missing;
        // .NET reports fifos and devices as "Normal" files; only the file mode tells them apart.
        if (OperatingSystem.IsWindows()) return FileKind.Regular;
        return UnixFileType(path) switch
        {
            null or UnixRegular => FileKind.Regular,
            UnixDirectory => FileKind.Folder,
            UnixLink => FileKind.SymbolicLink,
            _ => FileKind.Special,
        };
    }

    private const int UnixTypeMask = 0xF000, UnixRegular = 0x8000, UnixDirectory = 0x4000, UnixLink = 0xA000;

    /// <summary>
    /// The S_IFMT bits via the runtime's own native shim (SystemNative_LStat, whose FileStatus starts
    /// with <c>int Flags; int Mode</c> and normalises the type bits on every Unix); null when the shim
    /// is not reachable, in which case the path counts as a regular file.
    /// </summary>
    private static int? UnixFileType(string path)
    {
        var status = new byte[256]; // FileStatus is ~120 bytes; room to spare
        var utf8 = Encoding.UTF8.GetBytes(path + "\0");
        try
        {
            return NativeMethods.SystemNative_LStat(utf8, status) == 0
                ? BitConverter.ToInt32(status, 4) & UnixTypeMask
                : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static class NativeMethods
    {
        [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int SystemNative_LStat(byte[] path, byte[] status);
    }
}
