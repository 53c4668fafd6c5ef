using Pg2.Contracts;
using Pg2.Runner.Games;
using Pg2.Runner.Jobs;
using Pg2.Sdk.Weights;

namespace Pg2.Runner.Tests;

/// <summary>A game model's <c>weights</c>: a read-only input channel, digest in the record and the cache key.</summary>
public class ModelWeightsTests
{
    static string GameWithWeights(Workspace ws, string weights = "weights")
    {
        var game = ws.Game("g", ["good"], datasets: 1);
        File.AppendAllText(game, $"weights = \"{weights}\"\n");
        return game;
    }

    static RunSummary Run(Workspace ws, string game, FakeEngine engine) =>
        new BenchmarkRunner(engine, new RunOptions { ResultsDir = ws.Results }, new CountingObserver())
            .RunAsync(GameFile.Load(game), CancellationToken.None).GetAwaiter().GetResult();

    [Fact]
    public void Run_GivesTheWeightsAsTheWeightsChannel_AndRecordsTheirDigest()
    {
        using var ws = new Workspace();
        ws.File("weights/esm2-tiny/model.safetensors", "w1");
        var engine = new FakeEngine();
        Run(ws, GameWithWeights(ws), engine);
        var input = Assert.Single(Assert.Single(engine.Started).InputList);
        Assert.Equal(WeightsStore.Channel, input.Channel);
        Assert.Equal(Path.Combine(ws.Root, "weights"), input.HostPath);
        var record = JobRecord.TryRead(Path.Combine(ws.Results, "g", "d1", "good"))!;
        Assert.Equal(WeightsStore.Digest(Path.Combine(ws.Root, "weights")), record.WeightsDigest);
    }

    [Fact]
    public void Rerun_AfterTheWeightsChange_RerunsTheJob()
    {
        using var ws = new Workspace();
        ws.File("weights/esm2-tiny/model.safetensors", "w1");
        var game = GameWithWeights(ws);
        Run(ws, game, new FakeEngine());
        var cached = new FakeEngine();
        Run(ws, game, cached);
        Assert.Empty(cached.Started);
        ws.File("weights/esm2-tiny/model.safetensors", "w2");
        var rerun = new FakeEngine();
        Run(ws, game, rerun);
        Assert.Single(rerun.Started);
    }

    [Fact]
    public void Load_WithWeightsThatAreNotThere_SaysPg2NeverDownloadsThem()
    {
        using var ws = new Workspace();
        var e = Assert.Throws<InvalidInputException>(() => GameFile.Load(GameWithWeights(ws, "missing")));
        Assert.Contains("models[0].weights: folder \"missing\" not found", e.Message, StringComparison.Ordinal);
        Assert.Contains("pg2 never downloads weights", e.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.FileNotFound, e.ExitCode);
    }

    [Fact]
    public void Run_OfAModelWithoutWeights_HasNoInputAndNoDigest()
    {
        using var ws = new Workspace();
        var engine = new FakeEngine();
        Run(ws, ws.Game("g", ["good"], datasets: 1), engine);
        Assert.Empty(Assert.Single(engine.Started).InputList);
        Assert.Null(JobRecord.TryRead(Path.Combine(ws.Results, "g", "d1", "good"))!.WeightsDigest);
    }
}
