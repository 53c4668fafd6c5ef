using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using Pg2.Contracts;

namespace Pg2.Models.Esm.Weights;

/// <summary>A Python tuple read from a pickle.</summary>
internal sealed record PickleTuple(object?[] Items);

/// <summary>
/// A Python dict (or OrderedDict) read from a pickle, in insertion order. Scalar keys are indexed (a
/// state dict has thousands); other keys (tuples) are kept as written, which nothing here looks up.
/// </summary>
internal sealed class PickleDict
{
    private readonly Dictionary<object, int> _index = [];

    public List<KeyValuePair<object?, object?>> Items { get; } = [];

    public bool TryGet(string key, out object? value)
    {
        bool found = _index.TryGetValue(key, out var i);
        value = found ? Items[i].Value : null;
        return found;
    }

    public void Set(object? key, object? value)
    {
        if (key is string or long or bool or double)
        {
            if (_index.TryGetValue(key, out var at))
            {
                Items[at] = new(key, value);
                return;
            }
            _index[key] = Items.Count;
        }
        Items.Add(new(key, value));
    }
}

/// <summary>A global the pickle names (module and attribute), never resolved to anything executable.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>An <c>argparse.Namespace</c>: its attributes.</summary>
internal sealed record PickleNamespace(PickleDict Attributes);

/// <summary>A tensor storage the pickle refers to: <c>archive/data/&lt;Key&gt;</c> of <paramref name="Elements"/> elements of <paramref name="Type"/> (e.g. FloatStorage).</summary>
internal sealed record StorageRef(string Type, string Key, long Elements);

/// <summary>A tensor over a storage: element offset, shape and strides (in elements).</summary>
internal sealed record TensorRef(StorageRef Storage, long Offset, long[] Shape, long[] Stride);

/// <summary>
/// A restricted reader of the pickle (protocol ≤ 4) inside a PyTorch checkpoint: it knows only the
/// opcodes a checkpoint uses and builds plain values. The only globals it accepts are the few a
/// fair-esm checkpoint names — OrderedDict, argparse.Namespace, torch's tensor rebuild functions and
/// storage types — and it calls none of them: each becomes the value it stands for. Any other
/// global (e.g. <c>posix.system</c>) or opcode is an input error naming the file and what it found.
/// </summary>
internal sealed class CheckpointPickle
{
    private static readonly HashSet<string> StorageTypes = new(StringComparer.Ordinal)
    {
        "FloatStorage", "HalfStorage", "BFloat16Storage", "DoubleStorage", "LongStorage", "IntStorage",
        "ShortStorage", "CharStorage", "ByteStorage", "BoolStorage",
    };

    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "collections.OrderedDict", "argparse.Namespace", "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_parameter", "_codecs.encode",
    };

    private readonly string _file;
    private readonly byte[] _data;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private int _at;

    private CheckpointPickle(string file, byte[] data)
    {
        _file = file;
        _data = data;
    }

    /// <summary>The value the pickle <paramref name="data"/> (member of <paramref name="file"/>) holds.</summary>
    public static object? Read(string file, byte[] data) => new CheckpointPickle(file, data).Run();

    private object? Run()
    {
        while (true)
        {
            int at = _at;
            byte op = Byte();
            switch (op)
            {
                case 0x80: Byte(); break;                                    // PROTO
                case 0x95: Bytes(8); break;                                  // FRAME (a length hint)
                case (byte)'.': return _stack.Count == 1 ? Pop() : throw Bad($"the pickle ends with {_stack.Count} values on its stack");
                case (byte)'(': _marks.Push(_stack.Count); break;            // MARK
                case (byte)'1': PopMark(); break;                            // POP_MARK
                case (byte)'0': Pop(); break;                                // POP
                case (byte)'2': Push(Peek()); break;                         // DUP
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break;
                case 0x89: Push(false); break;
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Bytes(4))); break;
                case (byte)'K': Push((long)Byte()); break;
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2))); break;
                case 0x8a: Push(Long(Byte())); break;                        // LONG1
                case 0x8b: Push(Long(Length(4))); break;                     // LONG4
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Bytes(8))); break;
                case (byte)'X': Push(Text(Length(4))); break;                // BINUNICODE
                case 0x8c: Push(Text(Byte())); break;                        // SHORT_BINUNICODE
                case 0x8d: Push(Text(Length(8))); break;                     // BINUNICODE8
                case (byte)'T': Push(Latin1(Length(4))); break;              // BINSTRING (protocol 2 str from Python 2)
                case (byte)'U': Push(Latin1(Byte())); break;                 // SHORT_BINSTRING
                case (byte)'B': Push(Bytes(Length(4)).ToArray()); break;     // BINBYTES
                case (byte)'C': Push(Bytes(Byte()).ToArray()); break;        // SHORT_BINBYTES
                case (byte)'}': Push(new PickleDict()); break;
                case (byte)']': Push(new List<object?>()); break;
                case (byte)')': Push(new PickleTuple([])); break;
                case 0x8f: Push(new List<object?>()); break;                 // EMPTY_SET (as a list)
                case (byte)'t': Push(new PickleTuple(PopMark())); break;
                case 0x85: Push(new PickleTuple([Pop()])); break;
                case 0x86: { var b = Pop(); var a = Pop(); Push(new PickleTuple([a, b])); break; }
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new PickleTuple([a, b, c])); break; }
                case 0x91: Push(PopMark().ToList()); break;                  // FROZENSET (as a list)
                case (byte)'a': { var v = Pop(); As<List<object?>>(Peek(), "APPEND").Add(v); break; }
                case (byte)'e': case 0x90: { var items = PopMark(); As<List<object?>>(Peek(), "APPENDS").AddRange(items); break; }
                case (byte)'s': { var v = Pop(); var k = Pop(); As<PickleDict>(Peek(), "SETITEM").Set(k, v); break; }
                case (byte)'u':
                {
                    var items = PopMark();
                    if (items.Length % 2 != 0) throw Bad($"SETITEMS at byte {at} has an odd number of values");
                    var dict = As<PickleDict>(Peek(), "SETITEMS");
                    for (int i = 0; i < items.Length; i += 2) dict.Set(items[i], items[i + 1]);
                    break;
                }
                case (byte)'q': _memo[Byte()] = Peek(); break;              // BINPUT
                case (byte)'r': _memo[Index()] = Peek(); break;           // LONG_BINPUT
                case 0x94: _memo[_memo.Count] = Peek(); break;              // MEMOIZE
                case (byte)'h': Push(Memo(Byte())); break;                  // BINGET
                case (byte)'j': Push(Memo(Index())); break;               // LONG_BINGET
                case (byte)'c': { var module = Line(); Push(Global(module, Line())); break; }
                case 0x93: { var name = As<string>(Pop(), "STACK_GLOBAL"); Push(Global(As<string>(Pop(), "STACK_GLOBAL"), name)); break; }
                case (byte)'Q': Push(Persistent(Pop())); break;             // BINPERSID
                case (byte)'R': { var args = As<PickleTuple>(Pop(), "REDUCE"); Push(Reduce(As<PickleGlobal>(Pop(), "REDUCE"), args.Items)); break; }
                case 0x81:                                                  // NEWOBJ
                {
                    As<PickleTuple>(Pop(), "NEWOBJ");
                    var cls = As<PickleGlobal>(Pop(), "NEWOBJ");
                    Push(cls.ToString() == "argparse.Namespace" ? new PickleNamespace(new PickleDict()) : throw Bad($"'{cls}' cannot be instantiated"));
                    break;
                }
                case (byte)'b':                                             // BUILD
                {
                    var state = Pop();
                    if (Peek() is PickleNamespace ns && state is PickleDict attributes)
                        foreach (var (k, v) in attributes.Items) ns.Attributes.Set(k, v);
                    else if (Peek() is not TensorRef) throw Bad($"BUILD at byte {at} on a {Kind(Peek())}");
                    break;
                }
                default:
                    throw Bad($"opcode 0x{op:x2} at byte {at} is not one a checkpoint uses");
            }
        }
    }

    private PickleGlobal Global(string module, string name)
    {
        var full = $"{module}.{name}";
        if ((module == "torch" && StorageTypes.Contains(name)) || Allowed.Contains(full)) return new PickleGlobal(module, name);
        throw Bad($"the pickle names the global '{MessageText.Shown(full, 80)}', which a checkpoint never needs (refused: only tensors, OrderedDict and argparse.Namespace are read)");
    }

    /// <summary>What a call of an allowed global would return, built without calling anything.</summary>
    private object? Reduce(PickleGlobal function, object?[] args)
    {
        switch (function.ToString())
        {
            case "collections.OrderedDict" when args.Length == 0:
                return new PickleDict();
            case "collections.OrderedDict" when args.Length == 1 && args[0] is List<object?> pairs:
                var dict = new PickleDict();
                foreach (var pair in pairs)
                    if (pair is PickleTuple { Items.Length: 2 } kv) dict.Set(kv.Items[0], kv.Items[1]);
                    else throw Bad("OrderedDict is given something other than (key, value) pairs");
                return dict;
            case "torch._utils._rebuild_tensor_v2" when args.Length is 6 or 7 && args[0] is StorageRef storage:
                var shape = Dims(args[2], "size");
                var stride = Dims(args[3], "stride");
                if (stride.Length != shape.Length) throw Bad($"a tensor has {shape.Length} dimensions and {stride.Length} strides");
                return new TensorRef(storage, args[1] is long offset && offset >= 0 ? offset : throw Bad("a tensor's storage offset is not a non-negative integer"), shape, stride);
            case "torch._utils._rebuild_parameter" when args.Length >= 1 && args[0] is TensorRef tensor:
                return tensor;
            case "_codecs.encode" when args is [string text, string encoding] && encoding is "latin1" or "latin-1":
                return Encoding.Latin1.GetBytes(text);
            default:
                throw Bad($"'{function}' is called with arguments it never takes in a checkpoint ({string.Join(", ", args.Select(Kind))})");
        }
    }

    private long[] Dims(object? value, string what)
    {
        if (value is not PickleTuple t) throw Bad($"a tensor's {what} is not a tuple");
        var dims = new long[t.Items.Length];
        for (int i = 0; i < dims.Length; i++)
            dims[i] = t.Items[i] is long d && d >= 0 && d < (1L << 40) ? d : throw Bad($"a tensor's {what} holds something other than a non-negative integer");
        return dims;
    }

    /// <summary>PyTorch's persistent id of a storage: ('storage', torch.&lt;Type&gt;Storage, key, location, numel).</summary>
    private StorageRef Persistent(object? id)
    {
        if (id is PickleTuple { Items: ["storage", PickleGlobal { Module: "torch" } type, string key, string, long elements] } && StorageTypes.Contains(type.Name) && elements >= 0)
            return new StorageRef(type.Name, key, elements);
        throw Bad("a persistent id is not ('storage', <torch storage type>, key, location, size)");
    }

    private object? Memo(long index) => _memo.TryGetValue(index, out var v) ? v : throw Bad($"memo entry {index} is read before it is written");

    private object? Long(int length)
    {
        var bytes = Bytes(length);
        if (length > 8) throw Bad($"an integer of {length} bytes");
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return (long)value;
    }

    private string Line()
    {
        int end = Array.IndexOf(_data, (byte)'\n', _at);
        if (end < 0 || end - _at > 200) throw Bad($"a global's name at byte {_at} is not a short line");
        var text = Encoding.ASCII.GetString(_data, _at, end - _at);
        _at = end + 1;
        return text;
    }

    private string Text(int length)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(Bytes(length));
        }
        catch (DecoderFallbackException)
        {
            throw Bad($"a string before byte {_at} is not UTF-8");
        }
    }

    private string Latin1(int length) => Encoding.Latin1.GetString(Bytes(length));

    private long Index() => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4));

    private int Length(int bytes)
    {
        long n = bytes == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4)) : (long)BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8));
        return n >= 0 && n <= _data.Length - _at ? (int)n : throw Bad($"a length of {n} at byte {_at} runs past the pickle's {_data.Length} bytes");
    }

    private byte Byte() => _at < _data.Length ? _data[_at++] : throw Bad($"the pickle ends at byte {_at} without STOP (truncated)");

    private ReadOnlySpan<byte> Bytes(int n)
    {
        if (n > _data.Length - _at) throw Bad($"the pickle ends at byte {_data.Length} inside a {n}-byte value (truncated)");
        var span = _data.AsSpan(_at, n);
        _at += n;
        return span;
    }

    private void Push(object? value) => _stack.Add(value);

    private object? Peek() => _stack.Count > 0 && (_marks.Count == 0 || _marks.Peek() < _stack.Count) ? _stack[^1] : throw Bad($"an opcode before byte {_at} finds its stack empty");

    private object? Pop()
    {
        var v = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return v;
    }

    private object?[] PopMark()
    {
        if (_marks.Count == 0) throw Bad($"an opcode before byte {_at} needs a MARK that is not there");
        int mark = _marks.Pop();
        var items = _stack.GetRange(mark, _stack.Count - mark).ToArray();
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private T As<T>(object? value, string opcode) where T : class =>
        value as T ?? throw Bad($"{opcode} before byte {_at} expects a {typeof(T).Name}, finds a {Kind(value)}");

    private static string Kind(object? v) => v switch
    {
        null => "None",
        PickleGlobal g => g.ToString(),
        _ => v.GetType().Name,
    };

    private InvalidInputException Bad(string what) => new(string.Create(CultureInfo.InvariantCulture, $"{_file}: {what}"));
}
