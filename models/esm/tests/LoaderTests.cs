using System.Buffers.Binary;
using System.Text;
using Pg2.Contracts;
using Pg2.Models.Esm.Weights;

namespace Pg2.Models.Esm.Tests;

public sealed class LoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-esm-loader").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Decoder_WhenTheTiedLmHeadIsAbsent_IsTheTokenEmbedding_AndWhenPresentItsOwnTensor()
    {
        var tied = Fixtures.Weights("esm2-tiny");
        Assert.False(tied.Has("lm_head.decoder.weight"));
        Assert.Equal("esm.embeddings.word_embeddings.weight", tied.Decoder.Name);
        Assert.Equal("lm_head.decoder.weight", Fixtures.Weights("esm1v-tiny-1").Decoder.Name);
    }

    [Theory]
    [InlineData("esm2-tiny-f16", "F16")]
    [InlineData("esm2-tiny-bf16", "BF16")]
    public void HalfPrecisionTensors_AreReadInPlace(string member, string type)
    {
        var t = Fixtures.Weights(member).Get("esm.embeddings.word_embeddings.weight", 33, 64);
        Assert.Equal(type, t.Type.ToString());
        Assert.Equal(33 * 64 * 2, t.Length);
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "short", "shorter than the 8-byte header size" },
        { "huge-header", "header size 1099511627776 does not fit the file" },
        { "not-json", "header is not JSON" },
        { "array", "header is not a JSON object" },
        { "dtype", "dtype 'I64' is not F32, F16 or BF16" },
        { "outside", "data_offsets [0, 4096] outside the 16 data bytes" },
        { "shape", "shape [3, 3] of F32 needs 36 bytes, data_offsets give 16" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Header_ThatIsBroken_IsOneLineNamingTheFile(string kind, string message)
    {
        var path = Path.Combine(_dir, kind + ".safetensors");
        File.WriteAllBytes(path, kind switch
        {
            "short" => [1, 2, 3],
            "huge-header" => WithHeader("{}", 16, 1L << 40),
            "not-json" => WithHeader("{\"a\": ", 16),
            "array" => WithHeader("[]", 16),
            "dtype" => WithHeader("{\"t\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", 16),
            "outside" => WithHeader("{\"t\":{\"dtype\":\"F32\",\"shape\":[1024],\"data_offsets\":[0,4096]}}", 16),
            _ => WithHeader("{\"t\":{\"dtype\":\"F32\",\"shape\":[3,3],\"data_offsets\":[0,16]}}", 16),
        });
        var e = Assert.Throws<InvalidInputException>(() => SafeTensorsFile.ReadHeader(path));
        Assert.StartsWith($"{path}: not a valid safetensors file: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Weights_MissingATensorTheConfigNeeds_FailNamingIt()
    {
        var folder = Path.Combine(_dir, "partial");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(Fixtures.Folder("esm2-tiny"), "config.json"), Path.Combine(folder, "config.json"));
        File.WriteAllBytes(Path.Combine(folder, "model.safetensors"),
            WithHeader("{\"esm.embeddings.word_embeddings.weight\":{\"dtype\":\"F32\",\"shape\":[33,64],\"data_offsets\":[0,8448]}}", 8448));
        var e = Assert.Throws<InvalidInputException>(() => Onnx.EsmSession.Open(EsmWeights.Open(folder), false, _ => { }));
        Assert.Contains("tensor 'esm.encoder.layer.0.attention.LayerNorm.weight' is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_WithoutWeights_SaysWhatItExpects()
    {
        var e = Assert.Throws<InvalidInputException>(() => EsmWeights.Open(_dir));
        Assert.Contains("expected config.json + model.safetensors (Hugging Face layout) or exactly one fair-esm .pt checkpoint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_ThatIsNotAnEsmConfig_IsAnErrorNamingTheKey()
    {
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, "{\"num_hidden_layers\": 2, \"hidden_size\": 64, \"num_attention_heads\": 4, \"intermediate_size\": 128, \"position_embedding_type\": \"alibi\"}");
        var e = Assert.Throws<InvalidInputException>(() => EsmConfig.Read(path));
        Assert.Equal($"{path}: 'position_embedding_type' 'alibi' is neither 'rotary' (ESM-2) nor 'absolute' (ESM-1v)", e.Message);
    }

    private static byte[] WithHeader(string json, int dataBytes, long? declared = null)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, declared ?? header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }
}
