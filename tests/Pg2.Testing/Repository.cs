namespace Pg2.Testing;

/// <summary>The pg2 checkout the tests run from (the folder holding pg2.slnx) and the shared data beside it.</summary>
public static class Repository
{
    /// <summary>The checkout's root: the first folder above the test binaries that holds pg2.slnx.</summary>
    public static string Root { get; } = Find();

    /// <summary>A path inside the checkout.</summary>
    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A path under <c>../shared/data</c> beside the checkout (worktrees are siblings of /work/shared).</summary>
    public static string SharedData(params string[] parts) => Path.GetFullPath(Path.Combine([Root, "..", "shared", "data", .. parts]));

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "pg2.slnx"))) return dir.FullName;
        throw new InvalidOperationException("pg2.slnx not found above " + AppContext.BaseDirectory);
    }
}
