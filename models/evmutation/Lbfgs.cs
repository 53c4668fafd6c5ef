using System.Runtime.Intrinsics;

namespace Pg2.Models.Evmutation;

/// <summary>An objective to minimise: writes the gradient at <c>x</c> into <c>gradient</c> and returns f(x).</summary>
internal delegate double Objective(double[] x, double[] gradient);

/// <summary>Why <see cref="Lbfgs.Minimize"/> stopped.</summary>
internal enum LbfgsStatus
{
    /// <summary>‖g‖ / max(1, ‖x‖) fell to epsilon.</summary>
    Converged,
    /// <summary>The iteration cap was reached (plmc's usual end: 100 iterations).</summary>
    MaximumIterations,
    /// <summary>The line search failed; x holds the last accepted point.</summary>
    LineSearchFailed,
}

/// <summary>Outcome of a minimisation.</summary>
internal readonly record struct LbfgsResult(LbfgsStatus Status, int Iterations, int Evaluations, double Value);

/// <summary>
/// Limited-memory BFGS with the Moré–Thuente line search, following liblbfgs as bundled with plmc:
/// memory 6, stop when ‖g‖/max(1, ‖x‖) ≤ ε (1e-3), first step 1/‖g‖ then 1, line search
/// ftol 1e-4, gtol 0.9, at most 40 evaluations, x tolerance 1e-16, steps within [1e-20, 1e20].
/// </summary>
internal sealed class Lbfgs
{
    /// <summary>History pairs kept (liblbfgs m).</summary>
    public int Memory { get; init; } = 6;
    /// <summary>Convergence threshold on ‖g‖ / max(1, ‖x‖).</summary>
    public double Epsilon { get; init; } = 1e-3;
    /// <summary>Iteration cap (0: none).</summary>
    public int MaxIterations { get; init; } = 100;
    /// <summary>Line-search evaluations allowed per iteration.</summary>
    public int MaxLineSearch { get; init; } = 40;
    /// <summary>Sufficient-decrease constant.</summary>
    public double Ftol { get; init; } = 1e-4;
    /// <summary>Curvature constant.</summary>
    public double Gtol { get; init; } = 0.9;
    /// <summary>Relative width below which the bracket is too small.</summary>
    public double Xtol { get; init; } = 1e-16;
    /// <summary>Smallest step.</summary>
    public double MinStep { get; init; } = 1e-20;
    /// <summary>Largest step.</summary>
    public double MaxStep { get; init; } = 1e20;

    /// <summary>
    /// Keep the 2m history vectors (s, y) in float32 (dot products and updates in float64): they are most of
    /// the optimiser's memory, (5 · 8 + 2m · 4) bytes per parameter instead of (5 + 2m) · 8.
    /// </summary>
    public bool SingleHistory { get; init; }

    /// <summary>Bytes per parameter the optimiser holds (x, g, previous x and g, direction, history).</summary>
    public static long BytesPerParameter(int memory, bool singleHistory) => 5 * 8 + 2L * memory * (singleHistory ? 4 : 8);

    /// <summary>Called after each iteration with (iteration, f, ‖g‖/max(1,‖x‖), evaluations so far).</summary>
    public Action<int, double, double, int>? Progress { get; init; }

    /// <summary>Elements per block of the vector passes: a block of every vector a pass reads stays in L2 while its dot products run.</summary>
    private const int BlockLength = 8192;

    /// <summary>
    /// Minimises <paramref name="objective"/> from <paramref name="x"/> in place. The direction −H·g is liblbfgs's
    /// two-loop recursion (H₀ = γI, γ = sᵀy / yᵀy of the newest pair) in its compact form (Byrd, Nocedal and
    /// Schnabel 1994): H·g = γg + S·u − γY·t with t = R⁻¹Sᵀg, u = R⁻ᵀ((D + γYᵀY)t − γYᵀg), R the upper triangle of
    /// SᵀY. Equal in exact arithmetic, but it reads the 2m history vectors twice per iteration (once for all dot
    /// products, once for the direction) instead of 4m times, in blocks, on all cores: the optimiser is memory-bound.
    /// </summary>
    public LbfgsResult Minimize(Objective objective, double[] x)
    {
        int n = x.Length;
        var caller = x;
        var g = new double[n];
        var xp = new double[n];
        var gp = new double[n];
        var d = new double[n];
        int m = Memory;
        var history = new (History S, History Y)[m];
        var sy = new double[m, m];   // s_p · y_q (slots)
        var yy = new double[m, m];   // y_p · y_q
        int blocks = (n + BlockLength - 1) / BlockLength;
        int evaluations = 1;
        double f = objective(x, g);

        double xnorm = Math.Max(Norm(x), 1.0);
        if (Norm(g) / xnorm <= Epsilon) return new LbfgsResult(LbfgsStatus.Converged, 0, evaluations, f);

        ForBlocks(n, (lo, hi) =>
        {
            for (int i = lo; i < hi; i++) d[i] = -g[i];
        });
        double step = 1.0 / Norm(d);
        Array.Copy(x, xp, n);
        Array.Copy(g, gp, n);
        int stored = 0, newest = -1;
        // Per block: ‖x‖², ‖g‖², then per slot sᵀg, yᵀg, sᵀy_new, yᵀy_new.
        int perBlock = 2 + 4 * m;
        var partial = new double[blocks * perBlock];
        var a = new double[m];
        var b = new double[m];
        var order = new int[m];
        var t = new double[m];
        var u = new double[m];
        var coefficientS = new double[m];
        var coefficientY = new double[m];
        var slope = new double[blocks];
        double startSlope = BlockedDot(g, d);
        for (int k = 1; ; k++)
        {
            var search = LineSearch(objective, x, ref f, g, d, ref step, xp, startSlope);
            evaluations += search.Evaluations;
            if (!search.Success)
            {
                // liblbfgs hands back the point before the failed search.
                Array.Copy(xp, x, n);
                Array.Copy(gp, g, n);
                f = search.StartValue;
                return Finish(new LbfgsResult(LbfgsStatus.LineSearchFailed, k - 1, evaluations, f));
            }

            // One pass: the new pair (s = x − xp, y = g − gp) into the oldest slot, the norms, every dot product.
            int slot = (newest + 1) % m;
            history[slot].S ??= new History(n, SingleHistory);
            history[slot].Y ??= new History(n, SingleHistory);
            int filled = Math.Min(stored + 1, m);
            var (sNew, yNew) = history[slot];
            Array.Clear(partial);
            ForBlocks(n, (lo, hi) =>
            {
                int block = lo / BlockLength;
                var sums = partial.AsSpan(block * perBlock, perBlock);
                sNew.SetDifference(x, xp, lo, hi);
                yNew.SetDifference(g, gp, lo, hi);
                sums[0] = Dot(x.AsSpan(lo, hi - lo), x.AsSpan(lo, hi - lo));
                sums[1] = Dot(g.AsSpan(lo, hi - lo), g.AsSpan(lo, hi - lo));
                for (int c = 0; c < m; c++)
                {
                    var (sc, yc) = history[c];
                    if (sc is null) continue; // slots are filled in order: an allocated one holds a pair or the new one
                    sums[2 + 4 * c] = sc.Dot(g, lo, hi);
                    sums[3 + 4 * c] = yc.Dot(g, lo, hi);
                    sums[4 + 4 * c] = sc.Dot(yNew, lo, hi);
                    sums[5 + 4 * c] = yc.Dot(yNew, lo, hi);
                }
            });
            var total = new double[perBlock];
            for (int block = 0; block < blocks; block++)
                for (int e = 0; e < perBlock; e++) total[e] += partial[block * perBlock + e];

            xnorm = Math.Max(Math.Sqrt(total[0]), 1.0);
            double ratio = Math.Sqrt(total[1]) / xnorm;
            Progress?.Invoke(k, f, ratio, evaluations);
            if (ratio <= Epsilon) return Finish(new LbfgsResult(LbfgsStatus.Converged, k, evaluations, f));
            if (MaxIterations != 0 && MaxIterations < k + 1)
                return Finish(new LbfgsResult(LbfgsStatus.MaximumIterations, k, evaluations, f));

            newest = slot;
            stored = filled;
            for (int c = 0; c < m; c++)
            {
                if (history[c].S is null) continue;
                a[c] = total[2 + 4 * c];
                b[c] = total[3 + 4 * c];
                sy[c, newest] = total[4 + 4 * c];
                yy[c, newest] = yy[newest, c] = total[5 + 4 * c];
            }
            double ys = sy[newest, newest], yyNewest = yy[newest, newest], gamma = ys / yyNewest;
            // Slots oldest → newest.
            for (int p = 0; p < stored; p++) order[p] = (newest - stored + 1 + p + m) % m;
            // t = R⁻¹ a (R upper: R_pq = s_p · y_q, p ≤ q), then w = (D + γ YᵀY) t − γ b, u = R⁻ᵀ w.
            for (int p = stored - 1; p >= 0; p--)
            {
                double v = a[order[p]];
                for (int q = p + 1; q < stored; q++) v -= sy[order[p], order[q]] * t[q];
                t[p] = v / sy[order[p], order[p]];
            }
            for (int p = 0; p < stored; p++)
            {
                double w = sy[order[p], order[p]] * t[p] - gamma * b[order[p]];
                for (int q = 0; q < stored; q++) w += gamma * yy[order[p], order[q]] * t[q];
                for (int q = 0; q < p; q++) w -= sy[order[q], order[p]] * u[q];
                u[p] = w / sy[order[p], order[p]];
            }
            // d = −γ g − S u + γ Y t; the next search starts from here: x and g become xp and gp by swapping the
            // arrays, not copying them (two of the optimiser's ~14 passes over 5 M-element vectors per iteration).
            for (int p = 0; p < stored; p++)
            {
                coefficientS[p] = -u[p];
                coefficientY[p] = gamma * t[p];
            }
            int count = stored;
            ForBlocks(n, (lo, hi) =>
            {
                for (int i = lo; i < hi; i++) d[i] = -gamma * g[i];
                for (int p = 0; p < count; p++)
                {
                    var (sp, yp) = history[order[p]];
                    sp.AddScaledTo(coefficientS[p], d, lo, hi);
                    yp.AddScaledTo(coefficientY[p], d, lo, hi);
                }
                // The next search's g · d while the block is in cache (BlockedDot's blocks and order: the same value).
                slope[lo / BlockLength] = Dot(g.AsSpan(lo, hi - lo), d.AsSpan(lo, hi - lo));
            });
            startSlope = 0;
            foreach (double v in slope) startSlope += v;
            (x, xp) = (xp, x);
            (g, gp) = (gp, g);
            step = 1.0;
        }

        // The caller's array holds the result whichever buffer the last swap left it in.
        LbfgsResult Finish(LbfgsResult result)
        {
            if (!ReferenceEquals(x, caller)) Array.Copy(x, caller, n);
            return result;
        }
    }

    // Runs body over [lo, hi) blocks of BlockLength, in parallel.
    private static void ForBlocks(int n, Action<int, int> body)
    {
        int blocks = (n + BlockLength - 1) / BlockLength;
        if (blocks <= 2)
        {
            for (int block = 0; block < blocks; block++) body(block * BlockLength, Math.Min(n, (block + 1) * BlockLength));
            return;
        }
        Parallel.For(0, blocks, block => body(block * BlockLength, Math.Min(n, (block + 1) * BlockLength)));
    }

    private readonly record struct SearchOutcome(bool Success, int Evaluations, double StartValue);

    // Moré–Thuente: finds step with sufficient decrease and |g(x+step d)·d| <= gtol |g(x)·d|.
    private SearchOutcome LineSearch(Objective objective, double[] x, ref double f, double[] g, double[] d,
        ref double step, double[] xp, double dginit)
    {
        // The search starts from xp, where the gradient's slope along d is dginit; x and g are its trial point and gradient.
        double finit = f;
        if (dginit > 0) return new SearchOutcome(false, 0, finit);
        if (step <= 0) return new SearchOutcome(false, 0, finit);

        bool brackt = false, stage1 = true, failedUpdate = false;
        double dgtest = Ftol * dginit;
        double width = MaxStep - MinStep, prevWidth = 2.0 * width;
        double stx = 0, fx = finit, dgx = dginit;
        double sty = 0, fy = finit, dgy = dginit;
        int count = 0;
        int n = x.Length;
        while (true)
        {
            double stmin, stmax;
            if (brackt)
            {
                stmin = Math.Min(stx, sty);
                stmax = Math.Max(stx, sty);
            }
            else
            {
                stmin = stx;
                stmax = step + 4.0 * (step - stx);
            }
            step = Math.Clamp(step, MinStep, MaxStep);
            if ((brackt && (step <= stmin || stmax <= step || failedUpdate)) ||
                (brackt && stmax - stmin <= Xtol * stmax))
                step = stx;

            double trial = step;
            ForBlocks(n, (lo, hi) =>
            {
                for (int i = lo; i < hi; i++) x[i] = xp[i] + trial * d[i];
            });
            f = objective(x, g);
            double dg = BlockedDot(g, d);
            double ftest1 = finit + step * dgtest;
            count++;

            if (double.IsNaN(f) || double.IsInfinity(f)) return new SearchOutcome(false, count, finit);
            if (brackt && (step <= stmin || stmax <= step || failedUpdate)) return new SearchOutcome(false, count, finit);
            if (step == MaxStep && f <= ftest1 && dg <= dgtest) return new SearchOutcome(false, count, finit);
            if (step == MinStep && (ftest1 < f || dgtest <= dg)) return new SearchOutcome(false, count, finit);
            if (brackt && stmax - stmin <= Xtol * stmax) return new SearchOutcome(false, count, finit);
            if (count >= MaxLineSearch) return new SearchOutcome(false, count, finit);
            if (f <= ftest1 && Math.Abs(dg) <= Gtol * -dginit) return new SearchOutcome(true, count, finit);

            if (stage1 && f <= ftest1 && Math.Min(Ftol, Gtol) * dginit <= dg) stage1 = false;

            if (stage1 && ftest1 < f && f <= fx)
            {
                // Modified function (f - step·dgtest) until a step with sufficient decrease is bracketed.
                double fm = f - step * dgtest, fxm = fx - stx * dgtest, fym = fy - sty * dgtest;
                double dgm = dg - dgtest, dgxm = dgx - dgtest, dgym = dgy - dgtest;
                failedUpdate = !TrialStep.Update(ref stx, ref fxm, ref dgxm, ref sty, ref fym, ref dgym,
                    ref step, fm, dgm, stmin, stmax, ref brackt);
                fx = fxm + stx * dgtest;
                fy = fym + sty * dgtest;
                dgx = dgxm + dgtest;
                dgy = dgym + dgtest;
            }
            else
            {
                failedUpdate = !TrialStep.Update(ref stx, ref fx, ref dgx, ref sty, ref fy, ref dgy,
                    ref step, f, dg, stmin, stmax, ref brackt);
            }

            if (brackt)
            {
                if (0.66 * prevWidth <= Math.Abs(sty - stx)) step = stx + 0.5 * (sty - stx);
                prevWidth = width;
                width = Math.Abs(sty - stx);
            }
        }
    }

    // One history vector, float64 or float32 (float32: 16 at a time, widened to float64 for the arithmetic);
    // every operation works on one block [lo, hi).
    private sealed class History(int n, bool single)
    {
        private readonly double[]? _d = single ? null : new double[n];
        private readonly float[]? _f = single ? new float[n] : null;

        public void SetDifference(double[] a, double[] b, int lo, int hi)
        {
            if (_d is not null)
            {
                System.Numerics.Tensors.TensorPrimitives.Subtract(a.AsSpan(lo, hi - lo), b.AsSpan(lo, hi - lo), _d.AsSpan(lo, hi - lo));
                return;
            }
            var f = _f!;
            int i = lo;
            for (; i + 16 <= hi; i += 16)
            {
                var low = Vector512.LoadUnsafe(ref a[i]) - Vector512.LoadUnsafe(ref b[i]);
                var high = Vector512.LoadUnsafe(ref a[i + 8]) - Vector512.LoadUnsafe(ref b[i + 8]);
                Vector512.Narrow(low, high).StoreUnsafe(ref f[i]);
            }
            for (; i < hi; i++) f[i] = (float)(a[i] - b[i]);
        }

        public double Dot(History other, int lo, int hi)
        {
            if (_d is not null) return Lbfgs.Dot(_d.AsSpan(lo, hi - lo), other._d.AsSpan(lo, hi - lo));
            float[] a = _f!, b = other._f!;
            var acc = Vector512<double>.Zero;
            int i = lo;
            for (; i + 16 <= hi; i += 16)
            {
                var (alo, ahi) = Vector512.Widen(Vector512.LoadUnsafe(ref a[i]));
                var (blo, bhi) = Vector512.Widen(Vector512.LoadUnsafe(ref b[i]));
                acc += alo * blo + ahi * bhi;
            }
            double sum = Vector512.Sum(acc);
            for (; i < hi; i++) sum += (double)a[i] * b[i];
            return sum;
        }

        public double Dot(double[] v, int lo, int hi)
        {
            if (_d is not null) return Lbfgs.Dot(_d.AsSpan(lo, hi - lo), v.AsSpan(lo, hi - lo));
            var a = _f!;
            var acc = Vector512<double>.Zero;
            int i = lo;
            for (; i + 16 <= hi; i += 16)
            {
                var (low, high) = Vector512.Widen(Vector512.LoadUnsafe(ref a[i]));
                acc += low * Vector512.LoadUnsafe(ref v[i]) + high * Vector512.LoadUnsafe(ref v[i + 8]);
            }
            double sum = Vector512.Sum(acc);
            for (; i < hi; i++) sum += a[i] * v[i];
            return sum;
        }

        // target += alpha · this.
        public void AddScaledTo(double alpha, double[] target, int lo, int hi)
        {
            if (_d is not null)
            {
                var y = target.AsSpan(lo, hi - lo);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_d.AsSpan(lo, hi - lo), alpha, y, y);
                return;
            }
            var f = _f!;
            var scale = Vector512.Create(alpha);
            int i = lo;
            for (; i + 16 <= hi; i += 16)
            {
                var (low, high) = Vector512.Widen(Vector512.LoadUnsafe(ref f[i]));
                (Vector512.LoadUnsafe(ref target[i]) + scale * low).StoreUnsafe(ref target[i]);
                (Vector512.LoadUnsafe(ref target[i + 8]) + scale * high).StoreUnsafe(ref target[i + 8]);
            }
            for (; i < hi; i++) target[i] += alpha * f[i];
        }
    }

    // a · b over blocks in parallel, the block sums added in order (the same value on any number of cores).
    private static double BlockedDot(double[] a, double[] b)
    {
        int blocks = (a.Length + BlockLength - 1) / BlockLength;
        var sums = new double[blocks];
        ForBlocks(a.Length, (lo, hi) => sums[lo / BlockLength] = Dot(a.AsSpan(lo, hi - lo), b.AsSpan(lo, hi - lo)));
        double total = 0;
        foreach (double v in sums) total += v;
        return total;
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) =>
        System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static double Norm(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));
}
