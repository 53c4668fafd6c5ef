using Pg2.Datasets.ProteinGym;
using Pg2.Runner.Games;
using Pg2.Runner.Jobs;
using Pg2.Testing;

namespace Pg2.Runner.Tests;

public sealed class FoldsSourceTests : IDisposable
{
    private readonly TempFolder _temp = new("folds-source");

    public void Dispose() => _temp.Dispose();

    private static BenchmarkJob Job(string archive, string? split) =>
        new(new Game("g", GameKind.Supervised, [], [], ["spearman"], [], "game.toml"),
            new GameDataset("d", archive, null, split is null ? [] : [split], 5),
            new GameModel("m", null, "img", "manifest.toml"), split, split is null ? null : 0);

    [Fact]
    public void FoldsSource_ImportedArchive_IsProteinGymAndASeedArchiveIsComputed()
    {
        var d = ProteinGymDownload.Build(_temp["download"], zipped: false);
        BenchmarkImport.Run(new BenchmarkImportOptions(d.Reference, d.Assays, [d.SinglesFolds], null, null, _temp["out"],
            [ProteinGymDownload.Envz], 1));
        var imported = Path.Combine(_temp["out"], ProteinGymDownload.Envz + ".zip");
        Assert.Equal("proteingym", Job(imported, "modulo").FoldsSource);
        Assert.Equal("proteingym", Job(imported, "random").FoldsSource);
        Assert.Null(Job(imported, null).FoldsSource);
        Assert.Equal("computed", Job(Repository.SharedData("seed", "ranganathan", "dataset.zip"), "modulo").FoldsSource);
    }
}

public sealed class WholeBenchmarkGameTests : IDisposable
{
    private readonly TempFolder _temp = new("glob-game");

    public void Dispose() => _temp.Dispose();

    private string Game(string datasets)
    {
        var d = ProteinGymDownload.Build(_temp["download"], zipped: false);
        BenchmarkImport.Run(new BenchmarkImportOptions(d.Reference, d.Assays, [d.SinglesFolds, d.MultiplesFolds], null, null,
            _temp["proteingym"], null, 2));
        Directory.CreateDirectory(_temp["models/m"]);
        File.WriteAllText(_temp["models/m/manifest.toml"], "name = \"m\"\n");
        return _temp.File("game.toml", $"""
            name = "whole"
            kind = "zero-shot"
            {datasets}
            [[models]]
            path = "models/m"
            """);
    }

    [Fact]
    public void Glob_GivesOneDatasetPerArchiveNamedByFile()
    {
        var game = GameFile.Load(Game("[[datasets]]\npath = \"proteingym/*.zip\"\n"));
        string[] expected = [ProteinGymDownload.Doubles, ProteinGymDownload.Envz, ProteinGymDownload.Dyr];
        Assert.Equal(expected.Order(StringComparer.Ordinal), game.Datasets.Select(x => x.Name));
    }

    [Fact]
    public void Filter_KeepsArchivesWhoseReferenceMetadataPass()
    {
        var game = GameFile.Load(Game("[[datasets]]\npath = \"proteingym/*.zip\"\nfilter = { seq_len = { max = 100 }, includes_multiple_mutants = \"FALSE\" }\n"));
        Assert.Equal([ProteinGymDownload.Envz], game.Datasets.Select(x => x.Name));
    }

    [Fact]
    public void Glob_MatchingNothing_IsOneLineNamingThePattern()
    {
        var e = Assert.Throws<Pg2.Contracts.InvalidInputException>(() => GameFile.Load(Game("[[datasets]]\npath = \"proteingym/NONE*.zip\"\n")));
        Assert.Contains("no archive matches \"proteingym/NONE*.zip\"", e.Message, StringComparison.Ordinal);
    }
}
