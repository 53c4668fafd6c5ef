using System.IO.Compression;
using Pg2.Contracts;
using Pg2.Datasets.Mutations;
using Pg2.Models.Esm.Scoring;
using Pg2.Models.Esm.Weights;

namespace Pg2.Models.Esm.Tests;

/// <summary>fair-esm <c>.pt</c> checkpoints: the same tiny weights as the safetensors fixtures, written by tools/esm-reference with torch.save.</summary>
public sealed class TorchCheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-esm-pt").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Hostile(string name) => Path.Combine(Fixtures.Folder("hostile-pt"), name);

    [Theory]
    [InlineData("esm2-tiny-pt", "esm2-tiny")]
    [InlineData("esm1v-tiny-1-pt", "esm1v-tiny-1")]
    [InlineData("esm2-tiny-bf16-pt", "esm2-tiny-bf16")]
    public void Checkpoint_GivesTheSameLogitsAsTheSafetensorsOfTheSameWeights(string checkpoint, string safetensors)
    {
        using var pt = Fixtures.Session(checkpoint);
        using var hf = Fixtures.Session(safetensors);
        var logits = pt.Logits(Fixtures.Tokens);
        Assert.Equal(0, Fixtures.MaxDifference(logits, hf.Logits(Fixtures.Tokens)));
        Assert.InRange(Fixtures.MaxDifference(logits, Fixtures.Logits(safetensors)), 0, 1e-4);
    }

    [Fact]
    public void Esm1vWithATiedHead_ZeroesTheMaskRowOfTheSharedStorage_AsFairEsmLoadsIt()
    {
        var w = Fixtures.Weights("esm1v-tiny-tied-pt");
        Assert.Equal(32, w.Get("esm.embeddings.word_embeddings.weight", 33, 64).ZeroedRow);
        Assert.Equal(32, w.Decoder.ZeroedRow);
        Assert.Null(Fixtures.Weights("esm1v-tiny-1-pt").Decoder.ZeroedRow);   // its own storage: read as is
        Assert.Null(Fixtures.Weights("esm2-tiny-pt").Decoder.ZeroedRow);      // ESM-2: fair-esm zeroes nothing
        using var session = Fixtures.Session("esm1v-tiny-tied-pt");
        var logits = session.Logits(Fixtures.Tokens);
        Assert.InRange(Fixtures.MaxDifference(logits, Fixtures.Logits("esm1v-tiny-tied-pt")), 0, 1e-4);
    }

    [Theory]
    [InlineData("esm2-tiny", "masked-marginals")]
    [InlineData("esm1v-tiny-1", "wt-marginals")]
    public void Checkpoint_ScoresTheLongTargetLikeTheSafetensors_AndTheReference(string member, string strategy)
    {
        using var pt = Fixtures.Session(member + "-pt");
        using var hf = Fixtures.Session(member);
        var mutants = Fixtures.Mutants("long").Select(m => (Mutant?)Mutant.Parse(m)).ToArray();
        var parsed = ScoringStrategies.Parse(strategy, "test");
        var scores = new EsmScorer(pt).Score(Fixtures.WildType("long"), mutants, parsed, offset: 1);
        Assert.Equal(new EsmScorer(hf).Score(Fixtures.WildType("long"), mutants, parsed, offset: 1), scores);
        var golden = Fixtures.Scores(member, "long", strategy);
        for (int i = 0; i < golden.Length; i++) Assert.True(Math.Abs(scores[i] - golden[i]) < 1e-3, $"{mutants[i]}: {scores[i]} vs {golden[i]}");
    }

    [Fact]
    public void Config_ComesFromTheCheckpointsArguments_AsTheHuggingFaceConfigSaysIt()
    {
        Assert.Equal(Fixtures.Weights("esm2-tiny").Config, Fixtures.Weights("esm2-tiny-pt").Config);
        var esm1v = Fixtures.Weights("esm1v-tiny-1-pt").Config;
        Assert.Equal(Fixtures.Weights("esm1v-tiny-1").Config, esm1v);
        Assert.Equal((PositionEncoding.Learned, true, 32), (esm1v.Positions, esm1v.LayerNormBeforeLayers, esm1v.TokenWindow));
    }

    [Fact]
    public void TiedLmHead_IsOneStorageUnderTwoNames_ReadInPlaceFromThePt()
    {
        var w = Fixtures.Weights("esm2-tiny-pt");
        var embedding = w.Get("esm.embeddings.word_embeddings.weight", 33, 64);
        Assert.Equal("lm_head.decoder.weight", w.Decoder.Name);
        Assert.Equal((embedding.File, embedding.Offset, embedding.Length), (w.Decoder.File, w.Decoder.Offset, w.Decoder.Length));
        Assert.EndsWith("esm2-tiny.pt", embedding.File, StringComparison.Ordinal);
        // The graph skips ESM-2's rotary frequency buffers.
        Assert.False(w.Has("esm.encoder.layer.0.attention.self.rot_emb.inv_freq"));
    }

    [Fact]
    public void MemoryEstimate_CountsTheWeightsAsFloat32_WhateverTheFileStoresAndATiedStorageOnce()
    {
        var f32 = Fixtures.Weights("esm2-tiny");
        // 2 layers × (4 · 64² + 2 · 64·128 + 4·64 + 128 + 64 + 4 · 64) + embeddings 33·64 + final/head LayerNorms, dense and bias.
        long parameters = 2 * (4 * 64 * 64 + 4 * 64 + 64 * 128 + 128 + 128 * 64 + 64 + 4 * 64) + 33 * 64 + 4 * 64 + 64 * 64 + 64 + 33;
        Assert.Equal((512L << 20) + parameters * 5, f32.MemoryEstimateBytes);
        Assert.Equal(f32.MemoryEstimateBytes, Fixtures.Weights("esm2-tiny-bf16").MemoryEstimateBytes);
        Assert.Equal(f32.MemoryEstimateBytes, Fixtures.Weights("esm2-tiny-pt").MemoryEstimateBytes);
    }

    [Fact]
    public void Manifest_DeclaresTheMemoryOfThe650MCheckpoints_AndNoGpu()
    {
        var resources = Pg2.Sdk.ModelManifest.FromPath(Pg2.Testing.Repository.File("models/esm/manifest.toml")).Resources;
        Assert.Equal(4L << 30, resources.MemoryBytes);
        Assert.Null(resources.Gpus);
        // 650M parameters by the README's formula: 0.5 GiB + 1.25 × 2.6 GB fits in 4 GiB.
        Assert.True((512L << 20) + 650_000_000L * 5 < resources.MemoryBytes);
    }

    [Theory]
    [InlineData("layers.12.self_attn.q_proj.weight", "esm.encoder.layer.12.attention.self.query.weight")]
    [InlineData("layers.0.self_attn.out_proj.bias", "esm.encoder.layer.0.attention.output.dense.bias")]
    [InlineData("layers.3.final_layer_norm.weight", "esm.encoder.layer.3.LayerNorm.weight")]
    [InlineData("layers.3.fc2.bias", "esm.encoder.layer.3.output.dense.bias")]
    [InlineData("emb_layer_norm_before.bias", "esm.embeddings.layer_norm.bias")]
    [InlineData("lm_head.weight", "lm_head.decoder.weight")]
    [InlineData("layers.0.self_attn.rot_emb.inv_freq", null)]
    [InlineData("contact_head.regression.weight", null)]
    [InlineData("layers.x.fc1.weight", null)]
    public void FairEsmNames_MapOntoTheHuggingFaceNamesTheGraphReads(string fairEsm, string? huggingFace) =>
        Assert.Equal(huggingFace, TorchCheckpoint.HuggingFaceName(fairEsm));

    [Fact]
    public void Folder_WithTheContactRegressionFileBesideTheCheckpoint_OpensTheCheckpoint()
    {
        File.Copy(Path.Combine(Fixtures.Folder("esm2-tiny-pt"), "esm2-tiny.pt"), Path.Combine(_dir, "esm2-tiny.pt"));
        File.WriteAllBytes(Path.Combine(_dir, "esm2-tiny-contact-regression.pt"), [1, 2, 3]);
        Assert.Equal(2, EsmWeights.Open(_dir).Config.Layers);
    }

    public static TheoryData<string, string> HostileFiles => new()
    {
        { "global.pt", "the pickle names the global 'posix.system', which a checkpoint never needs" },
        { "double.pt", "tensor 'embed_tokens.weight' is a DoubleStorage; the model reads FloatStorage, HalfStorage or BFloat16Storage" },
        { "missing-storage.pt", "storage 'archive/data/1' of tensor 'lm_head.bias' is missing from the zip" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void HostileCheckpoint_IsOneInputErrorNamingTheFileAndWhatIsWrong(string file, string message)
    {
        var path = Hostile(file);
        var e = Assert.Throws<InvalidInputException>(() => TorchCheckpoint.Open(_dir, path));
        Assert.Equal(ExitCodes.InvalidInput, e.ExitCode);
        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Pickle_OfADictWithManyEntries_KeepsEachKeyOnce_TheLaterValueWinning()
    {
        // {"k0": 0, ..., "k199999": 199999, "k0": -1} as protocol 2 writes it: EMPTY_DICT MARK (key value)* SETITEMS STOP.
        const int n = 200_000;
        var pickle = new List<byte> { 0x80, 2, (byte)'}', (byte)'(' };
        void Key(string k)
        {
            pickle.Add(0x8c);
            pickle.Add((byte)k.Length);
            pickle.AddRange(System.Text.Encoding.ASCII.GetBytes(k));
        }
        for (int i = 0; i < n; i++)
        {
            Key("k" + i);
            pickle.Add((byte)'J');
            pickle.AddRange(BitConverter.GetBytes(i));
        }
        Key("k0");
        pickle.AddRange([(byte)'J', 0xff, 0xff, 0xff, 0xff, (byte)'u', (byte)'.']);
        var dict = Assert.IsType<PickleDict>(CheckpointPickle.Read("big.pkl", [.. pickle]));
        Assert.Equal(n, dict.Items.Count);
        Assert.True(dict.TryGet("k0", out var first) && (long)first! == -1);
        Assert.True(dict.TryGet("k199999", out var last) && (long)last! == n - 1);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void TruncatedCheckpoint_IsAnInputError(double kept)
    {
        var source = File.ReadAllBytes(Path.Combine(Fixtures.Folder("esm2-tiny-pt"), "esm2-tiny.pt"));
        var path = Path.Combine(_dir, "cut.pt");
        File.WriteAllBytes(path, source[..(int)(source.Length * kept)]);
        var e = Assert.Throws<InvalidInputException>(() => TorchCheckpoint.Open(_dir, path));
        Assert.Contains($"{path}: not a readable PyTorch zip checkpoint: no end-of-central-directory record", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PickleCutShort_IsAnInputErrorSayingTruncated()
    {
        var path = Path.Combine(_dir, "short-pickle.pt");
        var pickle = ReadMember(Path.Combine(Fixtures.Folder("esm2-tiny-pt"), "esm2-tiny.pt"), "esm2-tiny/data.pkl");
        WriteZip(path, CompressionLevel.NoCompression, ("archive/data.pkl", pickle[..(pickle.Length / 2)]));
        var e = Assert.Throws<InvalidInputException>(() => TorchCheckpoint.Open(_dir, path));
        Assert.Contains("(truncated)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checkpoint_RezippedWithCompression_IsRefusedBecauseTensorsAreReadInPlace()
    {
        var source = Path.Combine(Fixtures.Folder("esm2-tiny-pt"), "esm2-tiny.pt");
        using (var zip = ZipFile.OpenRead(source))
            WriteZip(Path.Combine(_dir, "deflated.pt"), CompressionLevel.Optimal,
                zip.Entries.Select(e => (e.FullName, ReadMember(source, e.FullName))).ToArray());
        var e = Assert.Throws<InvalidInputException>(() => EsmWeights.Open(_dir));
        Assert.Contains("is compressed; tensors are read in place", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotAZip_IsAnInputErrorMentioningTheLegacyFormat()
    {
        var path = Path.Combine(_dir, "legacy.pt");
        File.WriteAllBytes(path, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
        var e = Assert.Throws<InvalidInputException>(() => TorchCheckpoint.Open(_dir, path));
        Assert.Contains("not a zip: legacy pre-1.6 torch.save files are not read", e.Message, StringComparison.Ordinal);
    }

    private static byte[] ReadMember(string zipPath, string name)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static void WriteZip(string path, CompressionLevel level, params (string Name, byte[] Bytes)[] members)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, bytes) in members)
        {
            using var s = zip.CreateEntry(name, level).Open();
            s.Write(bytes);
        }
    }
}
