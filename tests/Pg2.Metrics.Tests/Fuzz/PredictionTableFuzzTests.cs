using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pg2.Fuzzing;

namespace Pg2.Metrics.Tests.Fuzz;

/// <summary>
/// Fuzz properties of the one predictions reader (<see cref="PredictionTable"/>) and what <c>metric calc</c>
/// does next: mutated predictions CSVs (header edits, numbers out of range, NA spellings, cut files) are
/// either read, scored with every metric and written as metrics JSON, or refused with a one-line
/// <see cref="MetricInputException"/>, within the memory budget of <see cref="FuzzOracle"/>.
/// </summary>
public sealed class PredictionTableFuzzTests : IDisposable
{
    /// <summary>pg2 predictions files built from the first ProteinGym rows: sequence, test, pred, fold, label.</summary>
    private static readonly IReadOnlyList<FuzzSeed<string>> Seeds = FuzzCorpus.AssayCsvs.Select(Predictions).ToList();

    private static readonly Arbitrary<TextCase> Cases = FuzzGen.Texts(Seeds);

    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-fuzz-metrics-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static FuzzSeed<string> Predictions(FuzzSeed<string> assay)
    {
        var sb = new StringBuilder("sequence,test,pred,fold,DMS_score_bin\n");
        var lines = assay.Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            double truth = double.Parse(cells[2], CultureInfo.InvariantCulture);
            double pred = 0.8 * truth + (i * 37 % 11) * 0.1; // a deterministic, imperfect model
            sb.Append(CultureInfo.InvariantCulture, $"{cells[0]},{cells[2]},{pred:R},{i % 5},{cells[3]}\n");
        }
        return new FuzzSeed<string>("predictions from " + assay.Name, sb.ToString());
    }

    private static void ReadAndScore(string path)
    {
        var table = PredictionTable.Read(path, labelColumn: "DMS_score_bin", foldColumn: "fold");
        var results = MetricRegistry.Default.Compute(MetricRegistry.Default.Names, table.Truth, table.Score, table.Labels, topK: 3);
        _ = MetricsJson.Document(w => MetricsJson.WriteValues(w, results));
    }

    [Fact]
    public void Seeds_ReadAndScoreBeforeMutation()
    {
        foreach (var seed in Seeds)
        {
            var path = Path.Combine(_dir, "seed.csv");
            File.WriteAllText(path, seed.Value);
            ReadAndScore(path);
            Assert.Equal(FuzzCorpus.CsvRows, PredictionTable.Read(path).Count);
        }
    }

    [Property(MaxTest = 1500, Replay = "(20261205,19)", QuietOnSuccess = true)]
    public Property MutatedPredictions_ScoreOrFailWithOneLine() => Prop.ForAll(Cases, c =>
    {
        var bytes = c.Build();
        var path = Path.Combine(_dir, "predictions.csv");
        File.WriteAllBytes(path, bytes);
        FuzzOracle.Check(c, bytes.Length, () => ReadAndScore(path), e => e is MetricInputException);
    });
}
