using System.Globalization;
using System.Text;
using nietras.SeparatedValues;
using Pg2.Contracts;

namespace Pg2.Sdk;

/// <summary>
/// Writes a predictions CSV atomically. Columns: <c>sequence,test,pred</c> (the seed-era contract),
/// then <c>mutant</c> when mutation strings are known, then <c>fold,train_mean,train_std</c> for
/// cross-validation runs (where <c>test</c> and <c>pred</c> are on the training folds' standardised
/// scale). Numbers use the invariant culture and round-trip format; NaN is an empty cell; lines end
/// in <c>\n</c>; fields with a comma, quote or line break are quoted (Sep's writer, with escaping).
/// </summary>
public sealed class PredictionWriter
{
    private readonly List<Row> _rows = [];
    private readonly bool _mutants;
    private readonly bool _folds;

    private readonly record struct Row(string Sequence, double Test, double Pred, string Mutant, (int Fold, double TrainMean, double TrainStd) Fold);

    /// <summary>Starts a table; the flags choose the optional columns.</summary>
    public PredictionWriter(bool withMutants, bool withFolds)
    {
        _mutants = withMutants;
        _folds = withFolds;
    }

    /// <summary>Number of rows added.</summary>
    public int RowCount => _rows.Count;

    /// <summary>The file name for a dataset and model: <c>{dataset}_{model}.csv</c>.</summary>
    public static string FileName(string datasetName, string modelName) => $"{datasetName}_{modelName}.csv";

    /// <summary>
    /// The predictions file of a dataset and model directly inside <paramref name="outputDirectory"/>; a name
    /// that would put it anywhere else is an <see cref="InvalidInputException"/> (names are checked when
    /// read too; this is the second wall).
    /// </summary>
    public static string PathIn(string outputDirectory, string datasetName, string modelName) =>
        OutputFolder.Inside(outputDirectory, FileName(datasetName, modelName), "predictions");

    /// <summary>Adds one row; <paramref name="fold"/> is required when the table has fold columns.</summary>
    public void Add(string sequence, double test, double pred, string? mutant = null,
        (int Fold, double TrainMean, double TrainStd)? fold = null)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        if (_folds && fold is null) throw new ArgumentException("fold columns need a fold", nameof(fold));
        _rows.Add(new Row(sequence, test, pred, mutant ?? "", fold ?? default));
    }

    /// <summary>Writes the table to <paramref name="path"/> atomically (no partial file on failure).</summary>
    public void Save(string path) => AtomicFile.Write(path, WriteTo);

    private void WriteTo(Stream stream)
    {
        using var text = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        using var csv = Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture }).To(text, leaveOpen: true);
        string[] header = ["sequence", "test", "pred", .. _mutants ? ["mutant"] : Array.Empty<string>(),
                           .. _folds ? ["fold", "train_mean", "train_std"] : Array.Empty<string>()];
        csv.Header.Add(header);
        // The header is written even for a table without rows.
        csv.Header.Write();
        foreach (var r in _rows)
        {
            using var row = csv.NewRow();
            row["sequence"].Set(r.Sequence);
            row["test"].Set(Number(r.Test));
            row["pred"].Set(Number(r.Pred));
            if (_mutants) row["mutant"].Set(r.Mutant);
            if (_folds)
            {
                row["fold"].Set(r.Fold.Fold.ToString(CultureInfo.InvariantCulture));
                row["train_mean"].Set(Number(r.Fold.TrainMean));
                row["train_std"].Set(Number(r.Fold.TrainStd));
            }
        }
    }

    private static string Number(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
}
