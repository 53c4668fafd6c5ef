using System.Diagnostics;
using System.Globalization;
using Pg2.Bench.Evmutation;
using Pg2.Datasets.Alignments;
using Pg2.Models.Evmutation;
using Pg2.Models.Evmutation.Reference;

// Usage:
//   fit <alignment> [iterations=100] [single|double]   a whole fit: time split (set-up, objective, optimiser), peak memory
//   compare <alignment> [evaluations=10]              objective + gradient: the first implementation vs double vs single,
//                                                     interleaved in one run (ratios hold under load), + loadavg
//   weights <N> <L> [seed=1]                          sequence weights of a synthetic N × L alignment: time, peak memory
//   evaluate <N> <L> [single|double] [evaluations=2] [seed=1]   objective time and peak memory on a synthetic alignment,
//                                                     100-iteration fit extrapolated (evaluations per iteration as measured on DHFR)
//   optimiser [L=159] [iterations=100]                the optimiser alone (a cheap objective of DHFR's parameter count):
//                                                     the first L-BFGS vs the current one, float32 history, in one run
//   generate <N> <L> <seed> <out.a2m>                 writes a synthetic alignment
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
double PeakGb() => Process.GetCurrentProcess().PeakWorkingSet64 / 1e9;
int Int(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
PottsPrecision Precision(int index) => args.Length > index && args[index] == "double" ? PottsPrecision.Double : PottsPrecision.Single;

switch (args.FirstOrDefault())
{
    case "fit" when args.Length >= 2:
    {
        int iterations = Int(2, 100);
        var precision = Precision(3);
        var clock = Stopwatch.StartNew();
        var encoded = EncodedAlignment.Encode(AlignmentReader.Read(args[1]));
        var weights = SequenceWeights.Compute(encoded, 0.8);
        var preprocess = clock.Elapsed;
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var (_, report) = PottsTraining.Fit(encoded, weights, new PottsOptions(MaxIterations: iterations, Precision: precision),
            line => { if (line.StartsWith("L-BFGS", StringComparison.Ordinal)) Console.WriteLine(line); });
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        Console.WriteLine($"{Path.GetFileName(args[1])}: N {encoded.SequenceCount} ({report.DistinctSequences} distinct), L {encoded.SiteCount}, {precision}: read + weights {preprocess.TotalSeconds:F2} s; fit {wall.Elapsed.TotalSeconds:F1} s wall, {cpu.TotalSeconds:F1} CPU-s ({report.Optimizer.Iterations} iterations, {report.Optimizer.Evaluations} evaluations; objective {report.Objective.TotalSeconds:F1} s, set-up {report.Setup.TotalSeconds:F1} s); final objective {report.Optimizer.Value:F3}; peak {PeakGb():F2} GB (formula {FitMemory.Gb(FitMemory.Estimate(encoded.SequenceCount, encoded.SiteCount, precision))} GB); loadavg {Load()}");
        return 0;
    }
    case "compare" when args.Length >= 2:
    {
        var encoded = EncodedAlignment.Encode(AlignmentReader.Read(args[1]));
        var weights = SequenceWeights.Compute(encoded, 0.8);
        double lambdaJ = new PottsOptions().EffectiveLambdaJ(encoded.SiteCount);
        var x = PottsTraining.InitialParameters(SiteFrequencies.Compute(encoded, weights), weights.EffectiveCount);
        var random = new Random(1);
        for (int k = 0; k < x.Length; k++) x[k] += 0.01 * (2 * random.NextDouble() - 1);
        var g = new double[x.Length];
        var reference = new ReferencePseudoLikelihood(encoded, weights, 0.01, lambdaJ);
        var exact = new PseudoLikelihood(encoded, weights, 0.01, lambdaJ, PottsPrecision.Double);
        var single = new PseudoLikelihood(encoded, weights, 0.01, lambdaJ, PottsPrecision.Single);
        (string Name, Func<double> Run)[] runs =
        [
            ("first implementation", () => reference.Evaluate(x, g)),
            ("double", () => exact.Evaluate(x, g)),
            ("single", () => single.Evaluate(x, g)),
        ];
        foreach (var r in runs) r.Run(); // warm-up (JIT, pages)
        var times = new double[runs.Length];
        var cpus = new double[runs.Length];
        var values = new double[runs.Length];
        int count = Int(2, 10);
        string load0 = Load();
        var self = Process.GetCurrentProcess();
        for (int e = 0; e < count; e++)
            for (int r = 0; r < runs.Length; r++)
            {
                // An untimed evaluation first: one right after another implementation's ran measurably slower (its caches, not ours).
                runs[r].Run();
                self.Refresh();
                var cpu0 = self.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                values[r] = runs[r].Run();
                times[r] += clock.Elapsed.TotalSeconds;
                self.Refresh();
                cpus[r] += (self.TotalProcessorTime - cpu0).TotalSeconds;
            }
        Console.WriteLine($"{Path.GetFileName(args[1])}: N {encoded.SequenceCount} ({exact.DistinctSequences} distinct), L {encoded.SiteCount}, {count} evaluations each, interleaved; loadavg {load0} → {Load()}, {Environment.ProcessorCount} cores");
        {
            // Single precision's gradient against double's: the largest difference relative to ‖g‖.
            var gd = new double[x.Length];
            var gs = new double[x.Length];
            exact.Evaluate(x, gd);
            single.Evaluate(x, gs);
            double norm = Math.Sqrt(gd.Sum(v => v * v)), worst = gd.Zip(gs, (a, b) => Math.Abs(a - b)).Max();
            Console.WriteLine($"  single vs double gradient: largest difference {worst / norm:E1} of ‖g‖");
        }
        for (int r = 0; r < runs.Length; r++)
            Console.WriteLine($"  {runs[r].Name,-22} {times[r] / count * 1000,9:F1} ms wall/evaluation (×{times[0] / times[r]:F2} vs first), {cpus[r] / count * 1000,9:F1} ms CPU (×{cpus[0] / cpus[r]:F2})  objective {values[r]:R} (relative {Math.Abs(values[r] / values[0] - 1):E1})");
        {
            var (copy, gather, probabilities, scatter, flush) = single.KernelTime;
            double all = (copy + gather + probabilities + scatter + flush).TotalSeconds;
            Console.WriteLine($"  profile single kernel (thread time): copy couplings {copy.TotalSeconds / all:P0}, energies {gather.TotalSeconds / all:P0}, probabilities {probabilities.TotalSeconds / all:P0}, gradient rows {scatter.TotalSeconds / all:P0}, float64 flush {flush.TotalSeconds / all:P0}");
        }
        foreach (var (name, o) in new[] { ("double", exact), ("single", single) })
        {
            double all = (o.ExpandTime + o.TermsTime + o.AssembleTime).TotalSeconds;
            Console.WriteLine($"  profile {name}: copy couplings {o.ExpandTime.TotalSeconds / all:P0}, sequence terms {o.TermsTime.TotalSeconds / all:P0}, assemble gradient {o.AssembleTime.TotalSeconds / all:P0}");
        }
        return 0;
    }
    case "weights" when args.Length >= 3:
    {
        var alignment = SyntheticAlignment.Generate(Int(1, 0), Int(2, 0), Int(3, 1));
        var encoded = EncodedAlignment.Encode(alignment, 0);
        alignment = null;
        GC.Collect();
        var clock = Stopwatch.StartNew();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var weights = SequenceWeights.Compute(encoded, 0.8);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        Console.WriteLine($"weights {encoded.SequenceCount} × {encoded.SiteCount}: {clock.Elapsed.TotalSeconds:F1} s wall, {cpu.TotalSeconds:F1} CPU-s, N_eff {weights.EffectiveCount:F1}; peak {PeakGb():F2} GB (incl. generating); loadavg {Load()}");
        return 0;
    }
    case "evaluate" when args.Length >= 3:
    {
        var precision = Precision(3);
        int count = Int(4, 2);
        var alignment = SyntheticAlignment.Generate(Int(1, 0), Int(2, 0), Int(5, 1));
        var encoded = EncodedAlignment.Encode(alignment, 0);
        alignment = null;
        GC.Collect();
        var weights = SequenceWeights.FromValues(Enumerable.Repeat(1.0, encoded.SequenceCount).ToArray(), 0.8);
        var x = PottsTraining.InitialParameters(SiteFrequencies.Compute(encoded, weights), weights.EffectiveCount);
        var g = new double[x.Length];
        var clock = Stopwatch.StartNew();
        var objective = new PseudoLikelihood(encoded, weights, 0.01, new PottsOptions().EffectiveLambdaJ(encoded.SiteCount), precision);
        double setup = clock.Elapsed.TotalSeconds;
        // The optimiser's vectors, so the peak is the fit's (left out above 4 GB: the machine is shared).
        var optimiserBytes = x.LongLength * Lbfgs.BytesPerParameter(6, precision == PottsPrecision.Single) - 2 * 8 * x.LongLength;
        var optimiser = optimiserBytes < 4L << 30 ? new byte[optimiserBytes] : [];
        Array.Fill(optimiser, (byte)1);
        var self = Process.GetCurrentProcess();
        var cpu0 = self.TotalProcessorTime;
        clock.Restart();
        for (int e = 0; e < count; e++) objective.Evaluate(x, g);
        double perEvaluation = clock.Elapsed.TotalSeconds / count;
        // DHFR's 100 iterations took 102 evaluations (docs/benchmarks.md); + 10 % for the optimiser (an assumption).
        double fit = perEvaluation * 102 * 1.1 + setup;
        self.Refresh();
        double cpu = (self.TotalProcessorTime - cpu0).TotalSeconds / count;
        Console.WriteLine($"evaluate {encoded.SequenceCount} × {encoded.SiteCount} {precision}: {objective.DistinctSequences} distinct; {perEvaluation:F2} s wall, {cpu:F2} CPU-s per evaluation; 100-iteration fit ≈ {FitProgress.Duration(fit)} wall here, ≈ {FitProgress.Duration(cpu * 102 * 1.1 / 2)} on 2 free cores (extrapolated); peak {PeakGb():F2} GB{(optimiser.Length == 0 ? " (optimiser not allocated)" : "")}, formula {FitMemory.Gb(FitMemory.Estimate(encoded.SequenceCount, encoded.SiteCount, precision))} GB; loadavg {Load()}");
        GC.KeepAlive(optimiser);
        return 0;
    }
    case "optimiser":
    {
        long n = new PottsLayout(Int(1, 159)).ParameterCount;
        int iterations = Int(2, 100);
        // Separable and cheap (two passes over x and g), so the time measured is the optimiser's.
        static double Cheap(double[] x, double[] g)
        {
            double f = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double c = 1 + (i & 63), r = x[i] - 1e-3 * (i & 1023);
                f += 0.5 * c * r * r + 0.25 * r * r * r * r;
                g[i] = c * r + r * r * r;
            }
            return f;
        }
        var inObjective = new Stopwatch();
        double Timed(double[] x, double[] g)
        {
            inObjective.Start();
            try { return Cheap(x, g); }
            finally { inObjective.Stop(); }
        }
        (string Name, Func<double[], LbfgsResult> Run)[] runs =
        [
            ("first L-BFGS", x => new ReferenceLbfgs { MaxIterations = iterations, Epsilon = 1e-12, SingleHistory = true }.Minimize(Timed, x)),
            ("current", x => new Lbfgs { MaxIterations = iterations, Epsilon = 1e-12, SingleHistory = true }.Minimize(Timed, x)),
        ];
        var self = Process.GetCurrentProcess();
        string load0 = Load();
        foreach (var (name, run) in runs)
        {
            var x = new double[n];
            for (int i = 0; i < n; i++) x[i] = Math.Sin(i);
            inObjective.Reset();
            self.Refresh();
            var cpu0 = self.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var result = run(x);
            double wall = clock.Elapsed.TotalSeconds;
            self.Refresh();
            double cpu = (self.TotalProcessorTime - cpu0).TotalSeconds;
            Console.WriteLine($"  {name,-14} {n} parameters, {result.Iterations} iterations, {result.Evaluations} evaluations: {wall:F2} s wall, {cpu:F2} CPU-s, outside the objective {wall - inObjective.Elapsed.TotalSeconds:F2} s wall; f {result.Value:R}");
        }
        Console.WriteLine($"  loadavg {load0} → {Load()}, {Environment.ProcessorCount} cores");
        return 0;
    }
    case "generate" when args.Length >= 5:
        SyntheticAlignment.Write(SyntheticAlignment.Generate(Int(1, 0), Int(2, 0), Int(3, 1)), args[4]);
        return 0;
    default:
        Console.Error.WriteLine("usage: fit <alignment> [iterations] [single|double] | compare <alignment> [evaluations] | weights <N> <L> [seed] | evaluate <N> <L> [single|double] [evaluations] [seed] | generate <N> <L> <seed> <out.a2m>");
        return 2;
}
