using Pg2.Contracts;
using Pg2.Engines.Local;

namespace Pg2.Engines.Tests;

/// <summary>Engines are plugins: they build on Pg2.Contracts alone, and Contracts on nothing of pg2's or anyone's.</summary>
public sealed class EngineReferencesTests
{
    static string[] Pg2References(Type type) =>
        [.. type.Assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Pg2.", StringComparison.Ordinal)).Order()];

    [Fact]
    public void Engines_ReferenceOnlyContracts_OfPg2()
    {
        Assert.Equal(["Pg2.Contracts"], Pg2References(typeof(LocalEngine)));
    }

    [Fact]
    public void Contracts_ReferenceOnlyTheFramework()
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location);
        Assert.All(typeof(IEngine).Assembly.GetReferencedAssemblies(), a =>
            Assert.True(Path.GetDirectoryName(System.Reflection.Assembly.Load(a).Location) == framework, $"Pg2.Contracts references {a.Name}, which is not in the shared framework"));
    }
}
