using Pg2.SageMaker.Engine;

namespace Pg2.SageMaker.Tests;

/// <summary>The sagemaker engine and its emulator are plugins: they build on Pg2.Contracts, not on the runner.</summary>
public sealed class SageMakerReferencesTests
{
    static string[] Pg2References(Type type) =>
        [.. type.Assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Pg2.", StringComparison.Ordinal)).Order()];

    [Fact]
    public void Engine_ReferencesOnlyContracts_OfPg2()
    {
        Assert.Equal(["Pg2.Contracts"], Pg2References(typeof(SageMakerEngine)));
    }

    [Fact]
    public void Emulator_DoesNotReferenceTheRunner()
    {
        Assert.DoesNotContain("Pg2.Runner", Pg2References(typeof(Pg2.SageMakerEmulator.TrainingJobExecutor)));
    }
}
