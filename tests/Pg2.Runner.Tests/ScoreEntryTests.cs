using Pg2.Contracts;
using Pg2.Runner.Games;
using Pg2.Runner.Jobs;
using Pg2.Runner.Reports;
using Pg2.Testing;

namespace Pg2.Runner.Tests;

/// <summary>Score-only entries (<c>[[scores]]</c>): ProteinGym score folders join a zero-shot game's leaderboard.</summary>
public class ScoreEntryTests
{
    const string Assay = "BLAT_ECOLX_Jacquier_2013";
    static readonly string Archive = Repository.File("benchmarks", "data", Assay + ".zip");
    static readonly string Blosum = Repository.File("benchmarks", "data", "scores", "blosum62", Assay + ".csv");

    static string Game(Workspace ws, string scores, string kind = "zero-shot") => ws.File("zs.toml", $"""
        name = "zs"
        kind = "{kind}"
        metrics = ["spearman", "auc"]
        [[datasets]]
        path = "{Archive}"
        target = "DMS_score"
        [[models]]
        path = "{ws.Model("good")}"
        {scores}
        """);

    static string Entry(string folder, string name = "elsewhere", string column = "blosum62") =>
        $"[[scores]]\nname = \"{name}\"\npath = \"{folder}\"\ncolumn = \"{column}\"\n";

    static string Folder(Workspace ws, string name, string content)
    {
        ws.File($"{name}/{Assay}.csv", content);
        return Path.Combine(ws.Root, name);
    }

    static Leaderboard Run(Workspace ws, string game)
    {
        new BenchmarkRunner(new FakeEngine(), new RunOptions { ResultsDir = ws.Results }, new CountingObserver())
            .RunAsync(GameFile.Load(game), CancellationToken.None).GetAwaiter().GetResult();
        return ReportWriter.Write(ws.Results);
    }

    [Fact]
    public void ScoreFolder_JoinsTheLeaderboardAndThePublishedRankingBesideTheModels()
    {
        using var ws = new Workspace();
        var board = Run(ws, Game(ws, Entry(Path.GetDirectoryName(Blosum)!)));
        var row = board.Rows.Single(r => r.Model == "elsewhere");
        Assert.Equal(0, row.Failed);
        Assert.NotNull(row["test_spearman"]);
        Assert.Contains(board.Rows, r => r.Model == "good");
        var record = JobRecord.TryRead(Path.Combine(ws.Results, "zs", Assay, "elsewhere"))!;
        Assert.Equal(ScoreFolderJobs.EngineName, record.Engine);
        // Every variant of the archive with a measured value found its score by mutant.
        var metrics = Pg2.Metrics.MetricsFile.TryRead(Path.Combine(ws.Results, "zs", Assay, "elsewhere", "metrics.json"))!;
        Assert.Equal(File.ReadAllLines(Blosum).Length - 1, metrics.Rows);
        Assert.Contains(board.Published.Single(c => c.Metric == "spearman").Ranking, r => r.Model == "elsewhere" && r.Ours);
    }

    [Fact]
    public void ScoreFolder_IsJoinedByMutantNotByRowOrder()
    {
        using var ws = new Workspace();
        var lines = File.ReadAllLines(Blosum);
        var shuffled = Folder(ws, "shuffled", string.Join('\n', [lines[0], .. lines.Skip(1).Reverse()]) + "\n");
        var board = Run(ws, Game(ws, Entry(Path.GetDirectoryName(Blosum)!) + Entry(shuffled, "shuffled")));
        Assert.Equal(board.Rows.Single(r => r.Model == "elsewhere")["test_spearman"], board.Rows.Single(r => r.Model == "shuffled")["test_spearman"]);
    }

    [Fact]
    public void ScoreFile_WithARepeatedMutant_FailsThatJobWithOneLineNamingFileAndLine()
    {
        using var ws = new Workspace();
        var bad = Folder(ws, "bad", "mutant,blosum62\nH24Y,1\nH24P,2\nH24Y,3\n");
        var row = Run(ws, Game(ws, Entry(bad))).Rows.Single(r => r.Model == "elsewhere");
        Assert.Equal(1, row.Failed);
        Assert.Contains($"{Assay}.csv: line 4: mutant 'H24Y' appears again (first on line 2)", row.FailureReason);
        Assert.DoesNotContain('\n', row.FailureReason!);
    }

    [Theory]
    [InlineData("mutant,other\nH24Y,1\n", "no column 'blosum62'")]
    [InlineData("mutant,blosum62\nH24Y,high\n", "line 2, column 'blosum62': 'high' is not a number")]
    [InlineData("mutant,blosum62\nXYZ,1\n", "none of its 1 mutants matches a variant")]
    public void HostileScoreFile_FailsThatJobWithItsReason(string content, string reason)
    {
        using var ws = new Workspace();
        var row = Run(ws, Game(ws, Entry(Folder(ws, "bad", content)))).Rows.Single(r => r.Model == "elsewhere");
        Assert.Equal(1, row.Failed);
        Assert.Contains(reason, row.FailureReason);
        Assert.Equal(1, row.Jobs);
        Assert.Equal(0, board(ws).Rows.Single(r => r.Model == "good").Failed);
        static Leaderboard board(Workspace ws) => Leaderboard.Build(ws.Results);
    }

    [Fact]
    public void ScoreFolder_WithoutTheAssaysFile_FailsAsMissingOutput()
    {
        using var ws = new Workspace();
        Directory.CreateDirectory(Path.Combine(ws.Root, "empty"));
        Run(ws, Game(ws, Entry(Path.Combine(ws.Root, "empty"))));
        var record = JobRecord.TryRead(Path.Combine(ws.Results, "zs", Assay, "elsewhere"))!;
        Assert.Equal(FailureKind.MissingOutput, record.Failure);
        Assert.Contains($"no score file {Assay}.csv", record.Reason);
    }

    [Fact]
    public void GameFile_RejectsScoresInASupervisedGameANameClashAndAMissingColumn()
    {
        using var ws = new Workspace();
        var folder = Path.GetDirectoryName(Blosum)!;
        Assert.Contains("score-only entries join zero-shot games",
            Assert.Throws<InvalidInputException>(() => GameFile.Load(Game(ws, Entry(folder), "supervised"))).Message);
        Assert.Contains("the name \"good\" is used twice",
            Assert.Throws<InvalidInputException>(() => GameFile.Load(Game(ws, Entry(folder, name: "good")))).Message);
        Assert.Contains("missing key 'scores[0].column'",
            Assert.Throws<InvalidInputException>(() => GameFile.Load(Game(ws, $"[[scores]]\npath = \"{folder}\"\n"))).Message);
        var missing = Assert.Throws<InvalidInputException>(() => GameFile.Load(Game(ws, Entry(Path.Combine(ws.Root, "nowhere")))));
        Assert.Equal(ExitCodes.FileNotFound, missing.ExitCode);
    }
}
