using System.Runtime.Intrinsics;

namespace Pg2.Models.Evmutation.Reference;

/// <summary>
/// The first L-BFGS, kept unchanged (two-loop recursion, one pass per history vector and step) as the reference
/// the blocked compact form in <see cref="Lbfgs"/> must follow (tests: the same iterates on a quadratic;
/// bench/Evmutation <c>optimiser</c>: old vs new side by side).
/// Limited-memory BFGS with the Moré–Thuente line search, following liblbfgs as bundled with plmc:
/// memory 6, stop when ‖g‖/max(1, ‖x‖) ≤ ε (1e-3), first step 1/‖g‖ then 1, line search
/// ftol 1e-4, gtol 0.9, at most 40 evaluations, x tolerance 1e-16, steps within [1e-20, 1e20].
/// </summary>
internal sealed class ReferenceLbfgs
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

    /// <summary>Called after each iteration with (iteration, f, ‖g‖/max(1,‖x‖), evaluations so far).</summary>
    public Action<int, double, double, int>? Progress { get; init; }

    /// <summary>Minimises <paramref name="objective"/> from <paramref name="x"/> in place.</summary>
    public LbfgsResult Minimize(Objective objective, double[] x)
    {
        int n = x.Length;
        var g = new double[n];
        var xp = new double[n];
        var gp = new double[n];
        var d = new double[n];
        var s = new History[Memory];
        var y = new History[Memory];
        var rho = new double[Memory];
        var alpha = new double[Memory];
        int evaluations = 1;
        double f = objective(x, g);

        double xnorm = Math.Max(Norm(x), 1.0);
        if (Norm(g) / xnorm <= Epsilon) return new LbfgsResult(LbfgsStatus.Converged, 0, evaluations, f);

        for (int i = 0; i < n; i++) d[i] = -g[i];
        double step = 1.0 / Norm(d);
        int stored = 0, newest = -1;
        for (int k = 1; ; k++)
        {
            Array.Copy(x, xp, n);
            Array.Copy(g, gp, n);
            var search = LineSearch(objective, x, ref f, g, d, ref step, xp);
            evaluations += search.Evaluations;
            if (!search.Success)
            {
                // liblbfgs hands back the point before the failed search.
                Array.Copy(xp, x, n);
                Array.Copy(gp, g, n);
                f = search.StartValue;
                return new LbfgsResult(LbfgsStatus.LineSearchFailed, k - 1, evaluations, f);
            }
            xnorm = Math.Max(Norm(x), 1.0);
            double ratio = Norm(g) / xnorm;
            Progress?.Invoke(k, f, ratio, evaluations);
            if (ratio <= Epsilon) return new LbfgsResult(LbfgsStatus.Converged, k, evaluations, f);
            if (MaxIterations != 0 && MaxIterations < k + 1)
                return new LbfgsResult(LbfgsStatus.MaximumIterations, k, evaluations, f);

            newest = (newest + 1) % Memory;
            var sk = s[newest] ??= new History(n, SingleHistory);
            var yk = y[newest] ??= new History(n, SingleHistory);
            sk.SetDifference(x, xp);
            yk.SetDifference(g, gp);
            // ys and yy from the stored vectors, so the recursion sees one consistent history.
            double ys = yk.Dot(sk), yy = yk.Dot(yk);
            rho[newest] = 1.0 / ys;
            stored = Math.Min(stored + 1, Memory);

            // Two-loop recursion: d = -H g.
            for (int i = 0; i < n; i++) d[i] = -g[i];
            int j = newest;
            for (int c = 0; c < stored; c++)
            {
                alpha[j] = rho[j] * s[j].Dot(d);
                y[j].AddScaledTo(-alpha[j], d);
                j = (j - 1 + Memory) % Memory;
            }
            Scale(d, ys / yy);
            for (int c = 0; c < stored; c++)
            {
                j = (j + 1) % Memory;
                double beta = rho[j] * y[j].Dot(d);
                s[j].AddScaledTo(alpha[j] - beta, d);
            }
            step = 1.0;
        }
    }

    private readonly record struct SearchOutcome(bool Success, int Evaluations, double StartValue);

    // Moré–Thuente: finds step with sufficient decrease and |g(x+step d)·d| <= gtol |g(x)·d|.
    private SearchOutcome LineSearch(Objective objective, double[] x, ref double f, double[] g, double[] d,
        ref double step, double[] xp)
    {
        double finit = f;
        double dginit = Dot(g, d);
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

            for (int i = 0; i < n; i++) x[i] = xp[i] + step * d[i];
            f = objective(x, g);
            double dg = Dot(g, d);
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

    // One history vector, float64 or float32 (float32: 16 at a time, widened to float64 for the arithmetic).
    private sealed class History(int n, bool single)
    {
        private readonly double[]? _d = single ? null : new double[n];
        private readonly float[]? _f = single ? new float[n] : null;

        public void SetDifference(double[] a, double[] b)
        {
            if (_d is not null)
            {
                System.Numerics.Tensors.TensorPrimitives.Subtract(a, b, _d);
                return;
            }
            var f = _f!;
            int i = 0;
            for (; i + 16 <= f.Length; i += 16)
            {
                var lo = Vector512.LoadUnsafe(ref a[i]) - Vector512.LoadUnsafe(ref b[i]);
                var hi = Vector512.LoadUnsafe(ref a[i + 8]) - Vector512.LoadUnsafe(ref b[i + 8]);
                Vector512.Narrow(lo, hi).StoreUnsafe(ref f[i]);
            }
            for (; i < f.Length; i++) f[i] = (float)(a[i] - b[i]);
        }

        public double Dot(History other)
        {
            if (_d is not null) return ReferenceLbfgs.Dot(_d, other._d!);
            float[] a = _f!, b = other._f!;
            var acc = Vector512<double>.Zero;
            int i = 0;
            for (; i + 16 <= a.Length; i += 16)
            {
                var (alo, ahi) = Vector512.Widen(Vector512.LoadUnsafe(ref a[i]));
                var (blo, bhi) = Vector512.Widen(Vector512.LoadUnsafe(ref b[i]));
                acc += alo * blo + ahi * bhi;
            }
            double sum = Vector512.Sum(acc);
            for (; i < a.Length; i++) sum += (double)a[i] * b[i];
            return sum;
        }

        public double Dot(double[] v)
        {
            if (_d is not null) return ReferenceLbfgs.Dot(_d, v);
            var a = _f!;
            var acc = Vector512<double>.Zero;
            int i = 0;
            for (; i + 16 <= a.Length; i += 16)
            {
                var (lo, hi) = Vector512.Widen(Vector512.LoadUnsafe(ref a[i]));
                acc += lo * Vector512.LoadUnsafe(ref v[i]) + hi * Vector512.LoadUnsafe(ref v[i + 8]);
            }
            double sum = Vector512.Sum(acc);
            for (; i < a.Length; i++) sum += a[i] * v[i];
            return sum;
        }

        // target += alpha · this.
        public void AddScaledTo(double alpha, double[] target)
        {
            if (_d is not null)
            {
                Axpy(alpha, _d, target);
                return;
            }
            var f = _f!;
            var scale = Vector512.Create(alpha);
            int i = 0;
            for (; i + 16 <= f.Length; i += 16)
            {
                var (lo, hi) = Vector512.Widen(Vector512.LoadUnsafe(ref f[i]));
                (Vector512.LoadUnsafe(ref target[i]) + scale * lo).StoreUnsafe(ref target[i]);
                (Vector512.LoadUnsafe(ref target[i + 8]) + scale * hi).StoreUnsafe(ref target[i + 8]);
            }
            for (; i < f.Length; i++) target[i] += alpha * f[i];
        }
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) =>
        System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static double Norm(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));

    private static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y) =>
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(x, alpha, y, y);

    private static void Scale(Span<double> a, double factor) =>
        System.Numerics.Tensors.TensorPrimitives.Multiply(a, factor, a);
}
