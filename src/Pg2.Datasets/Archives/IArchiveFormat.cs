namespace Pg2.Datasets.Archives;

/// <summary>
/// One dataset archive format: recognised by content, read into a <see cref="Dataset"/> and written from one.
/// A format is a folder under <c>Archives/</c> and one line in <see cref="ArchiveFormats.All"/>. Reading goes
/// through <see cref="ArchiveReader"/>, so the entry, size and budget checks hold for every format.
/// </summary>
internal interface IArchiveFormat
{
    /// <summary>The name <c>--to</c> takes (<c>seed</c>, <c>b1</c>, <c>rc0</c>, <c>splits</c>).</summary>
    string Name { get; }

    /// <summary>The file name ending written archives get (<c>.zip</c>, <c>.pgdata</c>, <c>.splits.pgdata</c>).</summary>
    string Extension { get; }

    /// <summary>Whether <paramref name="archive"/> is in this format (looked at by its root entries and manifest).</summary>
    bool Recognises(ArchiveReader archive);

    /// <summary>Loads the archive.</summary>
    Dataset Read(ArchiveReader archive);

    /// <summary>Writes <paramref name="dataset"/> so that <see cref="Read"/> loads it back equal.</summary>
    void Write(Dataset dataset, Stream output);
}

/// <summary>The registered archive formats, in the order they are tried when reading.</summary>
internal static class ArchiveFormats
{
    /// <summary>One line per format.</summary>
    public static readonly IReadOnlyList<IArchiveFormat> All =
    [
        new SplitsFormat(),
        new SeedFormat(),
        new B1Format(),
        new Rc0Format(),
    ];

    public static IArchiveFormat Named(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new Pg2.Contracts.InvalidInputException(
            $"unknown archive format '{name}' (known: {string.Join(", ", All.Select(f => f.Name))})", Pg2.Contracts.ExitCodes.Usage);

    /// <summary>The format an output path asks for by its ending: <c>.splits.pgdata</c> splits, <c>.pgdata</c> rc0, else seed.</summary>
    public static IArchiveFormat ForPath(string path) =>
        path.EndsWith(".splits.pgdata", StringComparison.OrdinalIgnoreCase) ? Named("splits")
        : path.EndsWith(".pgdata", StringComparison.OrdinalIgnoreCase) ? Named("rc0")
        : Named("seed");

    public static Dataset Read(ArchiveReader archive)
    {
        foreach (var f in All)
            if (f.Recognises(archive)) return f.Read(archive);
        throw new Pg2.Contracts.InvalidInputException(
            $"{archive.Path}: no {SeedManifestToml.FileName} (seed dataset.zip), {PgdataReader.ManifestFile} (.pgdata) or {SplitsFormat.DatasetEntry} + {SlicesJson.FileName} (.splits.pgdata) at the archive root");
    }
}
