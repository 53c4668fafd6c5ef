using Pg2.Sdk;
using Pg2.Sdk.Hosting;

namespace Pg2.Models.SiteIndependent.Tests;

public sealed class SiteIndependentModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-site-independent-test").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Error) Run(string dataset, string output)
    {
        var err = new StringWriter();
        var env = new HostEnvironment(new StringWriter(), err, _ => null, AppContext.BaseDirectory);
        int code = ModelHost.Run(new SiteIndependentModel(),
        [
            "train", "--dataset-file", dataset,
            "--model-toml-file", TestData.RepositoryFile("models/site-independent/manifest.toml"), "--output-dir", output,
        ], env);
        return (code, err.ToString());
    }

    [Fact]
    public void Train_OnEnvz_ScoresEveryVariantAndTracksTheData()
    {
        var (code, error) = Run(TestData.RepositoryFile("benchmarks/data/ENVZ_ECOLI_Ghose_2023.zip"), _dir);
        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(Path.Combine(_dir, "ENVZ_ECOLI_Ghose_2023_site-independent.csv"));
        Assert.Equal(1122, lines.Length);
        var truth = new List<double>();
        var pred = new List<double>();
        foreach (var line in lines.Skip(1))
        {
            var parts = line.Split(',');
            truth.Add(double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            pred.Add(double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
        }
        // ProteinGym's published Site-Independent Spearman on this assay is 0.115 (larger alignment).
        double rho = Spearman(truth, pred);
        Assert.InRange(rho, 0.08, 0.16);
    }

    [Fact]
    public void Train_DatasetWithoutAlignment_IsInvalidInput()
    {
        var (code, error) = Run(Path.Combine(TestData.SharedData, "seed", "neime", "dataset.zip"), _dir);
        Assert.Equal(Pg2.Contracts.ExitCodes.InvalidInput, code);
        Assert.Contains("no multiple sequence alignment", error);
    }

    private static double Spearman(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        static double[] Ranks(IReadOnlyList<double> v)
        {
            var order = Enumerable.Range(0, v.Count).OrderBy(i => v[i]).ToArray();
            var ranks = new double[v.Count];
            for (int k = 0; k < order.Length;)
            {
                int end = k;
                while (end + 1 < order.Length && v[order[end + 1]] == v[order[k]]) end++;
                for (int m = k; m <= end; m++) ranks[order[m]] = (k + end) / 2.0;
                k = end + 1;
            }
            return ranks;
        }
        var ra = Ranks(a);
        var rb = Ranks(b);
        double ma = ra.Average(), mb = rb.Average(), num = 0, da = 0, db = 0;
        for (int i = 0; i < ra.Length; i++)
        {
            num += (ra[i] - ma) * (rb[i] - mb);
            da += (ra[i] - ma) * (ra[i] - ma);
            db += (rb[i] - mb) * (rb[i] - mb);
        }
        return num / Math.Sqrt(da * db);
    }
}
