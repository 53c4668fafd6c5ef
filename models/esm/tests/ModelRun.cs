using System.Globalization;
using Pg2.Sdk;
using Pg2.Sdk.Hosting;
using Pg2.Testing;

namespace Pg2.Models.Esm.Tests;

/// <summary>Runs the model program in-process on the ENVZ assay (60 residues, 1,121 variants) with the fixture weights.</summary>
internal static class ModelRun
{
    public static string Envz => Repository.File("benchmarks/data/ENVZ_ECOLI_Ghose_2023.zip");

    public static (int Code, string Log) Run(string dir, string manifestBody, string? weightsDirectory = null)
    {
        var manifest = Path.Combine(dir, "manifest.toml");
        File.WriteAllText(manifest, "name = \"esm\"\n\n[hyper_params]\n" + manifestBody);
        var output = Path.Combine(dir, "out");
        Directory.CreateDirectory(output);
        var err = new StringWriter();
        var weights = weightsDirectory ?? Fixtures.Folder("");
        Func<string, string?> variable = name => name == "SM_CHANNEL_WEIGHTS" ? weights : null;
        var env = new HostEnvironment(new StringWriter(), err, variable, AppContext.BaseDirectory);
        int code = ModelHost.Run(new EsmModel(),
            ["train", "--dataset-file", Envz, "--model-toml-file", manifest, "--output-dir", output], env);
        return (code, err.ToString());
    }

    public static double[] Scores(string dir, string strategy, string[] locations, string pins = "")
    {
        var list = string.Join(", ", locations.Select(l => $"\"{l}\""));
        var (code, log) = Run(dir, $"location = [{list}]\nscoring_strategy = \"{strategy}\"\nnogpu = true\noffset_idx = 0\n{pins}");
        Assert.True(code == 0, log);
        var lines = File.ReadAllLines(Path.Combine(dir, "out", "ENVZ_ECOLI_Ghose_2023_esm.csv"));
        int column = Array.IndexOf(lines[0].Split(','), "pred");
        Assert.True(column >= 0, lines[0]);
        return lines.Skip(1).Select(l => double.Parse(l.Split(',')[column], CultureInfo.InvariantCulture)).ToArray();
    }
}
