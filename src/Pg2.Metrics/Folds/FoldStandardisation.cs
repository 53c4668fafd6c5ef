namespace Pg2.Metrics.Folds;

/// <summary>
/// The scale a fold's targets and predictions are put on before pooling: the mean and standard deviation
/// (ddof = 0, numpy's and scikit-learn's StandardScaler's) of the truth over the fold's training folds,
/// i.e. every other fold. This is the normalisation ProteinNPT-style runs apply, and what makes
/// ProteinGym's pooled supervised Spearman meaningful: pooled raw values rank the folds' offsets instead.
/// </summary>
/// <param name="Fold">The held-out fold.</param>
/// <param name="TrainMean">Mean of the truth over the other folds.</param>
/// <param name="TrainStd">Standard deviation (ddof = 0) of the truth over the other folds.</param>
public sealed record FoldStandardisation(int Fold, double TrainMean, double TrainStd)
{
    /// <summary>(value − mean) / std.</summary>
    public double Apply(double value) => (value - TrainMean) / TrainStd;

    /// <summary>
    /// The identity scale for every fold in <paramref name="folds"/>: for predictions that are already on their
    /// fold's standardised scale, as pg2's fold contract has models write them (docs/models.md).
    /// </summary>
    public static IReadOnlyDictionary<int, FoldStandardisation> AsWritten(IEnumerable<int> folds)
    {
        ArgumentNullException.ThrowIfNull(folds);
        return folds.Distinct().ToDictionary(f => f, f => new FoldStandardisation(f, 0.0, 1.0));
    }

    /// <summary>The standardisation of every fold present, from the truth of its training folds.</summary>
    /// <exception cref="MetricInputException">Fewer than two folds, or a fold's training truth is constant.</exception>
    public static IReadOnlyDictionary<int, FoldStandardisation> FromTrainingFolds(FoldedPredictions data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FoldIds.Count < 2)
            throw new MetricInputException($"standardising by training folds needs at least 2 folds; found {data.FoldIds.Count}");
        var result = new Dictionary<int, FoldStandardisation>();
        foreach (var fold in data.FoldIds)
        {
            double sum = 0;
            int n = 0;
            for (int i = 0; i < data.Truth.Length; i++)
                if (data.Folds[i] != fold) { sum += data.Truth[i]; n++; }
            double mean = sum / n;
            double ss = 0;
            for (int i = 0; i < data.Truth.Length; i++)
                if (data.Folds[i] != fold) { double d = data.Truth[i] - mean; ss += d * d; }
            double std = Math.Sqrt(ss / n);
            if (std == 0) throw new MetricInputException($"fold {fold}: the truth of its training folds is constant; cannot standardise");
            result[fold] = new FoldStandardisation(fold, mean, std);
        }
        return result;
    }

    /// <summary>
    /// Applies each row's fold standardisation to <paramref name="values"/> (targets or predictions).
    /// </summary>
    /// <exception cref="MetricInputException">A row's fold has no standardisation.</exception>
    public static double[] Standardise(ReadOnlySpan<double> values, ReadOnlySpan<int> folds, IReadOnlyDictionary<int, FoldStandardisation> byFold)
    {
        ArgumentNullException.ThrowIfNull(byFold);
        if (values.Length != folds.Length) throw new ArgumentException("values and folds differ in length", nameof(folds));
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (!byFold.TryGetValue(folds[i], out var s))
                throw new MetricInputException($"row {i + 1}: fold {folds[i]} has no training mean/std");
            result[i] = s.Apply(values[i]);
        }
        return result;
    }
}
