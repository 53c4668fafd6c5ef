using System.IO.Compression;
using System.Security.Cryptography;
using Pg2.Contracts;
using Pg2.Sdk.Hosting;

namespace Pg2.Sdk.Tests.Hosting;

/// <summary>
/// Issue 11 for a model run on its own (<c>train --dataset-file … --model-toml-file … --output-dir …</c>, as the
/// README shows), through the SDK host in-process: hostile names and hyper-parameters give exit 3 with one
/// line naming the problem, and no file appears or changes anywhere in the sandbox but the output folder.
/// </summary>
public sealed class DirectTrainHostileInputTests : IDisposable
{
    private readonly string _root = TestData.TempDirectory();
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public DirectTrainHostileInputTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "in"));
        Directory.CreateDirectory(Path.Combine(_root, "work", "out"));
        Directory.CreateDirectory(Path.Combine(_root, "outside"));
        File.WriteAllText(Path.Combine(_root, "outside", "canary.txt"), "canary\n");
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        _out.Dispose();
        _err.Dispose();
    }

    public static TheoryData<string, string, string, string> Cases() => new()
    {
        // manifest name, dataset name, hyperparameters.json (empty: none), message fragment
        { "../../etc/x", "neime", "", "not a valid name" },
        { "../outside/x", "neime", "", "not a valid name" },
        { "/tmp/pg2-direct-abs", "neime", "", "not a valid name" },
        { "mean", "../../x", "", "not a valid name" },
        { "mean", "../outside/x", "", "not a valid name" },
        { "mean", "/tmp/pg2-direct-abs", "", "not a valid name" },
        { "mean", "neime", """{"shift": "1", "shift": "2"}""", "'shift' is given twice" },
        { "mean", "neime", """{"shift": 1, "shift": 1}""", "'shift' is given twice" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DirectTrain_HostileInput_FailsWithOneLine_AndWritesNothingOutsideTheOutputFolder(string modelName, string datasetName, string hyperParameters, string fragment)
    {
        var manifest = Path.Combine(_root, "in", "manifest.toml");
        File.WriteAllText(manifest, $"name = \"{modelName}\"\n[hyper_params]\nshift = 0.0\n");
        var dataset = Path.Combine(_root, "in", "dataset.zip");
        File.Copy(TestData.Neime, dataset);
        if (datasetName != "neime") Rename(dataset, datasetName);
        string[] args = ["train", "--dataset-file", dataset, "--model-toml-file", manifest, "--output-dir", Path.Combine(_root, "work", "out")];
        if (hyperParameters.Length > 0)
        {
            var hp = Path.Combine(_root, "in", "hyperparameters.json");
            File.WriteAllText(hp, hyperParameters);
            args = [.. args, "--hyperparameters-file", hp];
        }
        var before = Snapshot();
        var variables = new Dictionary<string, string> { [HostEnvironment.ModelPathVariable] = Path.Combine(_root, "work", "model.pkl") };

        int code = ModelHost.Run(new MeanModel(), args, new HostEnvironment(_out, _err, v => variables.GetValueOrDefault(v), Path.Combine(_root, "work")));

        var err = _err.ToString();
        Assert.True(code == ExitCodes.InvalidInput, $"exit {code}; stderr: {err}");
        Assert.Contains(fragment, err, StringComparison.Ordinal);
        var errorLines = err.TrimEnd().Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Single(errorLines);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", err, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        Assert.False(File.Exists("/etc/x_mean.csv"));
        Assert.False(File.Exists("/tmp/pg2-direct-abs_mean.csv"));
        Assert.False(File.Exists("/tmp/neime_pg2-direct-abs.csv"));
    }

    /// <summary>Sets the <c>name</c> of the archive's manifest to <paramref name="name"/>.</summary>
    private static void Rename(string archive, string name)
    {
        using var zip = ZipFile.Open(archive, ZipArchiveMode.Update);
        var entry = zip.GetEntry("manifest.toml")!;
        string text;
        using (var r = new StreamReader(entry.Open())) text = r.ReadToEnd();
        entry.Delete();
        using var w = new StreamWriter(zip.CreateEntry("manifest.toml").Open());
        w.Write(text.Replace("name = \"neime\"", $"name = \"{name}\"", StringComparison.Ordinal));
    }

    /// <summary>Every file under the sandbox (relative path → content hash).</summary>
    private string Snapshot() => string.Join("\n", Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
        .Select(p => Path.GetRelativePath(_root, p) + " " + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p)))));
}
