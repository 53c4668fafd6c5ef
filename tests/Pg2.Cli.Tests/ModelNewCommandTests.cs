using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Cli.Tests;

/// <summary><c>pg2 model new</c> argument errors (creating real models is in Pg2.Templates.Tests).</summary>
public sealed class ModelNewCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-model-new-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("1model")]
    [InlineData("my model")]
    [InlineData("../escape")]
    public async Task New_RejectsNamesThatAreNotIdentifiers(string name)
    {
        var (code, _, err) = await Cli.RunAsync("model", "new", name, "-o", Path.Combine(_dir, "x"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("use letters, digits", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "x")));
    }

    [Fact]
    public async Task New_RejectsUnknownKind()
    {
        var (code, _, err) = await Cli.RunAsync("model", "new", "m", "--kind", "unsupervised", "-o", Path.Combine(_dir, "m"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("expected supervised or zero-shot", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_RefusesANonEmptyFolder()
    {
        var target = Directory.CreateDirectory(Path.Combine(_dir, "taken")).FullName;
        File.WriteAllText(Path.Combine(target, "keep.txt"), "mine");
        var (code, _, err) = await Cli.RunAsync("model", "new", "m", "-o", target);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("not empty", err, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(target, "keep.txt")));
    }
}
