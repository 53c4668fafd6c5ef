using Pg2.Datasets;
using Pg2.Sdk;
using Pg2.Sdk.Features;
using Pg2.Contracts;

namespace Pg2Model._1;

public sealed partial class Model
{
    /// <summary>
    /// Fits one effect per (position, residue): the mean of the centred targets of the training rows with
    /// that residue there, shrunk towards zero by the hyper-parameter <c>shrinkage</c> (a pseudo-count).
    /// Effects are stored divided by the sequence length, so that Predict's sum is their mean.
    /// The returned parameters are saved by the SDK (JSON at <c>--model-path</c>) and handed to Predict.
    /// </summary>
    public ModelParameters Train(ModelContext context, OneHotMatrix features, double[] targets)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        double shrinkage = context.HyperParameters.GetDouble("shrinkage", 1.0);
        if (!(shrinkage >= 0) || double.IsInfinity(shrinkage))
            throw new InvalidInputException($"{context.HyperParameters.Source}: hyper-parameter 'shrinkage' must be a finite number >= 0, got {shrinkage}");

        double mean = targets.Average();
        int alphabet = features.AlphabetSize;
        var sums = new double[features.ColumnCount];
        var counts = new double[features.ColumnCount];
        for (int row = 0; row < features.RowCount; row++)
        {
            var codes = features.RowCodes(row);
            double centred = targets[row] - mean;
            for (int pos = 0; pos < codes.Length; pos++)
            {
                int column = pos * alphabet + codes[pos];
                sums[column] += centred;
                counts[column]++;
            }
        }
        var effects = new double[sums.Length];
        for (int j = 0; j < effects.Length; j++)
            effects[j] = counts[j] + shrinkage > 0 ? sums[j] / (counts[j] + shrinkage) / features.Positions : 0.0;

        context.Log($"site effects for {features.Positions} positions × {alphabet} letters from {features.RowCount} rows (shrinkage {shrinkage})");
        var parameters = new ModelParameters();
        parameters.Scalars["intercept"] = mean;
        OneHotPositions.Record(parameters, features);
        parameters.Arrays["effects"] = effects;
        return parameters;
    }
}
