using System.Globalization;
using System.IO.Compression;
using Pg2.Contracts;

namespace Pg2.Datasets.ProteinGym;

/// <summary>
/// One part of ProteinGym's download as the user has it: a folder (searched with its subfolders) or the
/// zip itself (<c>DMS_ProteinGym_substitutions.zip</c>, <c>DMS_msa_files.zip</c>, ...), read in place.
/// Files are found by their file name, as the reference file names them; a name read from a file never
/// becomes a path. A zip is opened afresh for every file read, so several assays can be read at once.
/// </summary>
public sealed class DistributionSource
{
    /// <summary>Largest expansion ratio accepted for a zip entry over 1 MiB (a zip bomb otherwise).</summary>
    public const double MaxRatio = 1000;

    private readonly Dictionary<string, List<Part>> _byName;

    private DistributionSource(string path, string option, bool isZip, Dictionary<string, List<Part>> byName)
    {
        Path = path;
        Option = option;
        IsZip = isZip;
        _byName = byName;
    }

    private sealed record Part(string Key, long Length, string Stamp);

    /// <summary>The folder or zip given.</summary>
    public string Path { get; }
    /// <summary>The command-line option it came from (for messages), e.g. <c>--assays</c>.</summary>
    public string Option { get; }
    /// <summary>True for a zip, false for a folder.</summary>
    public bool IsZip { get; }

    /// <summary>Opens <paramref name="path"/> (a folder or a zip) and lists its files by name.</summary>
    /// <exception cref="InvalidInputException">Neither a folder nor a readable zip (missing: exit 6).</exception>
    public static DistributionSource Open(string path, string option)
    {
        ArgumentNullException.ThrowIfNull(path);
        var byName = new Dictionary<string, List<Part>>(StringComparer.Ordinal);
        void Add(string name, Part part)
        {
            if (!byName.TryGetValue(name, out var list)) byName[name] = list = [];
            list.Add(part);
        }
        if (Directory.Exists(path))
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
            foreach (var file in new DirectoryInfo(path).EnumerateFiles("*", options))
                Add(file.Name, new Part(System.IO.Path.GetRelativePath(path, file.FullName), file.Length,
                    file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)));
            return new DistributionSource(path, option, false, byName);
        }
        if (!File.Exists(path))
            throw new InvalidInputException($"{option} {path}: no such folder or zip", ExitCodes.FileNotFound);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            foreach (var e in zip.Entries)
            {
                if (e.FullName.EndsWith('/') || e.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal)) continue;
                var name = e.FullName.Replace('\\', '/');
                Add(name[(name.LastIndexOf('/') + 1)..], new Part(e.FullName, e.Length,
                    e.Crc32.ToString("x8", CultureInfo.InvariantCulture)));
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidInputException($"{option} {path}: not a folder and not a zip archive ({e.Message.TrimEnd('.')})", e);
        }
        return new DistributionSource(path, option, true, byName);
    }

    /// <summary>Number of files.</summary>
    public int Count => _byName.Values.Sum(l => l.Count);

    /// <summary>The files named <paramref name="fileName"/> (several when subfolders repeat a name).</summary>
    public IReadOnlyList<DistributionFile> Find(string fileName) =>
        _byName.TryGetValue(fileName, out var parts)
            ? parts.Select(p => new DistributionFile(this, p.Key, p.Length, p.Stamp)).ToList()
            : [];

    /// <summary>Opens a file of this source for reading; dispose the stream when done.</summary>
    internal Stream OpenRead(DistributionFile file)
    {
        if (!IsZip)
            return new FileStream(System.IO.Path.Combine(Path, file.Key), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var zip = ZipFile.OpenRead(Path);
        try
        {
            var entry = zip.GetEntry(file.Key) ?? throw new InvalidInputException($"{file.Where}: entry vanished from the zip");
            if (entry.Length > 1 << 20 && entry.Length > MaxRatio * Math.Max(1, entry.CompressedLength))
                throw new InvalidInputException($"{file.Where}: expands from {entry.CompressedLength:N0} to {entry.Length:N0} bytes (a zip bomb?); refusing to read it");
            return new EntryStream(zip, entry.Open());
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    // The entry's stream owns its archive: closing one closes both.
    private sealed class EntryStream(ZipArchive zip, Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                zip.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

/// <summary>One file of a <see cref="DistributionSource"/>.</summary>
/// <param name="Source">Where it is.</param>
/// <param name="Key">Its path inside the folder or zip.</param>
/// <param name="Length">Size in bytes (uncompressed).</param>
/// <param name="Stamp">Modification time (folder) or CRC-32 (zip): with the size, what says the file changed.</param>
public sealed record DistributionFile(DistributionSource Source, string Key, long Length, string Stamp)
{
    /// <summary>Names the file in messages: <c>zip:entry</c> or the file's path.</summary>
    public string Where => Source.IsZip ? $"{Source.Path}:{Key}" : System.IO.Path.Combine(Source.Path, Key);

    /// <summary>Opens it for reading.</summary>
    public Stream OpenRead() => Source.OpenRead(this);
}
