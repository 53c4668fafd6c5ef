using System.Buffers.Binary;
using System.Text.Json;
using Pg2.Contracts;

namespace Pg2.Models.Esm.Weights;

/// <summary>One tensor of a weights file: element type, shape and where its bytes are in the file.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="Type">Element type as stored (F32, F16 or BF16).</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Offset">Absolute byte offset of the data in <paramref name="File"/>.</param>
/// <param name="Length">Byte length.</param>
/// <param name="File">The file holding the bytes.</param>
/// <param name="ZeroedRow">A row the loader sets to zero after reading (fair-esm's ESM-1b/1v <c>&lt;mask&gt;</c> embedding), or null.</param>
internal sealed record StoredTensor(string Name, TensorType Type, long[] Shape, long Offset, long Length, string File, int? ZeroedRow = null)
{
    public long Elements => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>Stored element types the model reads.</summary>
internal enum TensorType
{
    F32,
    F16,
    BF16,
}

/// <summary>
/// The header of a <c>.safetensors</c> file (8-byte little-endian header size, a JSON object of
/// <c>name: {dtype, shape, data_offsets}</c>, then the data). Only the header is read; the data stays
/// in the file, where ONNX Runtime reads it. Every entry is checked against the file's size.
/// </summary>
internal static class SafeTensorsFile
{
    private const long MaxHeader = 100L << 20;

    public static IReadOnlyDictionary<string, StoredTensor> ReadHeader(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long size = stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
            throw Bad(path, $"{size} bytes, shorter than the 8-byte header size");
        ulong headerSize = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerSize < 2 || headerSize > MaxHeader || (long)headerSize > size - 8)
            throw Bad(path, $"header size {headerSize} does not fit the file ({size} bytes; at most {MaxHeader} allowed)");
        var header = new byte[headerSize];
        stream.ReadExactly(header);
        long dataStart = 8 + (long)headerSize, dataSize = size - dataStart;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw Bad(path, $"header is not JSON ({e.Message})");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad(path, "header is not a JSON object");
            var tensors = new Dictionary<string, StoredTensor>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Name == "__metadata__") continue;
                tensors[p.Name] = Entry(path, p, dataStart, dataSize);
            }
            return tensors;
        }
    }

    private static StoredTensor Entry(string path, JsonProperty p, long dataStart, long dataSize)
    {
        var e = p.Value;
        InvalidInputException Field(string what) => Bad(path, $"tensor '{MessageText.Shown(p.Name, 80)}': {what}");
        if (e.ValueKind != JsonValueKind.Object) throw Field("entry is not an object");
        if (!e.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String) throw Field("no 'dtype'");
        var type = dt.GetString() switch
        {
            "F32" => TensorType.F32,
            "F16" => TensorType.F16,
            "BF16" => TensorType.BF16,
            var other => throw Field($"dtype '{MessageText.Shown(other ?? "", 20)}' is not F32, F16 or BF16"),
        };
        if (!e.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array) throw Field("no 'shape' array");
        var shape = new List<long>();
        foreach (var d in sh.EnumerateArray())
            shape.Add(d.ValueKind == JsonValueKind.Number && d.TryGetInt64(out var v) && v >= 0 && v < (1L << 40)
                ? v : throw Field("shape holds something other than a non-negative integer"));
        if (!e.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
            throw Field("no 'data_offsets' [begin, end]");
        long begin = off[0].TryGetInt64(out var b) ? b : -1, end = off[1].TryGetInt64(out var en) ? en : -1;
        if (begin < 0 || end < begin || end > dataSize)
            throw Field($"data_offsets [{off[0]}, {off[1]}] outside the {dataSize} data bytes");
        long elements = shape.Aggregate(1L, (x, y) => x * y);
        long bytes = elements * (type == TensorType.F32 ? 4 : 2);
        if (bytes != end - begin) throw Field($"shape [{string.Join(", ", shape)}] of {type} needs {bytes} bytes, data_offsets give {end - begin}");
        return new StoredTensor(p.Name, type, [.. shape], dataStart + begin, end - begin, path);
    }

    private static InvalidInputException Bad(string path, string what) => new($"{path}: not a valid safetensors file: {what}");
}
