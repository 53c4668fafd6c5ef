namespace Pg2.Engines.Local;

/// <summary>Whether this machine shows an NVIDIA GPU: a <c>/dev/nvidia&lt;n&gt;</c> device or <c>nvidia-smi</c> on PATH.</summary>
public static class GpuProbe
{
    /// <summary>True when a GPU device node or the NVIDIA tool is present (not a check that it works).</summary>
    public static bool Visible() => DeviceNodes().Any() || OnPath("nvidia-smi");

    static IEnumerable<string> DeviceNodes()
    {
        if (!Directory.Exists("/dev")) return [];
        try
        {
            return Directory.EnumerateFileSystemEntries("/dev", "nvidia*")
                .Where(p => Path.GetFileName(p)["nvidia".Length..] is { Length: > 0 } n && n.All(char.IsAsciiDigit));
        }
        catch (UnauthorizedAccessException) { return []; }
        catch (IOException) { return []; }
    }

    static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}
