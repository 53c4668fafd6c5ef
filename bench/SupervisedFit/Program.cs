// Fits and predicts one-hot PLS (2 components) and ridge (alpha 1) on n × L random sequences and
// prints the times; bench/SupervisedFit/run.sh runs scikit-learn on the same data next to it.
// Usage: SupervisedFit <data.csv> <predictions.csv> [repeats]
using System.Diagnostics;
using System.Globalization;
using Pg2.Models.Pls;
using Pg2.Models.Ridge;
using Pg2.Sdk.Features;

var dataPath = args[0];
var predictionsPath = args[1];
int repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;

var lines = File.ReadAllLines(dataPath).Skip(1).Select(l => l.Split(',')).ToArray();
var sequences = lines.Select(f => f[0]).ToArray();
var y = lines.Select(f => double.Parse(f[1], CultureInfo.InvariantCulture)).ToArray();
var encoder = new OneHotEncoder(OneHotEncoder.StandardAminoAcids);

double Best(Func<double[]> run, out double[] result)
{
    double best = double.MaxValue;
    result = [];
    for (int i = 0; i < repeats; i++)
    {
        var sw = Stopwatch.StartNew();
        result = run();
        best = Math.Min(best, sw.Elapsed.TotalSeconds);
    }
    return best;
}

var tEncode = Best(() => { encoder.Encode(sequences); return []; }, out _);
var x = encoder.Encode(sequences);
var tPls = Best(() => PlsRegression.Fit(x, [y], 2).Predict(x), out var plsPred);
var tRidge = Best(() => RidgeRegression.Fit(x, y, 1.0).Predict(x), out var ridgePred);

using (var w = new StreamWriter(predictionsPath))
{
    w.WriteLine("pls,ridge");
    for (int i = 0; i < y.Length; i++)
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{plsPred[i]:R},{ridgePred[i]:R}"));
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"pg2 n={x.RowCount} L={x.Positions} features={x.ColumnCount} encode={tEncode:F3}s pls_fit_predict={tPls:F3}s ridge_fit_predict={tRidge:F3}s (best of {repeats})"));
