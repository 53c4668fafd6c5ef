using Pg2.Contracts;

namespace Pg2.Sdk.Tests;

/// <summary>The <c>[resources]</c> table of a manifest (Pg2.Contracts' ModelResources, read through ModelManifest).</summary>
public class ModelResourcesTests
{
    [Fact]
    public void Resources_ReadsCpusMemoryGpusAndTime_AndIsNotAnExtraKey()
    {
        var m = ModelManifest.Parse("name = \"esm\"\n[resources]\ncpus = 4\nmemory = \"16g\"\ngpus = 1\ntime = \"2h\"\n", "m.toml");
        Assert.Equal(new ModelResources(4, 16L << 30, 1, TimeSpan.FromHours(2)), m.Resources);
        Assert.False(m.Extra.ContainsKey("resources"));
        Assert.Equal("4 cpus, 16 GiB memory, 1 gpu, time 2h", m.Resources.ToString());
    }

    [Fact]
    public void Resources_Absent_IsNone()
    {
        Assert.Equal(ModelResources.None, ModelManifest.Parse("name = \"pls\"\n", "m.toml").Resources);
        Assert.Equal("the engine's defaults", ModelResources.None.ToString());
    }

    [Theory]
    [InlineData("cpus = 0", "m.toml: resources.cpus: expected a positive number of cores, got 0")]
    [InlineData("memory = \"lots\"", "m.toml: resources.memory: expected a size like 512m or 4g, got \"lots\"")]
    [InlineData("gpus = 1.5", "m.toml: resources.gpus: expected a whole number of GPUs, got 1.5")]
    [InlineData("time = \"soon\"", "m.toml: resources.time: expected a positive duration like 90, 90s, 10m, 1h or 1:30:00, got \"soon\"")]
    [InlineData("disk = 1", "m.toml: resources: unknown key 'disk'; expected one of: cpus, memory, gpus, time")]
    public void Resources_BadValue_IsOneLineNamingFileAndKey(string line, string message)
    {
        var e = Assert.Throws<InvalidInputException>(() => ModelManifest.Parse($"name = \"x\"\n[resources]\n{line}\n", "m.toml"));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData("10m", 600)]
    [InlineData("1:30:00", 5400)]
    [InlineData("1-00:00:10", 86_410)]
    [InlineData("2d", 172_800)]
    public void ParseDuration_ReadsUnitsAndClockForms(string text, double seconds) =>
        Assert.Equal(seconds, ModelResources.ParseDuration(text, "t").TotalSeconds);

    [Fact]
    public void Over_TakesStatedValues_AndKeepsTheBaselineElsewhere()
    {
        var declared = new ModelResources(Cpus: 4, MemoryBytes: 1L << 30, Gpus: 1);
        Assert.Equal(new ModelResources(2, 1L << 30, 1, TimeSpan.FromMinutes(5)), new ModelResources(Cpus: 2, Time: TimeSpan.FromMinutes(5)).Over(declared));
    }
}
