using System.Diagnostics;
using System.Globalization;
using Pg2.Datasets.Alignments;
using Pg2.Models.Evmutation;

// Usage: fit <alignment> [iterations]   — prints setup, per-iteration and total fitting time.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length >= 2 && args[0] == "eval")
{
    // Objective/gradient evaluations only: wall and CPU time per evaluation.
    var enc = EncodedAlignment.Encode(AlignmentReader.Read(args[1]));
    var wts = SequenceWeights.Compute(enc, 0.8);
    var pl = new PseudoLikelihood(enc, wts, 0.01, 0.01 * 20 * (enc.SiteCount - 1));
    var x0 = PottsTraining.InitialParameters(SiteFrequencies.Compute(enc, wts), wts.EffectiveCount);
    var g0 = new double[x0.Length];
    for (int k = 0; k < 5; k++) pl.Evaluate(x0, g0);
    int count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    for (int k = 0; k < count; k++) pl.Evaluate(x0, g0);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
    Console.WriteLine($"evaluation: {wall.Elapsed.TotalMilliseconds / count:F1} ms wall, {cpu.TotalMilliseconds / count:F1} ms CPU (L = {enc.SiteCount}, N = {enc.SequenceCount}, {Environment.ProcessorCount} cores)");
    return 0;
}
if (args.Length < 2 || args[0] != "fit")
{
    Console.Error.WriteLine("usage: fit <alignment.a2m|a3m> [iterations=100]");
    return 2;
}
int iterations = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
var clock = Stopwatch.StartNew();
var alignment = AlignmentReader.Read(args[1]);
var encoded = EncodedAlignment.Encode(alignment);
var weights = SequenceWeights.Compute(encoded, 0.8);
var preprocess = clock.Elapsed;
Console.WriteLine($"{Path.GetFileName(args[1])}: {alignment.Depth} records, {encoded.SequenceCount} kept, L = {encoded.SiteCount}, N_eff = {weights.EffectiveCount:F2}; read + weights {preprocess.TotalSeconds:F2} s; {Environment.ProcessorCount} cores");
var (_, report) = PottsTraining.Fit(encoded, weights, new PottsOptions(MaxIterations: iterations),
    line => { if (line.StartsWith("iteration 1:", StringComparison.Ordinal) || line.Contains("0:", StringComparison.Ordinal) || line.StartsWith("L-BFGS", StringComparison.Ordinal)) Console.WriteLine(line); });
var fit = report.Elapsed - report.Setup;
Console.WriteLine($"fit: {report.Optimizer.Iterations} iterations, {report.Optimizer.Evaluations} evaluations, setup {report.Setup.TotalSeconds:F2} s, optimisation {fit.TotalSeconds:F2} s = {fit.TotalSeconds / Math.Max(1, report.Optimizer.Iterations):F3} s/iteration, {fit.TotalSeconds / report.Optimizer.Evaluations:F3} s/evaluation");
var process = Process.GetCurrentProcess();
Console.WriteLine($"total (read + weights + fit): {clock.Elapsed.TotalSeconds:F2} s wall, {process.TotalProcessorTime.TotalSeconds:F2} s CPU; peak working set {process.PeakWorkingSet64 / 1e6:F0} MB; final objective {report.Optimizer.Value:F3}");
return 0;
