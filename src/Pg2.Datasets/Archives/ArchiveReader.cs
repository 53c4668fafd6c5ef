using System.IO.Compression;
using System.Text;
using Pg2.Contracts;

namespace Pg2.Datasets.Archives;

/// <summary>
/// Reads a dataset archive (zip) in place, never extracting it. Archives come from strangers, so
/// opening checks every entry: a name that would escape the archive (<c>../</c>, absolute paths), two
/// entries of the same name (tools disagree on which one is read), an entry that expands far beyond its
/// compressed size, or more uncompressed data in total than the memory budget (<see cref="ArchiveBudget"/>)
/// is rejected. While inflating, every entry is held to its declared size and checksum (a lying header
/// fails saying so, whichever way it lies) and the archive to the budget.
/// </summary>
internal sealed class ArchiveReader : IDisposable
{
    /// <summary>Largest expansion ratio accepted for entries above <see cref="RatioCheckFromBytes"/>.</summary>
    public const double MaxRatio = 200;
    /// <summary>Entries smaller than this (1 MiB) are never treated as bombs, whatever their ratio.</summary>
    public const long RatioCheckFromBytes = 1L << 20;

    /// <summary>Compressed entries larger than this (8 MiB) are inflated ahead of the reader on another thread.</summary>
    public const long ReadAheadFromBytes = 8L << 20;

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);

    private readonly long _budget;
    private long _inflated;

    private ArchiveReader(string path, ZipArchive zip, long budget)
    {
        Path = path;
        _zip = zip;
        _budget = budget;
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
            if (total > budget)
                throw new InvalidInputException(
                    $"{path}: archive expands to more than the memory budget of {budget:N0} bytes; refusing to read it ({ArchiveBudget.Hint})");
            if (name.EndsWith('/')) continue; // directory entry
            if (!_entries.TryAdd(name.Replace('\\', '/'), e))
                throw new InvalidInputException(
                    $"{path}: archive holds two entries named '{name}'; refusing an ambiguous archive (tools disagree on which one they read)");
        }
    }

    /// <summary>The archive's file path (for messages).</summary>
    public string Path { get; }

    /// <summary>File entry names (directories excluded), archive order.</summary>
    public IEnumerable<string> Names => _entries.Keys;

    /// <summary>
    /// Opens <paramref name="path"/> under <paramref name="budget"/> bytes of inflated data (default:
    /// <see cref="ArchiveBudget.Bytes"/>); a missing file or a non-zip is an <see cref="InvalidInputException"/>.
    /// </summary>
    public static ArchiveReader Open(string path, long? budget = null)
    {
        if (Directory.Exists(path))
            throw new InvalidInputException($"{path}: is a directory, expected a dataset archive (.zip or .pgdata)");
        if (!File.Exists(path))
            throw new InvalidInputException($"{path}: file not found", ExitCodes.FileNotFound);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return new ArchiveReader(path, new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false), budget ?? ArchiveBudget.Bytes);
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

    /// <summary>
    /// Opens an archive nested in this one (a splits archive's <c>dataset.pgdata</c>): its bytes were counted
    /// here, and what it inflates counts against what is left of this archive's budget.
    /// </summary>
    public ArchiveReader OpenNested(string name)
    {
        var bytes = ReadAllBytes(name);
        var label = $"{Path}:{name}";
        var remaining = Math.Max(0, _budget - _inflated);
        try
        {
            return new ArchiveReader(label, new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read), remaining);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidInputException($"{label}: not a zip archive ({e.Message.TrimEnd('.')})", e);
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
            Stream s = new CappedStream(e.Open(), e.Length, e.Crc32, $"{Path}: archive entry '{e.FullName}'", this);
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

    /// <summary>
    /// Holds an entry to its declared size — more bytes (a bomb) or fewer (a truncated or forged entry) fail
    /// naming the entry — and counts them against the archive's budget.
    /// </summary>
    private sealed class CappedStream(Stream inner, long limit, uint crc, string what, ArchiveReader archive) : Stream
    {
        private readonly System.IO.Hashing.Crc32 _crc = new();
        private long _read;

        public override int Read(Span<byte> buffer)
        {
            int n = ReadInner(buffer);
            _read += n;
            if (_read > limit)
                throw new InvalidInputException($"{what} expands beyond its declared {limit:N0} bytes (a zip bomb, or a header that lies about its size); refusing to read it");
            _crc.Append(buffer[..n]);
            // .NET's inflater stops at the declared size, so a header that declares too little shows only in the checksum.
            if (n > 0 && _read == limit && _crc.GetCurrentHashAsUInt32() != crc)
                throw new InvalidInputException($"{what} does not match its header's checksum after the declared {limit:N0} bytes (corrupt, or a header that lies about its size); refusing to read it");
            if (n == 0 && buffer.Length > 0 && _read < limit)
                throw new InvalidInputException($"{what} ends after {_read:N0} bytes but its header declares {limit:N0} (truncated, or a header that lies about its size)");
            archive._inflated += n;
            if (archive._inflated > archive._budget)
                throw new InvalidInputException($"{what}: reading the archive exceeds the memory budget of {archive._budget:N0} bytes ({ArchiveBudget.Hint})");
            return n;
        }

        private int ReadInner(Span<byte> buffer)
        {
            try
            {
                return inner.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidInputException($"{what} is corrupt ({e.Message.TrimEnd('.')})", e);
            }
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
