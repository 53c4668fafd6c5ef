using Pg2.Cli.Engines;
using Pg2.Contracts;

namespace Pg2.Cli.Tests;

/// <summary>The engines <c>--engine</c> offers: one registration each, all named in help and errors.</summary>
public sealed class EngineRegistryTests
{
    [Fact]
    public void UnknownEngine_IsUsageError_ListingEveryEngine()
    {
        var e = Assert.Throws<InvalidInputException>(() => EngineRegistry.Find("lxc"));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains("unknown engine \"lxc\"; expected one of local, docker, podman, sagemaker, slurm", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EngineOptionHelp_DescribesEveryEngine()
    {
        var option = EngineRegistry.Option("Where models run", "local");
        foreach (var engine in EngineRegistry.All)
            Assert.Contains($"{engine.Name}: {engine.Description}", option.Description, StringComparison.Ordinal);
        Assert.Equal("local", new System.CommandLine.RootCommand { option }.Parse("").GetValue(option));
    }

    [Theory]
    [InlineData("local")]
    [InlineData("DOCKER")]
    [InlineData("podman")]
    [InlineData("slurm")]
    public void Create_MakesTheNamedEngine(string name)
    {
        using var engine = EngineRegistry.Create(name);
        Assert.Equal(name.ToLowerInvariant(), engine.Name);
    }
}
