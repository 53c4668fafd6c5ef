using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Pg2.Contracts;

namespace Pg2.Models.Esm.Weights;

/// <summary>One member of a zip file: where its bytes start in the file and how they are stored.</summary>
/// <param name="Name">The member's path inside the zip.</param>
/// <param name="DataOffset">Absolute offset of its (possibly compressed) bytes in the file.</param>
/// <param name="CompressedSize">Bytes in the file.</param>
/// <param name="Size">Bytes once uncompressed.</param>
/// <param name="Stored">True when kept as is (method 0), so its bytes can be read in place.</param>
internal sealed record ZipMember(string Name, long DataOffset, long CompressedSize, long Size, bool Stored);

/// <summary>
/// The central directory of a zip (with zip64), read to find where each member's bytes lie, which
/// <see cref="System.IO.Compression.ZipArchive"/> does not say: PyTorch stores tensor storages
/// uncompressed, so ONNX Runtime can read them straight out of the <c>.pt</c> file. Every offset
/// and size is checked against the file's length.
/// </summary>
internal sealed class StoredZip
{
    private const uint EndOfDirectory = 0x06054b50, Zip64Locator = 0x07064b50, Zip64End = 0x06064b50;
    private const uint DirectoryEntry = 0x02014b50, LocalHeader = 0x04034b50;
    private const long MaxDirectory = 256L << 20;
    private readonly Dictionary<string, ZipMember> _members;

    private StoredZip(string path, Dictionary<string, ZipMember> members)
    {
        Path = path;
        _members = members;
    }

    public string Path { get; }

    public IEnumerable<ZipMember> Members => _members.Values;

    public ZipMember? Find(string name) => _members.GetValueOrDefault(name);

    public static StoredZip Open(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long size = file.Length;
        // The end-of-directory record sits in the last 22 + 65535 (comment) bytes.
        int tailLength = (int)Math.Min(size, 22 + 65535);
        var tail = Read(file, size - tailLength, tailLength, path);
        int end = -1;
        for (int i = tailLength - 22; i >= 0; i--)
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndOfDirectory) { end = i; break; }
        if (end < 0) throw Bad(path, $"no end-of-central-directory record in its {size} bytes (truncated, or not a zip: legacy pre-1.6 torch.save files are not read)");
        long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(end + 10));
        long directorySize = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 12));
        long directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 16));
        if (count == 0xFFFF || directorySize == 0xFFFFFFFF || directoryOffset == 0xFFFFFFFF)
        {
            long locator = size - tailLength + end - 20;
            var loc = locator >= 0 ? Read(file, locator, 20, path) : [];
            if (loc.Length < 20 || BinaryPrimitives.ReadUInt32LittleEndian(loc) != Zip64Locator)
                throw Bad(path, "a zip64 end record is announced but its locator is missing");
            long recordOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(loc.AsSpan(8));
            if (recordOffset < 0 || recordOffset > size - 56) throw Bad(path, $"zip64 end record offset {recordOffset} is outside the file");
            var record = Read(file, recordOffset, 56, path);
            if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64End) throw Bad(path, "zip64 end record has a wrong signature");
            count = (long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32));
            directorySize = (long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(40));
            directoryOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48));
        }
        if (directorySize < 0 || directorySize > MaxDirectory || directoryOffset < 0 || directoryOffset + directorySize > size || count < 0 || count > directorySize / 46)
            throw Bad(path, $"central directory ({count} entries, {directorySize} bytes at {directoryOffset}) does not fit the {size}-byte file");
        var directory = Read(file, directoryOffset, (int)directorySize, path);
        var members = new Dictionary<string, ZipMember>(StringComparer.Ordinal);
        int at = 0;
        for (long n = 0; n < count; n++)
        {
            if (at + 46 > directory.Length || BinaryPrimitives.ReadUInt32LittleEndian(directory.AsSpan(at)) != DirectoryEntry)
                throw Bad(path, $"central directory entry {n} is malformed");
            var e = directory.AsSpan(at);
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(e[8..]), method = BinaryPrimitives.ReadUInt16LittleEndian(e[10..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(e[20..]), plain = BinaryPrimitives.ReadUInt32LittleEndian(e[24..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(e[28..]), extraLength = BinaryPrimitives.ReadUInt16LittleEndian(e[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(e[32..]);
            long local = BinaryPrimitives.ReadUInt32LittleEndian(e[42..]);
            if (at + 46 + nameLength + extraLength + commentLength > directory.Length) throw Bad(path, $"central directory entry {n} runs past the directory");
            var name = Encoding.UTF8.GetString(e.Slice(46, nameLength));
            Zip64Sizes(e.Slice(46 + nameLength, extraLength), ref plain, ref compressed, ref local);
            at += 46 + nameLength + extraLength + commentLength;
            if ((flags & 1) != 0) throw Bad(path, $"member '{MessageText.Shown(name, 80)}' is encrypted");
            if (method is not (0 or 8)) throw Bad(path, $"member '{MessageText.Shown(name, 80)}' uses compression method {method} (only stored or deflated are read)");
            if (local < 0 || local > size - 30) throw Bad(path, $"member '{MessageText.Shown(name, 80)}' starts at {local}, outside the file");
            var header = Read(file, local, 30, path);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != LocalHeader) throw Bad(path, $"member '{MessageText.Shown(name, 80)}' has no local header at {local}");
            long data = local + 30 + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
            if (compressed < 0 || plain < 0 || data + compressed > size || (method == 0 && compressed != plain))
                throw Bad(path, $"member '{MessageText.Shown(name, 80)}' ({compressed} bytes at {data}) does not fit the {size}-byte file");
            members[name] = new ZipMember(name, data, compressed, plain, method == 0);
        }
        return new StoredZip(path, members);
    }

    /// <summary>The whole member, inflated when deflated (for the small pickle; storages are read in place).</summary>
    public byte[] ReadAll(ZipMember member, long maxBytes)
    {
        if (member.Size > maxBytes) throw Bad(Path, $"member '{member.Name}' is {member.Size} bytes, more than the {maxBytes} allowed");
        using var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var raw = Read(file, member.DataOffset, (int)member.CompressedSize, Path);
        if (member.Stored) return raw;
        var plain = new byte[member.Size];
        try
        {
            using var inflate = new DeflateStream(new MemoryStream(raw), CompressionMode.Decompress);
            inflate.ReadExactly(plain);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw Bad(Path, $"member '{member.Name}' does not inflate to its {member.Size} bytes");
        }
        return plain;
    }

    /// <summary>Zip64 extra field (id 1): the 64-bit values of whichever of the three fields read 0xFFFFFFFF, in this order.</summary>
    private static void Zip64Sizes(ReadOnlySpan<byte> extra, ref long plain, ref long compressed, ref long local)
    {
        while (extra.Length >= 4)
        {
            int id = BinaryPrimitives.ReadUInt16LittleEndian(extra), length = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (4 + length > extra.Length) return;
            if (id == 1)
            {
                var f = extra.Slice(4, length);
                long Next(ref ReadOnlySpan<byte> s)
                {
                    if (s.Length < 8) return -1;
                    long v = (long)BinaryPrimitives.ReadUInt64LittleEndian(s);
                    s = s[8..];
                    return v;
                }
                if (plain == 0xFFFFFFFF) plain = Next(ref f);
                if (compressed == 0xFFFFFFFF) compressed = Next(ref f);
                if (local == 0xFFFFFFFF) local = Next(ref f);
                return;
            }
            extra = extra[(4 + length)..];
        }
    }

    private static byte[] Read(FileStream file, long offset, int length, string path)
    {
        var buffer = new byte[length];
        file.Position = offset;
        if (file.ReadAtLeast(buffer, length, throwOnEndOfStream: false) < length) throw Bad(path, $"{length} bytes at {offset} run past the end of the file");
        return buffer;
    }

    private static InvalidInputException Bad(string path, string what) => new($"{path}: not a readable PyTorch zip checkpoint: {what}");
}
