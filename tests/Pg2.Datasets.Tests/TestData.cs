using System.IO.Compression;
using System.Text;
using Pg2.Testing;

namespace Pg2.Datasets.Tests;

/// <summary>Paths of the shared data and small archives built on the fly.</summary>
internal static class TestData
{
    public static string Root => Repository.Root;

    public static string Shared(params string[] parts) => Repository.SharedData(parts);

    public static string Seed(string name) => Shared("seed", name, "dataset.zip");

    public static string Pgdata(string name) => Shared("pgdata-b1", name + ".pgdata");

    /// <summary>A fresh temporary directory, unique per call.</summary>
    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pg2-datasets-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Writes a zip with the given text entries and returns its path.</summary>
    public static string Zip(params (string Name, string Text)[] entries)
    {
        var path = Path.Combine(TempDir(), "dataset.zip");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, text) in entries)
        {
            using var s = zip.CreateEntry(name).Open();
            s.Write(Encoding.UTF8.GetBytes(text));
        }
        return path;
    }

    public const string Manifest = """
        name = "tiny"

        [assays_meta]
        file_path = "assays.csv"
        sequence_feature = "seq"
        split_strategy = "RandomSplitStrategy"

        [assays_meta.assays.y]
        features = ["foo"]
        """;
}
