// Times Pg2.Metrics.Spearman on the pairs in a raw float64 file (n truth values, then n scores),
// best and median of several runs after a warm-up. Usage: Pg2.Bench.Metrics <data.f64> [repeats]
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Pg2.Metrics;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Pg2.Bench.Metrics <data.f64> [repeats]");
    return 2;
}
int repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
var all = MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(args[0])).ToArray();
int n = all.Length / 2;
var truth = all.AsSpan(0, n).ToArray();
var score = all.AsSpan(n, n).ToArray();

double rho = Spearman.Compute(truth, score); // warm-up (JIT, thread pool)
var times = new List<double>();
for (int r = 0; r < repeats; r++)
{
    var sw = Stopwatch.StartNew();
    rho = Spearman.Compute(truth, score);
    times.Add(sw.Elapsed.TotalSeconds);
}
times.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"pg2 spearman n={n} rho={rho:R} best={times[0]:F4}s median={times[times.Count / 2]:F4}s threads={Environment.ProcessorCount}"));
return 0;
