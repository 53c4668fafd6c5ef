using System.Buffers.Binary;
using System.Text;
using Pg2.Contracts;
using Pg2.Datasets.Numpy;

namespace Pg2.Datasets.Tests.Numpy;

public class NpyFileTests
{
    // What numpy 1.24's np.save writes for np.array([1.0, 0.5, 0.25]) ('<f8'): a 118-byte header.
    private static byte[] NumpyFloat64()
    {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }" + new string(' ', 60) + "\n";
        return [.. Prelude(1, header), .. Doubles(false, 1.0, 0.5, 0.25)];
    }

    private static byte[] Prelude(byte major, string header)
    {
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0 };
        if (major == 1) bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        else bytes.AddRange(BitConverter.GetBytes((uint)header.Length));
        bytes.AddRange(Encoding.Latin1.GetBytes(header));
        return [.. bytes];
    }

    private static byte[] Doubles(bool bigEndian, params double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
            if (bigEndian) BinaryPrimitives.WriteDoubleBigEndian(bytes.AsSpan(i * 8), values[i]);
            else BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        return bytes;
    }

    private static byte[] Singles(bool bigEndian, params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
            if (bigEndian) BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(i * 4), values[i]);
            else BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    private static double[] Read(byte[] bytes, bool knownLength = true) =>
        NpyFile.ReadVector(new MemoryStream(bytes), "w.npy", knownLength ? bytes.Length : null);

    private static string Refusal(byte[] bytes, bool knownLength = true) =>
        Assert.Throws<InvalidInputException>(() => Read(bytes, knownLength)).Message;

    [Fact]
    public void Write_IsByteForByteWhatNumpySaveWrites()
    {
        var stream = new MemoryStream();
        NpyFile.Write(stream, [1.0, 0.5, 0.25]);
        Assert.Equal(NumpyFloat64(), stream.ToArray());
        Assert.Equal(0, (stream.Length - 24) % 64); // data starts on a 64-byte boundary, as numpy aligns it
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_NumpyFloat64_GivesTheValues(bool knownLength) =>
        Assert.Equal([1.0, 0.5, 0.25], Read(NumpyFloat64(), knownLength));

    [Theory]
    [InlineData("<f4", false)]
    [InlineData(">f4", true)]
    public void Read_Float32EitherByteOrder(string descr, bool bigEndian)
    {
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': (2,), }}\n";
        Assert.Equal([0.5, -3.0], Read([.. Prelude(1, header), .. Singles(bigEndian, 0.5f, -3f)]));
    }

    [Fact]
    public void Read_BigEndianFloat64()
    {
        var header = "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }\n";
        Assert.Equal([0.1, 7.0], Read([.. Prelude(1, header), .. Doubles(true, 0.1, 7.0)]));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Read_Versions2And3_HaveFourByteHeaderLengths(byte version)
    {
        var header = "{\"descr\": \"<f8\", \"fortran_order\": True, \"shape\": (1,)}   \n";
        Assert.Equal([2.5], Read([.. Prelude(version, header), .. Doubles(false, 2.5)]));
    }

    [Fact]
    public void WriteThenRead_SinglePrecision_RoundsToFloat()
    {
        var path = Path.Combine(TestData.TempDir(), "w.npy");
        NpyFile.Write(path, [1.0 / 3, 2], singlePrecision: true);
        Assert.Equal([(double)(1f / 3), 2.0], NpyFile.ReadVector(path));
    }

    [Fact]
    public void ReadWrite_EmptyArray()
    {
        var stream = new MemoryStream();
        NpyFile.Write(stream, []);
        Assert.Empty(Read(stream.ToArray()));
    }

    [Fact]
    public void Read_MissingFile_IsFileNotFound()
    {
        var e = Assert.Throws<InvalidInputException>(() => NpyFile.ReadVector(Path.Combine(TestData.TempDir(), "no.npy")));
        Assert.Equal(ExitCodes.FileNotFound, e.ExitCode);
    }

    public static TheoryData<string, string> BadHeaders => new()
    {
        { "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", "dtype '<i8' is not a float array" },
        { "{'descr': '|O', 'fortran_order': False, 'shape': (3,), }", "dtype '|O'" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 1), }", "shape (3, 1) is not one-dimensional" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", "shape () is not one-dimensional" },
        { "{'descr': '<f8', 'shape': (3,), }", "lacks one of descr, fortran_order, shape" },
        { "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", "key 'descr' appears twice" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'x': 1}", "unexpected key 'x'" },
        { "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (3,), }", "expected True or False" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (-3,), }", "expected a non-negative integer" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }", "expected a non-negative integer" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), } x", "text after the closing" },
        { "__import__('os').system('x')", "expected '{'" },
        { "{'descr: '<f8'", "expected ':'" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void Read_BadHeader_IsOneLineNamingTheFile(string dict, string expected)
    {
        var message = Refusal([.. Prelude(1, dict + "\n"), .. Doubles(false, 1, 2, 3)]);
        Assert.StartsWith("w.npy: ", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void Read_HeaderWithoutNewline_IsRefused() =>
        Assert.Contains("does not end with a newline",
            Refusal([.. Prelude(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }"), .. Doubles(false, 1)]), StringComparison.Ordinal);

    [Fact]
    public void Read_NotNpy_SaysSo() =>
        Assert.Contains("not a NumPy .npy file", Refusal(Encoding.ASCII.GetBytes("a,b\n1,2\n")), StringComparison.Ordinal);

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Read_UnknownVersion_IsRefused(byte major)
    {
        var bytes = NumpyFloat64();
        bytes[6] = major;
        Assert.Contains($"format version {major}.0 is not one of", Refusal(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HugeDeclaredHeader_IsRefusedBeforeReading()
    {
        var bytes = Prelude(2, "x");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), uint.MaxValue);
        Assert.Contains("larger than the 65,536 accepted", Refusal(bytes, knownLength: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderPastTheEnd_IsRefused()
    {
        var bytes = NumpyFloat64()[..40];
        Assert.Contains("runs past the end of the file", Refusal(bytes), StringComparison.Ordinal);
        Assert.Contains("file ends inside the 118-byte header", Refusal(bytes, knownLength: false), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-8, true, "needs 24 data bytes, the file holds 16")]
    [InlineData(8, true, "needs 24 data bytes, the file holds 32")]
    [InlineData(-8, false, "data ends after 2 of the 3 items")]
    [InlineData(8, false, "data continues past the 3 items")]
    public void Read_ShapeDisagreeingWithTheData_IsRefused(int extraBytes, bool knownLength, string expected)
    {
        var good = NumpyFloat64();
        var bytes = extraBytes < 0 ? good[..^(-extraBytes)] : [.. good, .. new byte[extraBytes]];
        Assert.Contains(expected, Refusal(bytes, knownLength), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ShapeClaimingBillionsOfItems_IsRefusedWithoutAllocating()
    {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }\n";
        Assert.Contains("more items than one array holds", Refusal([.. Prelude(1, header), .. Doubles(false, 1)]), StringComparison.Ordinal);
        header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2000000000,), }\n";
        Assert.Contains("data ends after 1 of the 2,000,000,000 items",
            Refusal([.. Prelude(1, header), .. Doubles(false, 1)], knownLength: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Version3HeaderNotUtf8_IsRefused()
    {
        var bytes = Prelude(3, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }\n");
        bytes[13] = 0xFF;
        Assert.Contains("not valid UTF-8", Refusal([.. bytes, .. Doubles(false, 1)]), StringComparison.Ordinal);
    }
}
