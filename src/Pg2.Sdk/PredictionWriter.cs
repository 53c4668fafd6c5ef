using System.Globalization;
using System.Text;
using Pg2.Contracts;

namespace Pg2.Sdk;

/// <summary>
/// Writes a predictions CSV atomically. Columns: <c>sequence,test,pred</c> (the seed-era contract),
/// then <c>mutant</c> when mutation strings are known, then <c>fold,train_mean,train_std</c> for
/// cross-validation runs (where <c>test</c> and <c>pred</c> are on the training folds' standardised
/// scale). Numbers use the invariant culture and round-trip format.
/// </summary>
public sealed class PredictionWriter
{
    private readonly StringBuilder _text = new();
    private readonly bool _mutants;
    private readonly bool _folds;

    /// <summary>Starts a table; the flags choose the optional columns.</summary>
    public PredictionWriter(bool withMutants, bool withFolds)
    {
        _mutants = withMutants;
        _folds = withFolds;
        _text.Append("sequence,test,pred");
        if (withMutants) _text.Append(",mutant");
        if (withFolds) _text.Append(",fold,train_mean,train_std");
        _text.Append('\n');
    }

    /// <summary>Number of rows added.</summary>
    public int RowCount { get; private set; }

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
        Field(sequence);
        _text.Append(',').Append(Number(test)).Append(',').Append(Number(pred));
        if (_mutants) { _text.Append(','); Field(mutant ?? ""); }
        if (_folds)
        {
            var (f, mean, std) = fold ?? throw new ArgumentException("fold columns need a fold", nameof(fold));
            _text.Append(',').Append(f.ToString(CultureInfo.InvariantCulture))
                 .Append(',').Append(Number(mean)).Append(',').Append(Number(std));
        }
        _text.Append('\n');
        RowCount++;
    }

    /// <summary>Writes the table to <paramref name="path"/> atomically (no partial file on failure).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, _text.ToString());

    private void Field(string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\n\r") < 0) { _text.Append(value); return; }
        _text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static string Number(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
}
