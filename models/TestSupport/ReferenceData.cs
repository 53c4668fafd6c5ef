using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Pg2.Testing;

namespace Pg2.Models.TestSupport;

/// <summary>
/// Locates a model test project's fixtures and the shared seed data (../shared/data beside the repository);
/// compiled into every models/*/tests project (models/Directory.Build.props).
/// </summary>
internal static class ReferenceData
{
    public static string RepositoryRoot => Repository.Root;

    public static string SharedData => Repository.SharedData();

    public static JsonElement Cases(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", file)));
        return doc.RootElement.GetProperty("cases").Clone();
    }

    /// <summary>The (sequence, DMS_score) rows of the neime seed archive, in file order.</summary>
    public static (string[] Sequences, double[] Scores) Neime()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(SharedData, "seed/neime/dataset.zip"));
        using var reader = new StreamReader(zip.GetEntry("assays.csv")!.Open());
        var header = reader.ReadLine()!.Split(',');
        int s = Array.IndexOf(header, "sequence"), y = Array.IndexOf(header, "DMS_score");
        var seqs = new List<string>();
        var ys = new List<double>();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            var f = line.Split(',');
            seqs.Add(f[s]);
            ys.Add(double.Parse(f[y], CultureInfo.InvariantCulture));
        }
        return (seqs.ToArray(), ys.ToArray());
    }

    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static string[] Strings(JsonElement e) => e.EnumerateArray().Select(v => v.GetString()!).ToArray();

    public static (double[] Values, int Rows, int Columns) Matrix(JsonElement e)
    {
        var rows = e.EnumerateArray().Select(Doubles).ToArray();
        return (rows.SelectMany(r => r).ToArray(), rows.Length, rows[0].Length);
    }

    /// <summary>Asserts |actual − expected| ≤ 1e-6·|expected| (+ a 1e-9 absolute floor for values near zero).</summary>
    public static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tol = 1e-6 * Math.Abs(expected[i]) + 1e-9;
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tol,
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (diff {actual[i] - expected[i]:G3})");
        }
    }
}
