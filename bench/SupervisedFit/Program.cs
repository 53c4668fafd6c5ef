// Fits and predicts one-hot PLS (2 components) and ridge (alpha 1) on n × L random sequences and
// prints the times; bench/SupervisedFit/run.sh runs scikit-learn on the same data next to it.
// Usage: SupervisedFit <data.csv> <predictions.csv> [repeats]
//        SupervisedFit augmented <data.csv> [repeats]   (ridge-augmented, with and without inner CV, and gp vs ridge, augmented_fit.sh)
using System.Diagnostics;
using System.Globalization;
using Pg2.Models.Gp;
using Pg2.Models.Pls;
using Pg2.Models.Ridge;
using Pg2.Models.RidgeAugmented;
using Pg2.Sdk.Features;

if (args[0] == "augmented") return AugmentedFit.Run(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);

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
return 0;

/// <summary>ridge-augmented's (fixed penalties, inner CV) and gp's fit + predict next to one-hot ridge's on the same rows (one covariate: y plus noise).</summary>
static class AugmentedFit
{
    public static int Run(string dataPath, int repeats)
    {
        var lines = File.ReadAllLines(dataPath).Skip(1).Select(l => l.Split(',')).ToArray();
        var y = lines.Select(f => double.Parse(f[1], CultureInfo.InvariantCulture)).ToArray();
        var x = new OneHotEncoder(OneHotEncoder.StandardAminoAcids).Encode(lines.Select(f => f[0]).ToArray());
        var random = new Random(42);
        var z = y.Select(v => v + random.NextDouble()).ToArray();
        double Best(Action run)
        {
            double best = double.MaxValue;
            for (int i = 0; i < repeats; i++)
            {
                var sw = Stopwatch.StartNew();
                run();
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
            }
            return best;
        }
        var tAugmented = Best(() => AugmentedRidge.Fit(x, z, 1, y, 10.0, 0.01).Predict(x, z));
        var tRidge = Best(() => RidgeRegression.Fit(x, y, 10.0).Predict(x));
        // ridge-augmented's default: (alpha, alpha_covariate) by 5-fold inner CV over its 5 × 6 grid, then the fit.
        var tInnerCv = Best(() =>
        {
            var choice = PenaltySearch.Choose(x, z, 1, y, [0.1, 1, 10, 100, 1000], [0.001, 0.01, 0.1, 1, 10, 100], 5, 0);
            AugmentedRidge.Fit(x, z, 1, y, choice.Lambda, choice.Mu).Predict(x, z);
        });
        // gp's default: evidence search on 1,000 rows, then the exact fit on all n and the prediction.
        var tGp = Best(() => HammingGp.Fit(x, z, 1, y, new GpSearch(new GpKernelParameters(2.0, 0.5))).Predict(x, z));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pg2 n={x.RowCount} L={x.Positions} features={x.ColumnCount}+1 augmented_fit_predict={tAugmented:F3}s augmented_inner_cv_fit_predict={tInnerCv:F3}s gp_fit_predict={tGp:F3}s ridge_fit_predict={tRidge:F3}s ratio={tAugmented / tRidge:F2} (best of {repeats}, {Environment.ProcessorCount} cores)"));
        return 0;
    }
}
