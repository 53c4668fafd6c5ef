using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Pg2.Runner.Tests;

/// <summary>A temporary folder with dataset files, model folders and game files for one test.</summary>
internal sealed class Workspace : IDisposable
{
    public Workspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "pg2-runner-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Results => Path.Combine(Root, "results");

    /// <summary>Writes a file relative to the root; returns its full path.</summary>
    public string File(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>
    /// A small valid seed-format archive (20 rows, target <c>y</c>) at <paramref name="relative"/>;
    /// <paramref name="variant"/> changes the values, so different variants have different bytes.
    /// </summary>
    public string Archive(string relative, int variant = 1, int rows = 20)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var zip = new ZipArchive(System.IO.File.Create(path), ZipArchiveMode.Create);
        Entry(zip, "manifest.toml", """
            name = "ws"
            [assays_meta]
            file_path = "assays.csv"
            sequence_feature = "sequence"
            split_strategy = "RandomSplitStrategy"
            columns = ["sequence", "y"]
            [assays_meta.assays.y]
            features = []
            # A reference, so fold schemes can place each variant's mutated positions (GameCheck asks).
            [assays_meta.assays.y.constants]
            sequence = "AAKL"
            offset = 1
            """);
        var csv = new StringBuilder("sequence,y\n");
        for (var r = 0; r < rows; r++)
            csv.Append(CultureInfo.InvariantCulture, $"{Residues[r % 20]}{Residues[r / 20 % 20]}KL,{r * variant}\n");
        Entry(zip, "assays.csv", csv.ToString());
        return path;
    }

    const string Residues = "ACDEFGHIKLMNPQRSTVWY";

    static void Entry(ZipArchive zip, string name, string text)
    {
        using var w = new StreamWriter(zip.CreateEntry(name).Open());
        w.Write(text);
    }

    /// <summary>A model folder with a manifest.</summary>
    public string Model(string name, string manifest = "")
    {
        File($"models/{name}/manifest.toml", manifest.Length > 0 ? manifest : $"name = \"{name}\"\n");
        return Path.Combine(Root, "models", name);
    }

    /// <summary>A game file over datasets d1..dn (dummy bytes) and the named models.</summary>
    public string Game(string name, string[] models, int datasets = 2, string? splits = null, string extra = "")
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"name = \"{name}\"\nkind = \"supervised\"\nmetrics = [\"spearman\", \"mse\"]\n{extra}\n");
        for (var i = 1; i <= datasets; i++)
        {
            if (!System.IO.File.Exists(Path.Combine(Root, $"data/d{i}.zip"))) Archive($"data/d{i}.zip", i);
            sb.Append(CultureInfo.InvariantCulture, $"[[datasets]]\npath = \"data/d{i}.zip\"\ntarget = \"y\"\n");
            if (splits is not null) sb.Append(CultureInfo.InvariantCulture, $"splits = [{splits}]\nfolds = 3\n");
        }
        foreach (var m in models)
        {
            if (!Directory.Exists(Path.Combine(Root, "models", m))) Model(m);
            sb.Append(CultureInfo.InvariantCulture, $"[[models]]\npath = \"models/{m}\"\n");
        }
        return File($"{name}.toml", sb.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* best effort */ }
    }
}
