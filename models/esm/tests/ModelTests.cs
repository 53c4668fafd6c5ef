using Pg2.Contracts;
using Pg2.Sdk.Weights;

namespace Pg2.Models.Esm.Tests;

public sealed class ModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-esm-model").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Train_OnEnvz_ScoresEveryVariant_AndLogsTheWeightsDigest()
    {
        var (code, log) = ModelRun.Run(_dir, "location = \"esm2-tiny\"\nscoring_strategy = \"masked-marginals\"\nnogpu = true\n");
        Assert.True(code == 0, log);
        var lines = File.ReadAllLines(Path.Combine(_dir, "out", "ENVZ_ECOLI_Ghose_2023_esm.csv"));
        Assert.Equal(1122, lines.Length);
        Assert.Contains($"weights esm2-tiny: {WeightsStore.Digest(Fixtures.Folder("esm2-tiny"))} (not pinned", log, StringComparison.Ordinal);
        // 60 residues, 19 substitutions each: one masked forward per position, not per variant.
        Assert.Contains("1121 variants scored with 60 forward passes", log, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WithAFairEsmCheckpoint_ScoresLikeItsSafetensors_AndPinsThePtFolder()
    {
        var digest = WeightsStore.Digest(Fixtures.Folder("esm2-tiny-pt"));
        var fromPt = ModelRun.Scores(_dir, "wt-marginals", ["esm2-tiny-pt"], $"weights_sha256 = \"{digest}\"\n");
        Assert.Equal(ModelRun.Scores(_dir, "wt-marginals", ["esm2-tiny"]), fromPt);
        Assert.Equal(1121, fromPt.Length);
    }

    [Fact]
    public void Train_WithTheRightPin_Runs_AndWithAnotherPin_FailsNamingBothDigests()
    {
        var digest = WeightsStore.Digest(Fixtures.Folder("esm2-tiny"));
        var (ok, okLog) = ModelRun.Run(_dir, $"location = \"esm2-tiny\"\nweights_sha256 = \"{digest}\"\nnogpu = true\n");
        Assert.True(ok == 0, okLog);
        Assert.Contains("(pinned)", okLog, StringComparison.Ordinal);
        var wrong = "sha256:" + new string('0', 64);
        var (code, log) = ModelRun.Run(_dir, $"location = \"esm2-tiny\"\nweights_sha256 = \"{wrong}\"\nnogpu = true\n");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains($"have digest {digest}, but weights_sha256 pins {wrong}", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("esm-650M", "weights 'esm-650M' not found in")]
    [InlineData("../esm2-tiny", "weights location")]
    public void Train_WithWeightsThatAreNotThere_OrAPathForALocation_FailsInOneLine(string location, string message)
    {
        var (code, log) = ModelRun.Run(_dir, $"location = \"{location}\"\nnogpu = true\n");
        Assert.NotEqual(0, code);
        Assert.Contains(message, log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WithAnUnknownStrategy_FailsLikeTheSeed()
    {
        var (code, log) = ModelRun.Run(_dir, "location = \"esm2-tiny\"\nscoring_strategy = \"best\"\n");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("Unrecognized scoring strategy 'best'", log, StringComparison.Ordinal);
    }
}
