using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Pg2.Contracts;

namespace Pg2.Datasets.Numpy;

/// <summary>
/// NumPy's <c>.npy</c> file for one-dimensional float arrays (ProteinGym's <c>DMS_msa_weights</c>,
/// proteingym-base's <c>msas/*_weights.npy</c>). Reads format versions 1.0, 2.0 and 3.0 with dtype
/// <c>&lt;f4</c>, <c>&lt;f8</c>, <c>&gt;f4</c> or <c>&gt;f8</c> and a shape <c>(n,)</c>; writes version 1.0
/// <c>&lt;f8</c> (or <c>&lt;f4</c>), as <c>numpy.save</c> does. Files come from strangers: the header is
/// bounded, parsed strictly, and the data must be exactly <c>n</c> items long; anything else is one
/// <see cref="InvalidInputException"/> naming the file and what was expected.
/// </summary>
public static class NpyFile
{
    /// <summary>Largest header accepted (numpy itself writes a few hundred bytes; version 2 allows 4 GiB).</summary>
    public const int MaxHeaderBytes = 1 << 16;

    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a 1-D float <c>.npy</c> file into doubles.</summary>
    /// <exception cref="InvalidInputException">Missing file (exit 6) or anything not a 1-D float array.</exception>
    public static double[] ReadVector(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: file not found", ExitCodes.FileNotFound);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return ReadVector(stream, path, stream.Length);
    }

    /// <summary>
    /// Reads a 1-D float <c>.npy</c> from <paramref name="stream"/>. <paramref name="length"/> is the number of
    /// bytes the stream holds when known (a file, an archive entry): the shape must then account for exactly
    /// that many, checked before any data is allocated. Unknown lengths are read to the end in bounded chunks.
    /// </summary>
    /// <param name="stream">Positioned at the magic string.</param>
    /// <param name="source">Names the file in messages (e.g. <c>archive.zip:msa_weights.npy</c>).</param>
    /// <param name="length">Total bytes in the stream from its current position, or null.</param>
    public static double[] ReadVector(Stream stream, string source, long? length = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        Span<byte> prelude = stackalloc byte[12];
        if (ReadUpTo(stream, prelude[..8]) < 8 || !prelude[..6].SequenceEqual(Magic))
            throw Bad(source, "not a NumPy .npy file (no \\x93NUMPY magic at the start)");
        byte major = prelude[6], minor = prelude[7];
        int lengthBytes = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw Bad(source, $"format version {major}.{minor} is not one of 1.0, 2.0, 3.0"),
        };
        if (minor != 0) throw Bad(source, $"format version {major}.{minor} is not one of 1.0, 2.0, 3.0");
        if (ReadUpTo(stream, prelude.Slice(8, lengthBytes)) < lengthBytes)
            throw Bad(source, "file ends inside the header length");
        long headerLength = lengthBytes == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(prelude.Slice(8, 2))
            : BinaryPrimitives.ReadUInt32LittleEndian(prelude.Slice(8, 4));
        long preludeLength = 8 + lengthBytes;
        if (headerLength > MaxHeaderBytes)
            throw Bad(source, $"header of {headerLength:N0} bytes is larger than the {MaxHeaderBytes:N0} accepted");
        if (length is { } total && preludeLength + headerLength > total)
            throw Bad(source, $"header of {headerLength:N0} bytes runs past the end of the file ({total:N0} bytes)");
        var headerBytes = new byte[headerLength];
        if (ReadUpTo(stream, headerBytes) < headerLength)
            throw Bad(source, $"file ends inside the {headerLength:N0}-byte header");
        string header;
        try
        {
            // Version 1 and 2 headers are latin-1 (numpy writes ASCII); version 3 is UTF-8.
            header = major == 3
                ? new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(headerBytes)
                : Encoding.Latin1.GetString(headerBytes);
        }
        catch (DecoderFallbackException)
        {
            throw Bad(source, "header is not valid UTF-8 (format version 3.0)");
        }
        var (descr, count) = NpyHeader.Parse(header, source);
        int itemSize = descr[2] == '4' ? 4 : 8;
        bool bigEndian = descr[0] == '>';
        if (count > Array.MaxLength)
            throw Bad(source, $"shape ({count},) has more items than one array holds ({Array.MaxLength:N0})");
        long dataBytes = count * itemSize;
        if (length is { } all && all - preludeLength - headerLength != dataBytes)
            throw Bad(source, $"shape ({count},) of {descr} needs {dataBytes:N0} data bytes, the file holds {all - preludeLength - headerLength:N0}");
        return ReadData(stream, source, (int)count, itemSize, bigEndian, checkEnd: length is null);
    }

    /// <summary>Writes <paramref name="values"/> as a version 1.0 <c>.npy</c> file atomically (<see cref="AtomicFile"/>).</summary>
    /// <param name="path">The output file.</param>
    /// <param name="values">The array.</param>
    /// <param name="singlePrecision">Store <c>&lt;f4</c> instead of <c>&lt;f8</c>.</param>
    public static void Write(string path, ReadOnlySpan<double> values, bool singlePrecision = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        var copy = values.ToArray();
        AtomicFile.Write(path, s => Write(s, copy, singlePrecision));
    }

    /// <summary>Writes <paramref name="values"/> as a version 1.0 <c>.npy</c> to <paramref name="stream"/>.</summary>
    /// <param name="stream">Where the file goes.</param>
    /// <param name="values">The array.</param>
    /// <param name="singlePrecision">Store <c>&lt;f4</c> instead of <c>&lt;f8</c>.</param>
    public static void Write(Stream stream, ReadOnlySpan<double> values, bool singlePrecision = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var dict = string.Create(CultureInfo.InvariantCulture,
            $"{{'descr': '{(singlePrecision ? "<f4" : "<f8")}', 'fortran_order': False, 'shape': ({values.Length},), }}");
        // numpy pads with spaces and a final newline so the data starts on a 64-byte boundary.
        int unpadded = 10 + dict.Length + 1;
        int padding = (64 - unpadded % 64) % 64;
        var header = dict + new string(' ', padding) + "\n";
        Span<byte> prelude = stackalloc byte[10];
        Magic.CopyTo(prelude);
        prelude[6] = 1;
        prelude[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(prelude[8..], checked((ushort)header.Length));
        stream.Write(prelude);
        stream.Write(Encoding.ASCII.GetBytes(header));
        int itemSize = singlePrecision ? 4 : 8;
        var buffer = new byte[Math.Min(values.Length, 8192) * itemSize];
        for (int start = 0; start < values.Length; start += 8192)
        {
            int n = Math.Min(8192, values.Length - start);
            for (int i = 0; i < n; i++)
            {
                if (singlePrecision) BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * 4), (float)values[start + i]);
                else BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(i * 8), values[start + i]);
            }
            stream.Write(buffer, 0, n * itemSize);
        }
    }

    private static double[] ReadData(Stream stream, string source, int count, int itemSize, bool bigEndian, bool checkEnd)
    {
        // Without a known length the shape may lie: allocate as data arrives, not as the header claims.
        var values = new double[checkEnd ? Math.Min(count, 1 << 16) : count];
        var buffer = new byte[8192 * itemSize];
        int read = 0;
        while (read < count)
        {
            int want = Math.Min(8192, count - read);
            int got = ReadUpTo(stream, buffer.AsSpan(0, want * itemSize));
            if (got < want * itemSize)
                throw Bad(source, $"data ends after {read + got / itemSize:N0} of the {count:N0} items its shape declares");
            if (read + want > values.Length) Array.Resize(ref values, (int)Math.Min(count, Math.Max(2L * values.Length, read + want)));
            for (int i = 0; i < want; i++)
            {
                var item = buffer.AsSpan(i * itemSize, itemSize);
                values[read + i] = (itemSize, bigEndian) switch
                {
                    (4, false) => BinaryPrimitives.ReadSingleLittleEndian(item),
                    (4, true) => BinaryPrimitives.ReadSingleBigEndian(item),
                    (_, false) => BinaryPrimitives.ReadDoubleLittleEndian(item),
                    (_, true) => BinaryPrimitives.ReadDoubleBigEndian(item),
                };
            }
            read += want;
        }
        if (checkEnd && ReadUpTo(stream, buffer.AsSpan(0, 1)) > 0)
            throw Bad(source, $"data continues past the {count:N0} items its shape declares");
        return values;
    }

    private static int ReadUpTo(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    internal static InvalidInputException Bad(string source, string what) => new($"{source}: {what}");
}
