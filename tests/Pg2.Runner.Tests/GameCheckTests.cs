using Pg2.Contracts;
using Pg2.Runner.Games;
using Pg2.Runner.Jobs;

namespace Pg2.Runner.Tests;

/// <summary>A game says what it runs: the fold count reaches the model, and broken inputs are found before any job.</summary>
public class GameCheckTests
{
    static RunSummary Run(Workspace ws, string gameFile, FakeEngine engine) =>
        new BenchmarkRunner(engine, new RunOptions { ResultsDir = ws.Results }, new CountingObserver())
            .RunAsync(GameFile.Load(gameFile), CancellationToken.None).GetAwaiter().GetResult();

    [Fact]
    public void FoldCount_OfTheGame_IsPassedToEveryFoldJob()
    {
        using var ws = new Workspace();
        var engine = new FakeEngine();
        // Workspace games use folds = 3: three jobs per scheme, each told there are three folds.
        var summary = Run(ws, ws.Game("g", ["good"], datasets: 1, splits: "\"contiguous\""), engine);
        Assert.Equal(3, summary.Executed);
        Assert.All(engine.Started, r => Assert.Equal("3", r.Arguments[r.Arguments.ToList().IndexOf("--folds") + 1]));
        Assert.Equal(["0", "1", "2"], engine.Started.Select(r => r.Arguments[r.Arguments.ToList().IndexOf("--test-fold") + 1]).Order());
    }

    [Fact]
    public void PlainJob_GetsNoFoldOptions()
    {
        using var ws = new Workspace();
        var engine = new FakeEngine();
        Run(ws, ws.Game("g", ["good"], datasets: 1), engine);
        Assert.DoesNotContain("--folds", Assert.Single(engine.Started).Arguments);
    }

    [Fact]
    public void EveryProblem_IsListedInOneErrorBeforeAnyJobStarts()
    {
        using var ws = new Workspace();
        ws.Archive("data/small.zip", rows: 4);
        ws.File("data/broken.zip", "not a zip");
        ws.Archive("data/other.zip");
        ws.Model("good");
        ws.Model("bad", "name = \"bad\"\n[hyper_params\n");
        var game = ws.File("g.toml", """
            name = "g"
            kind = "supervised"
            [[datasets]]
            path = "data/broken.zip"
            [[datasets]]
            path = "data/other.zip"
            target = "fitness"
            [[datasets]]
            path = "data/small.zip"
            splits = ["modulo"]
            folds = 10
            [[models]]
            path = "models/good"
            [[models]]
            path = "models/bad"
            """);
        var engine = new FakeEngine();
        var e = Assert.Throws<InvalidInputException>(() => Run(ws, game, engine));
        Assert.Equal(ExitCodes.InvalidInput, e.ExitCode);
        var lines = e.Message.Split('\n');
        Assert.Equal("g.toml: 4 problems found before any job ran:", lines[0]);
        Assert.StartsWith("  datasets[0] (broken): path: ", lines[1]);
        Assert.Equal("  datasets[1] (other): target: \"fitness\" is not a target of other.zip; it has: y", lines[2]);
        Assert.Equal("  datasets[2] (small): folds: 10 folds need at least 10 rows; target \"y\" has 4", lines[3]);
        Assert.StartsWith("  models[1] (bad): manifest: ", lines[4]);
        Assert.Contains("TOML syntax error", lines[4]);
        Assert.Equal(5, lines.Length);
        Assert.Empty(engine.Started);
        Assert.False(Directory.Exists(ws.Results));
    }

    [Fact]
    public void ValidGame_HasNoProblems()
    {
        using var ws = new Workspace();
        Assert.Empty(GameCheck.Problems(GameFile.Load(ws.Game("g", ["good"], splits: "\"random\""))));
    }
}
