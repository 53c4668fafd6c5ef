using Pg2.Contracts;
using Pg2.Runner.Games;
using Pg2.Runner.Jobs;

namespace Pg2.Runner.Tests;

/// <summary>Covariates in supervised games: planning, the covariates channel, caching and failures.</summary>
public sealed class CovariateGameTests : IDisposable
{
    readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    /// <summary>Datasets d1, d2 with 3 random folds; a covariate model named as its folder (the fake engine's behaviour), models "good" (with the covariate) and "good2" (without).</summary>
    string Game(string covariateModel = "good-zs", string extraCovariates = "")
    {
        _ws.Model(covariateModel);
        return WithCovariate(_ws.Game("g", ["good", "good2"], splits: "\"random\"", extra: $"""

            [[covariates]]
            name = "{covariateModel}"
            path = "models/{covariateModel}"
            {extraCovariates}
            """), covariateModel);
    }

    /// <summary>Gives the game's model "good" the covariate <paramref name="name"/>.</summary>
    static string WithCovariate(string game, string name = "zs")
    {
        File.WriteAllText(game, File.ReadAllText(game).Replace("[[models]]\npath = \"models/good\"\n", $"[[models]]\npath = \"models/good\"\ncovariates = [\"{name}\"]\n", StringComparison.Ordinal));
        return game;
    }

    RunSummary Run(string game, FakeEngine engine) =>
        new BenchmarkRunner(engine, new RunOptions { ResultsDir = _ws.Results, Parallelism = 2 }, new CountingObserver())
            .RunAsync(GameFile.Load(game), CancellationToken.None).GetAwaiter().GetResult();

    [Fact]
    public void CovariateModel_RunsOncePerDataset_WithoutFolds_AndEveryFoldOfItsDependantGetsItsScores()
    {
        var engine = new FakeEngine();
        var summary = Run(Game(), engine);
        Assert.Equal(0, summary.Failed);
        var covariateJobs = engine.Started.Where(r => r.Artifact.Model.Name == "good-zs").ToList();
        Assert.Equal(2, covariateJobs.Count);
        Assert.All(covariateJobs, r => Assert.Equal(["--target", "y"], r.Arguments));
        Assert.True(File.Exists(Path.Combine(_ws.Results, "g", "d1", "good-zs", "predictions.csv")));

        var dependants = engine.Started.Where(r => r.Artifact.Model.Name == "good").ToList();
        Assert.Equal(6, dependants.Count); // 2 datasets × 3 folds
        foreach (var r in dependants)
        {
            var input = Assert.Single(r.InputList);
            Assert.Equal("covariates", input.Channel);
            var files = engine.InputFiles[r.Id];
            var csv = files["covariates/good-zs.csv"];
            Assert.StartsWith("mutant,sequence,score\n,S0,0\n", csv.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        Assert.All(engine.Started.Where(r => r.Artifact.Model.Name == "good2"), r => Assert.Empty(r.InputList));
    }

    [Fact]
    public void Rerun_ExecutesNothing()
    {
        var game = Game();
        Run(game, new FakeEngine());
        var engine = new FakeEngine();
        var second = Run(game, engine);
        Assert.Empty(engine.Started);
        Assert.Equal(second.Outcomes.Count, second.Cached);
        Assert.Equal(14, second.Outcomes.Count); // 2 covariate jobs + 2 models × 2 datasets × 3 folds
    }

    [Fact]
    public void ChangingTheCovariateModel_RerunsItAndItsDependantsOnly()
    {
        var game = Game();
        Run(game, new FakeEngine());
        _ws.File("models/good-zs/manifest.toml", "name = \"good-zs\"\n# changed\n");
        var engine = new FakeEngine();
        Run(game, engine);
        Assert.Equal(["good", "good-zs"], engine.Started.Select(r => r.Artifact.Model.Name).Distinct().Order());
        Assert.Equal(2 + 6, engine.Started.Count);
    }

    [Fact]
    public void AFailedCovariate_FailsItsDependants_WithTheReason_AndTheOthersRun()
    {
        var summary = Run(Game(covariateModel: "fail"), new FakeEngine());
        var byModel = summary.Outcomes.GroupBy(j => j.Job.Model.Name).ToDictionary(g => g.Key, g => g.Select(j => j.Record).ToList());
        Assert.All(byModel["fail"], r => Assert.Equal(FailureKind.Exit, r.Failure));
        Assert.All(byModel["good"], r =>
        {
            Assert.Equal(FailureKind.Covariate, r.Failure);
            Assert.Contains("covariate 'fail' failed on d", r.Reason, StringComparison.Ordinal);
        });
        Assert.All(byModel["good2"], r => Assert.Equal(JobStatus.Succeeded, r.Status));
    }

    [Fact]
    public void AScoresFolder_IsReadInProteinGymLayout_AndItsFileIsPartOfTheKey()
    {
        _ws.File("scores/d1.csv", "mutant,mutated_sequence,DMS_score,EVmutation\nA1C,S0,1.0,-2.5\n");
        _ws.File("scores/d2.csv", "mutant,mutated_sequence,DMS_score,EVmutation\nA1C,S0,1.0,-3.5\n");
        var game = WithCovariate(_ws.Game("g", ["good"], extra: "\n[[covariates]]\nname = \"ev\"\nscores = \"scores\"\n"), "ev");
        var engine = new FakeEngine();
        Run(game, engine);
        var d1 = engine.Started.Single(r => r.DatasetFile.EndsWith("d1.zip", StringComparison.Ordinal));
        Assert.Equal("mutant,sequence,score\nA1C,S0,-2.5\n", engine.InputFiles[d1.Id]["covariates/ev.csv"].Replace("\r\n", "\n", StringComparison.Ordinal));

        _ws.File("scores/d2.csv", "mutant,mutated_sequence,DMS_score,EVmutation\nA1C,S0,1.0,-4.5\n");
        engine = new FakeEngine();
        Run(game, engine);
        Assert.EndsWith("d2.zip", Assert.Single(engine.Started).DatasetFile, StringComparison.Ordinal);
    }

    [Fact]
    public void AScoresFolderWithoutTheDatasetsFile_FailsThatDatasetsJobsNamingTheFile()
    {
        _ws.File("scores/d1.csv", "mutant,score\nA1C,1\n");
        var game = WithCovariate(_ws.Game("g", ["good"], extra: "\n[[covariates]]\nname = \"ev\"\nscores = \"scores\"\n"), "ev");
        var summary = Run(game, new FakeEngine());
        var failed = Assert.Single(summary.Outcomes, j => j.Record.Status == JobStatus.Failed).Record;
        Assert.Equal("d2", failed.Dataset);
        Assert.Equal(FailureKind.Covariate, failed.Failure);
        Assert.Contains("no d2.csv", failed.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name = \"g\"\nkind = \"supervised\"\n[[datasets]]\npath = \"data/d1.zip\"\n[[models]]\npath = \"models/good\"\ncovariates = [\"ev\"]\n", "models[0].covariates: \"ev\" is not declared")]
    [InlineData("name = \"g\"\nkind = \"zero-shot\"\n[[datasets]]\npath = \"data/d1.zip\"\n[[models]]\npath = \"models/good\"\n[[covariates]]\nname = \"ev\"\nscores = \"scores\"\n", "only a supervised game feeds covariates")]
    [InlineData("name = \"g\"\nkind = \"supervised\"\n[[datasets]]\npath = \"data/d1.zip\"\n[[models]]\npath = \"models/good\"\n[[covariates]]\nname = \"ev\"\nscores = \"scores\"\npath = \"models/good\"\n", "give 'scores' (a folder of score files) or a model")]
    [InlineData("name = \"g\"\nkind = \"supervised\"\n[[datasets]]\npath = \"data/d1.zip\"\n[[models]]\npath = \"models/good\"\n[[covariates]]\nname = \"good\"\nscores = \"scores\"\n", "is also a model's")]
    [InlineData("name = \"g\"\nkind = \"supervised\"\n[[datasets]]\npath = \"data/d1.zip\"\n[[models]]\npath = \"models/good\"\n[[covariates]]\nname = \"../x\"\nscores = \"scores\"\n", "is not a valid name")]
    [InlineData("name = \"g\"\nkind = \"supervised\"\n[[datasets]]\npath = \"data/d1.zip\"\n[[models]]\npath = \"models/good\"\n[[covariates]]\nname = \"ev\"\nscores = \"scores\"\nweight = 2\n", "unknown key 'covariates[0].weight'")]
    public void BadCovariateEntries_AreOneLineErrorsNamingTheKey(string toml, string expected)
    {
        _ws.Archive("data/d1.zip");
        _ws.Model("good");
        Directory.CreateDirectory(Path.Combine(_ws.Root, "scores"));
        var file = _ws.File("bad.toml", toml);
        var e = Assert.Throws<InvalidInputException>(() => GameFile.Load(file));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
