using System.IO.Compression;
using System.Text;
using Pg2.Contracts;

namespace Pg2.Datasets.Archives;

/// <summary>
/// Reads a dataset archive (zip) in place, never extracting it. Archives come from strangers, so
/// opening checks every entry: a name that would escape the archive (<c>../</c>, absolute paths), an
/// entry that expands far beyond its compressed size, or more uncompressed data in total than
/// <see cref="MaxTotalBytes"/> is rejected; reads are also capped at the declared size, so a lying
/// header cannot expand further.
/// </summary>
internal sealed class ArchiveReader : IDisposable
{
    /// <summary>Largest total uncompressed size accepted (16 GiB).</summary>
    public const long MaxTotalBytes = 16L << 30;
    /// <summary>Largest expansion ratio accepted for entries above <see cref="RatioCheckFromBytes"/>.</summary>
    public const double MaxRatio = 200;
    /// <summary>Entries smaller than this (1 MiB) are never treated as bombs, whatever their ratio.</summary>
    public const long RatioCheckFromBytes = 1L << 20;

    /// <summary>Compressed entries larger than this (8 MiB) are inflated ahead of the reader on another thread.</summary>
    public const long ReadAheadFromBytes = 8L << 20;

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);

    private ArchiveReader(string path, ZipArchive zip, long maxTotalBytes)
    {
        Path = path;
        _zip = zip;
        long total = 0;
        foreach (var e in zip.Entries)
        {
            var name = e.FullName;
            if (EscapesArchive(name))
                throw new InvalidInputException($"{path}: archive entry '{MessageText.Shown(name, 80)}' points outside the archive; refusing to read it");
            if (e.Length > RatioCheckFromBytes && e.Length > MaxRatio * Math.Max(1, e.CompressedLength))
                throw new InvalidInputException(
                    $"{path}: archive entry '{MessageText.Shown(name, 80)}' expands from {e.CompressedLength:N0} to {e.Length:N0} bytes (a zip bomb?); refusing to read it");
            total += e.Length;
            if (total > maxTotalBytes)
                throw new InvalidInputException($"{path}: archive expands to more than {maxTotalBytes:N0} bytes; refusing to read it");
            if (name.EndsWith('/')) continue; // directory entry
            _entries.TryAdd(name.Replace('\\', '/'), e);
        }
    }

    /// <summary>The archive's file path (for messages).</summary>
    public string Path { get; }

    /// <summary>File entry names (directories excluded), archive order.</summary>
    public IEnumerable<string> Names => _entries.Keys;

    /// <summary>Opens <paramref name="path"/>; a missing file or a non-zip is an <see cref="InvalidInputException"/>.</summary>
    public static ArchiveReader Open(string path, long maxTotalBytes = MaxTotalBytes)
    {
        if (Directory.Exists(path))
            throw new InvalidInputException($"{path}: is a directory, expected a dataset archive (.zip or .pgdata)");
        if (!File.Exists(path))
            throw new InvalidInputException($"{path}: file not found", ExitCodes.FileNotFound);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return new ArchiveReader(path, new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false), maxTotalBytes);
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw new InvalidInputException($"{path}: not a zip archive ({e.Message.TrimEnd('.')})", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Whether the archive holds a file entry <paramref name="name"/>.</summary>
    public bool Contains(string name) => _entries.ContainsKey(Normalize(name));

    /// <summary>Uncompressed size of an entry.</summary>
    public long SizeOf(string name) => Entry(name).Length;

    /// <summary>Opens an entry for reading; reading past its declared size fails.</summary>
    public Stream OpenRead(string name)
    {
        var e = Entry(name);
        try
        {
            Stream s = new CappedStream(e.Open(), e.Length, $"{Path}: archive entry '{e.FullName}'");
            // Large compressed entries inflate on a second thread while the caller parses.
            return e.Length > ReadAheadFromBytes && e.CompressedLength < e.Length ? new ReadAheadStream(s) : s;
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidInputException($"{Path}: archive entry '{e.FullName}' cannot be read ({ex.Message.TrimEnd('.')})", ex);
        }
    }

    /// <summary>An entry's bytes.</summary>
    public byte[] ReadAllBytes(string name)
    {
        var e = Entry(name);
        using var s = OpenRead(name);
        var buffer = new byte[e.Length];
        try
        {
            s.ReadExactly(buffer);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidInputException($"{Path}: archive entry '{e.FullName}' is shorter than its header says", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidInputException($"{Path}: archive entry '{e.FullName}' is corrupt ({ex.Message.TrimEnd('.')})", ex);
        }
        return buffer;
    }

    /// <summary>An entry as UTF-8 text (a leading BOM is dropped).</summary>
    public string ReadAllText(string name)
    {
        var bytes = ReadAllBytes(name);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidInputException($"{Path}: archive entry '{name}' is not UTF-8 text", ex);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _zip.Dispose();

    private ZipArchiveEntry Entry(string name) =>
        _entries.TryGetValue(Normalize(name), out var e)
            ? e
            : throw new InvalidInputException($"{Path}: the archive has no file '{name}'");

    /// <summary>Archive-relative form of a manifest path: <c>./a/b</c> → <c>a/b</c>.</summary>
    internal static string Normalize(string name)
    {
        name = name.Replace('\\', '/');
        while (name.StartsWith("./", StringComparison.Ordinal)) name = name[2..];
        return name;
    }

    internal static bool EscapesArchive(string name)
    {
        var n = name.Replace('\\', '/');
        if (n.StartsWith('/') || (n.Length >= 2 && n[1] == ':')) return true;
        foreach (var part in n.Split('/'))
            if (part == "..") return true;
        return false;
    }

    /// <summary>Fails when more than the declared number of bytes come out of an entry.</summary>
    private sealed class CappedStream(Stream inner, long limit, string what) : Stream
    {
        private long _read;

        public override int Read(Span<byte> buffer)
        {
            int n;
            try
            {
                n = inner.Read(buffer);
            }
            catch (InvalidDataException ex) // corrupt deflate data or CRC, met while a parser streams the entry
            {
                throw new InvalidInputException($"{what} is corrupt ({ex.Message.TrimEnd('.')})", ex);
            }
            _read += n;
            if (_read > limit)
                throw new InvalidInputException($"{what} expands beyond its declared {limit:N0} bytes (a zip bomb?); refusing to read it");
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => limit;
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
