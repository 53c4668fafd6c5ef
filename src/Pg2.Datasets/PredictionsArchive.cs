using Pg2.Contracts;
using Pg2.Datasets.Archives;
using Pg2.Datasets.Assays;
using Pg2.Datasets.Splits;

namespace Pg2.Datasets;

/// <summary>
/// The predictions archive of today's container contract, <c>&lt;dataset&gt;_predictions.pgdata</c> (FORMATS.md
/// §C.5): the ground truth's assays in the same order with the same records, each with fields
/// <c>sequence,&lt;target&gt;</c> holding the model's predictions (empty = none), variables kept, everything else
/// emptied. Because the layout is the ground truth's, the ground truth's slices select the same records
/// in it — which is how it is scored.
/// </summary>
public static class PredictionsArchive
{
    /// <summary>The file name for a dataset: <c>{dataset}_predictions.pgdata</c>.</summary>
    public static string FileName(string datasetName) => $"{datasetName}_predictions.pgdata";

    /// <summary>
    /// Writes the predictions of <paramref name="target"/> for <paramref name="truth"/> into
    /// <paramref name="outputDirectory"/> atomically and returns the file's path. <paramref name="predictionOfRow"/>
    /// holds one value per row of <see cref="Dataset.Assays"/> (NaN = no prediction).
    /// </summary>
    public static string Write(Dataset truth, string target, IReadOnlyList<double> predictionOfRow, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(predictionOfRow);
        if (predictionOfRow.Count != truth.Assays.RowCount)
            throw new ArgumentException($"{predictionOfRow.Count} predictions for {truth.Assays.RowCount} rows", nameof(predictionOfRow));
        var content = PgdataSeedView.FromDataset(truth);
        var offsets = content.AssayOffsets();
        var declared = content.AssayTargets.FirstOrDefault(t => t.Name == target) ?? new PgdataField(target);
        var assays = new List<PgdataAssay>();
        for (int a = 0; a < content.Assays.Count; a++)
        {
            var assay = content.Assays[a];
            var columns = new List<AssayColumn> { assay.Table[AssayTable.SequenceColumn] };
            var targets = new List<PgdataField>();
            if (assay.Targets.FirstOrDefault(t => t.Name == target) is { } field)
            {
                var values = new double[assay.Table.RowCount];
                for (int r = 0; r < values.Length; r++) values[r] = predictionOfRow[offsets[a] + r];
                columns.Add(new NumericColumn(target, values));
                targets.Add(field with { Alias = "" });
            }
            assays.Add(assay with { Targets = targets, NonTargets = [], Properties = [], Table = new AssayTable(columns) });
        }
        var predictions = new PgdataContent
        {
            Version = content.Version,
            Name = content.Name + "_predictions",
            AssayVariables = content.AssayVariables,
            AssayTargets = [declared],
            Assays = assays,
        };
        var path = OutputFolder.Inside(outputDirectory, FileName(truth.Name), "predictions");
        AtomicFile.Write(path, s => PgdataWriter.Write(predictions, s, PgdataSchema.Rc0));
        return path;
    }

    /// <summary>
    /// Reads a predictions archive against its ground truth: one prediction per row of
    /// <paramref name="truth"/>'s <see cref="Dataset.Assays"/> (NaN = none). The archive must have the ground
    /// truth's assays, record counts and sequences in the same order; anything else is one line naming the
    /// archive, assay and record.
    /// </summary>
    public static double[] Read(string path, Dataset truth, string target)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(target);
        PgdataContent predicted;
        using (var archive = ArchiveReader.Open(path))
        {
            if (!archive.Contains(PgdataReader.ManifestFile))
                throw new InvalidInputException($"{path}: no {PgdataReader.ManifestFile}; expected a predictions .pgdata archive");
            predicted = PgdataReader.Read(archive);
        }
        var expected = PgdataSeedView.FromDataset(truth);
        if (predicted.Assays.Count != expected.Assays.Count)
            throw new InvalidInputException($"{path}: {predicted.Assays.Count} assay(s); the ground truth '{truth.Name}' has {expected.Assays.Count} (predictions keep the ground truth's assays in order)");
        var result = new double[truth.Assays.RowCount];
        int at = 0;
        for (int a = 0; a < expected.Assays.Count; a++)
        {
            var want = expected.Assays[a].Table;
            var got = predicted.Assays[a];
            if (got.Table.RowCount != want.RowCount)
                throw new InvalidInputException($"{path}: assay '{got.Name}' has {got.Table.RowCount} records; the ground truth's assay '{expected.Assays[a].Name}' has {want.RowCount}");
            var wantSeq = want[AssayTable.SequenceColumn];
            var gotSeq = got.Table[AssayTable.SequenceColumn];
            got.Table.TryGetColumn(target, out var column);
            if (column is not null and not NumericColumn)
                throw new InvalidInputException($"{path}: assay '{got.Name}': column '{target}' is not numeric");
            var values = (column as NumericColumn)?.Values;
            for (int r = 0; r < want.RowCount; r++, at++)
            {
                if (wantSeq.Format(r) != gotSeq.Format(r))
                    throw new InvalidInputException($"{path}: assay '{got.Name}' record {r + 1} has sequence '{MessageText.Shown(gotSeq.Format(r), 40)}'; the ground truth has '{MessageText.Shown(wantSeq.Format(r), 40)}' there");
                result[at] = values?[r] ?? double.NaN;
            }
        }
        if (!predicted.Assays.Any(x => x.Table.TryGetColumn(target, out _)))
            throw new InvalidInputException($"{path}: no assay has a column '{target}' (the target predicted)");
        return result;
    }

    /// <summary>
    /// The rows a fold job is scored on, as the seed contract's fold runs write them: the rows of
    /// <paramref name="testFold"/> of <paramref name="split"/> that have a measured value and a prediction, with
    /// measured and predicted values standardised by the training folds' mean and standard deviation (ddof 0;
    /// 1 when it is 0), so that pooled scores over folds agree whichever contract the model speaks. Without a
    /// split, every row with both values, unscaled.
    /// </summary>
    public static IReadOnlyList<ScoredRow> ScoredRows(Dataset truth, string target, double[] predictionOfRow, string? split, int? testFold)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predictionOfRow);
        var view = truth.ForTarget(target);
        var rows = new List<ScoredRow>();
        if (split is null)
        {
            for (int i = 0; i < view.Count; i++)
                if (!double.IsNaN(predictionOfRow[view.Rows[i]]))
                    rows.Add(new ScoredRow(view.Rows[i], view.Y[i], predictionOfRow[view.Rows[i]], null, 0, 1));
            return rows;
        }
        var folds = FoldAssignment.FromSlices(truth, view, split);
        int k = testFold ?? throw new ArgumentException("a split needs a test fold", nameof(testFold));
        var train = folds.TrainFolds(k);
        var test = folds.TestFold(k);
        double mean = train.Count == 0 ? 0 : train.Y.Average();
        double std = train.Count == 0 ? 1 : Math.Sqrt(train.Y.Sum(v => (v - mean) * (v - mean)) / train.Count);
        if (!(std > 0)) std = 1.0;
        for (int i = 0; i < test.Count; i++)
        {
            var p = predictionOfRow[test.Rows[i]];
            if (!double.IsNaN(p)) rows.Add(new ScoredRow(test.Rows[i], (test.Y[i] - mean) / std, (p - mean) / std, k, mean, std));
        }
        return rows;
    }
}

/// <summary>One scored row of a predictions archive.</summary>
/// <param name="Row">Row of the ground truth's <see cref="Dataset.Assays"/>.</param>
/// <param name="Test">Measured value (standardised by the training folds in a fold job).</param>
/// <param name="Pred">Prediction (standardised the same way).</param>
/// <param name="Fold">The test fold, or null without a split.</param>
/// <param name="TrainMean">Mean of the training folds' measured values (0 without a split).</param>
/// <param name="TrainStd">Their standard deviation, ddof 0 (1 without a split).</param>
public readonly record struct ScoredRow(int Row, double Test, double Pred, int? Fold, double TrainMean, double TrainStd);
