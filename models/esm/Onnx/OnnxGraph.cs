using System.Globalization;
using System.Runtime.InteropServices;

namespace Pg2.Models.Esm.Onnx;

/// <summary>ONNX tensor element types used here (onnx.proto's TensorProto.DataType).</summary>
internal enum OnnxType
{
    Float = 1,
    Int64 = 7,
    Float16 = 10,
    BFloat16 = 16,
}

/// <summary>
/// Builds one ONNX graph node by node and writes it as a ModelProto (field numbers from onnx.proto,
/// IR version 8, default-domain opset 17). Initializers either carry their bytes (small constants) or
/// point into an external file (the user's weights: no copy).
/// </summary>
internal sealed class OnnxGraph
{
    public const int Opset = 17;
    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];
    private int _next;

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Op(string opType, IReadOnlyList<string> inputs, params (string Name, object Value)[] attributes) =>
        Op(opType, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputCount"/> outputs.</summary>
    public string[] Op(string opType, IReadOnlyList<string> inputs, int outputCount, params (string Name, object Value)[] attributes)
    {
        var outputs = new string[outputCount];
        for (int i = 0; i < outputCount; i++) outputs[i] = Fresh(opType);
        var node = new ProtoWriter();
        foreach (var input in inputs) node.String(1, input);
        foreach (var output in outputs) node.String(2, output);
        node.String(3, outputs[0] + "_node").String(4, opType);
        foreach (var (name, value) in attributes) node.Message(5, Attribute(name, value));
        _nodes.Add(node);
        return outputs;
    }

    public string Int64s(params long[] values) => Constant(OnnxType.Int64, [values.Length], MemoryMarshal.AsBytes(values.AsSpan()));

    public string Int64Scalar(long value) => Constant(OnnxType.Int64, [], MemoryMarshal.AsBytes(new[] { value }.AsSpan()));

    public string FloatScalar(float value) => Constant(OnnxType.Float, [], MemoryMarshal.AsBytes(new[] { value }.AsSpan()));

    public string Floats(long[] dims, float[] values) => Constant(OnnxType.Float, dims, MemoryMarshal.AsBytes(values.AsSpan()));

    /// <summary>An initializer whose bytes stay in <paramref name="file"/> (relative to the model file) at <paramref name="offset"/>.</summary>
    public string External(string name, OnnxType type, IReadOnlyList<long> dims, string file, long offset, long length)
    {
        var t = new ProtoWriter();
        t.Packed(1, dims).Int(2, (int)type).String(8, name);
        t.Message(13, Entry("location", file));
        t.Message(13, Entry("offset", offset.ToString(CultureInfo.InvariantCulture)));
        t.Message(13, Entry("length", length.ToString(CultureInfo.InvariantCulture)));
        t.Int(14, 1); // data_location = EXTERNAL
        _initializers.Add(t);
        return name;
    }

    /// <summary>Declares a graph input; a dimension is a size (long) or a symbolic name (string).</summary>
    public string Input(string name, OnnxType type, params object[] dims)
    {
        _inputs.Add(ValueInfo(name, type, dims));
        return name;
    }

    /// <summary>Names <paramref name="value"/> as a graph output.</summary>
    public void Output(string value, string name, OnnxType type, params object[] dims)
    {
        _nodes.Add(new ProtoWriter().String(1, value).String(2, name).String(3, name + "_node").String(4, "Identity"));
        _outputs.Add(ValueInfo(name, type, dims));
    }

    /// <summary>The ModelProto bytes.</summary>
    public byte[] ToModel(string producer)
    {
        var graph = new ProtoWriter();
        foreach (var n in _nodes) graph.Message(1, n);
        graph.String(2, "esm");
        foreach (var i in _initializers) graph.Message(5, i);
        foreach (var i in _inputs) graph.Message(11, i);
        foreach (var o in _outputs) graph.Message(12, o);
        var model = new ProtoWriter();
        model.Int(1, 8); // ir_version 8 (ONNX 1.13, opset 17)
        model.String(2, producer);
        model.Message(7, graph);
        model.Message(8, new ProtoWriter().String(1, "").Int(2, Opset));
        return model.ToArray();
    }

    private string Constant(OnnxType type, long[] dims, ReadOnlySpan<byte> raw)
    {
        var name = Fresh("const");
        var t = new ProtoWriter();
        if (dims.Length > 0) t.Packed(1, dims);
        t.Int(2, (int)type).String(8, name).Bytes(9, raw);
        _initializers.Add(t);
        return name;
    }

    private string Fresh(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}_{_next++}");

    private static ProtoWriter Entry(string key, string value) => new ProtoWriter().String(1, key).String(2, value);

    private static ProtoWriter ValueInfo(string name, OnnxType type, object[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var d in dims)
            shape.Message(1, d switch
            {
                long size => new ProtoWriter().Int(1, size),
                int size => new ProtoWriter().Int(1, size),
                string symbol => new ProtoWriter().String(2, symbol),
                _ => throw new ArgumentException($"dimension {d} is neither a size nor a name", nameof(dims)),
            });
        var tensor = new ProtoWriter().Int(1, (int)type).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensor));
    }

    private static ProtoWriter Attribute(string name, object value)
    {
        var a = new ProtoWriter().String(1, name);
        return value switch
        {
            float f => a.Float(2, f).Int(20, 1),
            int i => a.Int(3, i).Int(20, 2),
            long l => a.Int(3, l).Int(20, 2),
            long[] ints => a.Packed(8, ints).Int(20, 7),
            _ => throw new ArgumentException($"attribute {name}: unsupported value {value}", nameof(value)),
        };
    }
}
