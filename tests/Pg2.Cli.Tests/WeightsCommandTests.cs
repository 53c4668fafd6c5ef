using Pg2.Contracts;
using Pg2.Sdk.Weights;

namespace Pg2.Cli.Tests;

public sealed class WeightsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-weights-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Source(string content)
    {
        var source = Path.Combine(_dir, "src", "esm2_t6_8M_UR50D");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "config.json"), "{}");
        File.WriteAllText(Path.Combine(source, "model.safetensors"), content);
        return source;
    }

    [Fact]
    public async Task Add_CopiesTheFolderUnderItsName_AndPrintsTheDigestThatPinsIt()
    {
        var source = Source("weights");
        var store = Path.Combine(_dir, "store");
        var r = await Cli.RunAsync("weights", "add", source, "--weights-dir", store);
        Assert.True(r.Code == 0, r.Err);
        var digest = WeightsStore.Digest(source);
        Assert.Equal(digest, WeightsStore.Digest(Path.Combine(store, "esm2_t6_8M_UR50D")));
        Assert.Contains($"weights_sha256 = \"{digest}\"", r.Out, StringComparison.Ordinal);
        // Again with the same contents: kept; with other contents under the same name: refused.
        Assert.Equal(0, (await Cli.RunAsync("weights", "add", source, "--weights-dir", store)).Code);
        File.WriteAllText(Path.Combine(source, "model.safetensors"), "other weights");
        var clash = await Cli.RunAsync("weights", "add", source, "--weights-dir", store);
        Assert.Equal(ExitCodes.InvalidInput, clash.Code);
        Assert.Contains($"already exist in {store} with digest {digest}", clash.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_WithANameThatIsAPath_IsRefused()
    {
        var r = await Cli.RunAsync("weights", "add", Source("w"), "--name", "../escape", "--weights-dir", Path.Combine(_dir, "store"));
        Assert.Equal(ExitCodes.InvalidInput, r.Code);
        Assert.Contains("--name = '../escape' is not a valid name", r.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "escape")));
    }

    [Fact]
    public void Digest_ChangesWithAnyFileOrName()
    {
        var source = Source("weights");
        var before = WeightsStore.Digest(source);
        File.WriteAllText(Path.Combine(source, "extra.txt"), "x");
        var added = WeightsStore.Digest(source);
        File.Move(Path.Combine(source, "extra.txt"), Path.Combine(source, "extra2.txt"));
        Assert.Equal(3, new[] { before, added, WeightsStore.Digest(source) }.Distinct().Count());
        Assert.StartsWith("sha256:", before, StringComparison.Ordinal);
    }
}
