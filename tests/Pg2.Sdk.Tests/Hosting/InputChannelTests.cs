using Pg2.Contracts;

namespace Pg2.Sdk.Tests.Hosting;

/// <summary>How a model finds an extra job input by channel name (the <c>SM_CHANNEL_*</c> convention of every engine).</summary>
public sealed class InputChannelTests : IDisposable
{
    private readonly string _root = TestData.TempDirectory();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Func<string, string?> Variables(params (string Key, string Value)[] pairs) =>
        key => pairs.FirstOrDefault(p => p.Key == key).Value;

    [Fact]
    public void AFolderChannel_ListsItsFilesInOrder_WithoutHiddenOnes()
    {
        Directory.CreateDirectory(Path.Combine(_root, "b"));
        File.WriteAllText(Path.Combine(_root, "b", "z.csv"), "");
        File.WriteAllText(Path.Combine(_root, "a.csv"), "");
        File.WriteAllText(Path.Combine(_root, ".hidden"), "");
        var channel = InputChannel.Find("covariates", Variables(("SM_CHANNEL_COVARIATES", _root)))!;
        Assert.True(channel.IsFolder);
        Assert.Equal([Path.Combine(_root, "a.csv"), Path.Combine(_root, "b", "z.csv")], channel.Files);
    }

    [Fact]
    public void AFileChannel_IsItsOwnSingleFile()
    {
        var file = Path.Combine(_root, "scores.csv");
        File.WriteAllText(file, "");
        var channel = InputChannel.Find("covariates", Variables(("SM_CHANNEL_COVARIATES", file)))!;
        Assert.False(channel.IsFolder);
        Assert.Equal(file, channel.SingleFile());
    }

    [Fact]
    public void SingleFile_OfAFolderWithTwo_IsAnErrorNamingTheChannel()
    {
        File.WriteAllText(Path.Combine(_root, "a.csv"), "");
        File.WriteAllText(Path.Combine(_root, "b.csv"), "");
        var channel = InputChannel.Find("weights", Variables(("SM_CHANNEL_WEIGHTS", _root)))!;
        var e = Assert.Throws<InvalidInputException>(channel.SingleFile);
        Assert.Contains("input channel 'weights'", e.Message, StringComparison.Ordinal);
        Assert.Contains("found 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVariablePointingNowhere_IsAFileNotFoundErrorNamingIt()
    {
        var e = Assert.Throws<InvalidInputException>(() => InputChannel.Find("covariates", Variables(("SM_CHANNEL_COVARIATES", Path.Combine(_root, "gone")))));
        Assert.Equal(ExitCodes.FileNotFound, e.ExitCode);
        Assert.Contains("SM_CHANNEL_COVARIATES", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoVariableAndNoChannelFolder_IsNoInput() =>
        Assert.Null(InputChannel.Find("nosuchchannel", Variables()));

    [Fact]
    public void ABadChannelName_IsRefused() =>
        Assert.Throws<InvalidInputException>(() => InputChannel.Find("../x", Variables()));
}
