using Pg2.Datasets;
using Pg2.Runner.Games;
using Pg2.Contracts;
using Pg2.Metrics.Folds;
using Pg2.Testing;

namespace Pg2.Runner.Tests;

public class GameFileTests
{
    static InvalidInputException Fails(Workspace ws, string toml)
    {
        var path = ws.File("bad.toml", toml);
        return Assert.Throws<InvalidInputException>(() => GameFile.Load(path));
    }

    [Fact]
    public void Load_ReadsDatasetsModelsAndDefaults()
    {
        using var ws = new Workspace();
        var game = GameFile.Load(ws.Game("g", ["good"], datasets: 2, splits: "\"modulo\", \"Random\""));
        Assert.Equal("g", game.Name);
        Assert.Equal(GameKind.Supervised, game.Kind);
        Assert.Equal(["d1", "d2"], game.Datasets.Select(d => d.Name));
        Assert.Equal(["modulo", "random"], game.Datasets[0].Splits);
        Assert.Equal(3, game.Datasets[0].Folds);
        Assert.Equal("y", game.Datasets[0].Target);
        Assert.Equal(Path.Combine(ws.Root, "data", "d1.zip"), game.Datasets[0].Path);
        var model = Assert.Single(game.Models);
        Assert.Equal("good", model.Name);
        Assert.Equal(Path.Combine(ws.Root, "models", "good", "manifest.toml"), model.Manifest);
        Assert.Equal("pg2/good:latest", model.ImageReference);
        Assert.Equal(["spearman", "mse"], game.Metrics);
        Assert.Equal([ScoreMode.Test, ScoreMode.Pooled], game.ScoreModes);
    }

    [Fact]
    public void Load_ImageModelTakesNameFromReferenceAndNeedsManifest()
    {
        using var ws = new Workspace();
        ws.File("d.zip", "x");
        ws.File("m.toml", "name = \"esm\"");
        var game = GameFile.Load(ws.File("g.toml", """
            name = "zs"
            kind = "zero-shot"
            [[datasets]]
            path = "d.zip"
            [[models]]
            image = "registry.example/pg2/esm:1.2"
            manifest = "m.toml"
            """));
        Assert.Equal(GameKind.ZeroShot, game.Kind);
        Assert.Equal("esm", game.Models[0].Name);
        Assert.Equal("registry.example/pg2/esm:1.2", game.Models[0].ImageReference);
        Assert.Equal([ScoreMode.Test], game.ScoreModes);

        var e = Fails(ws, "name = \"zs\"\nkind = \"zero-shot\"\n[[datasets]]\npath = \"d.zip\"\n[[models]]\nimage = \"x:1\"\n");
        Assert.Contains("models[0].manifest", e.Message);
    }

    [Theory]
    [InlineData("kind = \"supervised\"\n", "missing key 'name'")]
    [InlineData("name = \"g\"\nkind = \"semi\"\n", "'kind' must be \"supervised\" or \"zero-shot\"")]
    [InlineData("name = \"g\"\nkind = \"supervised\"\ncolour = 1\n", "unknown key 'colour'")]
    [InlineData("name = \"g\"\nkind = \"supervised\"\n[[models]]\npath = \"models/m\"\n", "no [[datasets]] entry")]
    [InlineData("name = \"g\"\nkind = \"supervised\"\n[[datasets]]\npath = \"nope.zip\"\n", "datasets[0].path: dataset archive \"nope.zip\" not found")]
    [InlineData("name = \"g\"\nkind = \"supervised\"\n[[datasets]]\npath = \"d.zip\"\nsplits = [\"diagonal\"]\n", "unknown fold scheme \"diagonal\"")]
    [InlineData("name = \"g\"\nkind = \"supervised\"\n[[datasets]]\npath = \"d.zip\"\nfolds = 1\n", "datasets[0].folds: expected an integer from 2 to 100")]
    [InlineData("name = \"g\"\nkind = \"supervised\"\n[[datasets]]\npath = \"d.zip\"\ntarget = 3\n", "'datasets[0].target' must be a non-empty string")]
    [InlineData("name = \"g\"\nkind = \"zero-shot\"\n[[datasets]]\npath = \"d.zip\"\nsplit = \"random\"\n", "zero-shot game does not train")]
    [InlineData("name = \"g\"\nkind = \"supervised\"\nscore_modes = [\"median\"]\n", "'score_modes' entry \"median\" is unknown")]
    [InlineData("name = \"g\"\nkind = \"supervised\"\n[[datasets]]\npath = \"d.zip\"\n[[models]]\npath = \"nomodel\"\n", "models[0].path: model folder \"nomodel\" not found")]
    [InlineData("name = \"g\"\nkind = \"supervised\"\n[[datasets]]\npath = \"d.zip\"\n[[datasets]]\npath = \"d.zip\"\n[[models]]\npath = \"models/m\"\n", "the name \"d\" is used twice")]
    [InlineData("name = \"g\"\nkind = \"supervised\"\n[[datasets]]\npath = \"d.zip\"\n[[models]]\nmanifest = \"m/manifest.toml\"\n", "give 'path' (a model folder) or 'image'")]
    [InlineData("name = \"g\nkind = 1", "bad.toml: line 1, column ")]
    public void Load_RejectsBadFilesNamingTheKey(string toml, string expected)
    {
        using var ws = new Workspace();
        ws.File("d.zip", "x");
        ws.Model("m");
        var e = Fails(ws, toml);
        Assert.Contains(expected, e.Message);
        Assert.StartsWith(Path.Combine(ws.Root, "bad.toml") + ":", e.Message);
    }

    [Fact]
    public void Load_MissingFileIsFileNotFound()
    {
        var e = Assert.Throws<InvalidInputException>(() => GameFile.Load("/nonexistent/game.toml"));
        Assert.Equal(ExitCodes.FileNotFound, e.ExitCode);
    }

    [Fact]
    public void ShippedGames_Parse()
    {
        var root = Repository.Root;
        var quick = GameFile.Load(Path.Combine(root, "benchmarks", "quickstart.toml"));
        Assert.Equal(["charge_ladder", "neime"], quick.Datasets.Select(d => d.Name));
        Assert.Equal(["pls"], quick.Models.Select(m => m.Name));
        foreach (var name in new[] { "supervised.toml", "zero_shot.toml" })
        {
            // These name archives the dataset engineer generates and models others write; check them when present.
            var text = File.ReadAllText(Path.Combine(root, "benchmarks", name));
            var table = Tomlyn.TomlSerializer.Deserialize<Tomlyn.Model.TomlTable>(text)!;
            Assert.True(table.ContainsKey("datasets") && table.ContainsKey("models"), name);
        }
    }

    [Fact]
    public void Load_ModelFolderWithOnlyACard_UsesTheCardAsManifest()
    {
        using var ws = new Workspace();
        ws.File("models/carded/README.md", "---\nname: carded\ntags: [supervised]\n---\n# Carded\n");
        var game = GameFile.Load(ws.Game("g", ["carded"]));
        Assert.Equal(Path.Combine(ws.Root, "models", "carded", "README.md"), Assert.Single(game.Models).Manifest);
    }

    [Fact]
    public void Load_ModelTags_KeepsModelsWithAnyOfTheTags()
    {
        using var ws = new Workspace();
        ws.Model("sup", "name = \"sup\"\ntags = [\"supervised\"]\n");
        ws.File("models/zs/README.md", "---\nname: zs\ntags: [zero-shot]\n---\n");
        ws.File("models/both/README.md", "---\nname: both\ntags: [zero-shot, supervised]\n---\n");
        ws.Model("untagged");
        var game = GameFile.Load(ws.Game("g", ["sup", "zs", "both", "untagged"], extra: "model_tags = [\"supervised\"]"));
        Assert.Equal(["sup", "both"], game.Models.Select(m => m.Name));

        var e = Fails(ws, File.ReadAllText(ws.Game("h", ["zs"], extra: "model_tags = [\"embeddable\"]")));
        Assert.Contains("model_tags", e.Message);
        Assert.Contains("\"embeddable\"", e.Message);
    }
}
