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
