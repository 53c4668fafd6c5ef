using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Pg2.Datasets;
using Pg2.Datasets.Alignments;
using Pg2.Contracts;

namespace Pg2.Models.Evmutation;

/// <summary>How the objective stores couplings while it evaluates.</summary>
internal enum PottsPrecision
{
    /// <summary>float64 everywhere: the reference (equal to the first implementation to 1e-10).</summary>
    Double,
    /// <summary>
    /// float32 copies of the couplings and of the per-site gradient blocks and float32 L-BFGS history,
    /// accumulated in float64 (sums over at most <see cref="PseudoLikelihood.ChunkSequences"/> sequences in
    /// float32, then float64): half the memory and about twice the speed; scores equal the double fit's
    /// to per-variant Pearson ≥ 0.9999 (tests and bench/).
    /// </summary>
    Single,
}

/// <summary>
/// plmc's penalised negative log pseudo-likelihood with <c>-g</c>: for every sequence s and every site i
/// where s has a residue, −w_s · log P(s_i | s_\i) with local fields h_i(a) + Σ_{j≠i, s_j no gap} J_ij(a, s_j)
/// over the 20 residues; plus λ_h Σ h² + λ_J Σ J² (gradient 2λx).
/// <para>Identical sequences (on the focus sites) are merged first, their weights summed: same objective,
/// less work. Evaluation runs site by site in parallel. Each site reads and writes only its own block of
/// a full, both-ways copy of the couplings laid out <c>[j][s_j][a]</c>, so the 20 states of one neighbour
/// are contiguous (one 512-bit vector of floats plus four, or two and a half of doubles) and the block
/// stays in cache while all sequences stream past. The data term of the gradient rides along: each
/// sequence adds w_s (P_i(· | s) − 1[s_i = ·]) to its neighbours' rows, so there are no separate count
/// tables and every coupling's gradient is touched once per sequence.</para>
/// </summary>
internal sealed class PseudoLikelihood
{
    private const int Q = PottsLayout.Q;
    private const int QQ = PottsLayout.QQ;

    /// <summary>
    /// Sequences whose gradient rows are summed in float32 before the float64 accumulator takes the sum (single
    /// precision). Each row gets one float32 sum per run of equal state per block of 256, so a row adds at most 16
    /// of them: its gradient is as close to double's as with 512 (7e-8 of ‖g‖ on DHFR) and the flush is rarer.
    /// </summary>
    public const int ChunkSequences = 4096;

    private readonly int _sites;
    private readonly int _sequences;
    private readonly byte[] _states;          // merged N × L, 0 gap, 1..20 residues
    private readonly double[] _weights;       // summed over merged copies
    private readonly ushort[] _byState = [];    // single: per block and neighbour, the block's sequences ordered by their state there
    private readonly int[] _runFirst = [];    // single: per block and neighbour, its first run in _runs
    private readonly int[] _runs = [];        // single: runs of equal state in _byState: state << 20 | start << 10 | length
    private readonly byte[] _implied = [];    // single: per neighbour, its most common state (see OrderByState, ExpandSingle)
    private readonly int[] _sparseRows = [];  // single: each sequence's rows where it differs from _implied, per span of neighbours
    private readonly int[] _sparseStart = []; // single: where sequence s's rows in span c start: [s · spans + c]
    private readonly long _block;             // elements of one both-ways copy: L·L·q·row
    private readonly int _baseD, _gradBaseD; // first element on a 64-byte boundary

    /// <summary>Floats per coupling row in single precision: 20 used, padded to 24 (96 bytes) so no load straddles a line.</summary>
    private const int RowF = 24;
    private readonly double[] _fullD = [];    // double: couplings seen from each site, [i][j][b][a]
    private readonly double[] _gradD = [];    // double: Σ_s w_s (P_i(a|s) − [s_i=a]) [s_j=b], same layout
    private readonly float[] _gradF = [];
    private readonly bool _directDouble;      // double: energies from scratch per sequence (see SiteTermsDouble)
    private readonly int[] _offsets = [], _rowStart = []; // double, direct: each sequence's residue rows
    private readonly double[] _fieldGradient; // Σ_s w_s (P_i(a|s) − [s_i = a])
    private readonly double[] _siteValue;
    private readonly double[] _sitePenalty;
    private readonly ConcurrentBag<SiteScratch> _scratch = [];
    private double[] _x = [];
    private int _sitesDone;
    private readonly long[] _kernelTicks = new long[5]; // Stopwatch ticks, see KernelTime

    /// <summary>Prepares the objective for an encoded alignment and its weights.</summary>
    /// <param name="alignment">The encoded alignment.</param>
    /// <param name="weights">Its sequence weights.</param>
    /// <param name="lambdaH">L2 strength on fields.</param>
    /// <param name="lambdaJ">L2 strength on couplings.</param>
    /// <param name="precision">Storage precision.</param>
    /// <param name="directDouble">Double precision: energies from scratch per sequence (true) or updated from the
    /// previous sequence's (false); null chooses by the alignment (<see cref="DifferingShare"/> ≥ 1/3: direct).</param>
    public PseudoLikelihood(EncodedAlignment alignment, SequenceWeights weights, double lambdaH, double lambdaJ,
        PottsPrecision precision = PottsPrecision.Double, bool? directDouble = null)
    {
        _sites = alignment.SiteCount;
        if (_sites * Q > ushort.MaxValue)
            throw new InvalidInputException($"alignment has {_sites} focus sites: at most {ushort.MaxValue / Q} fit in a Potts model here");
        Layout = new PottsLayout(_sites);
        LambdaH = lambdaH;
        LambdaJ = lambdaJ;
        Precision = precision;
        (_states, _weights) = Merge(alignment, weights.Values);
        _sequences = _weights.Length;

        if (precision == PottsPrecision.Double)
        {
            _block = (long)_sites * _sites * QQ;
            (_fullD, _baseD) = AllocateAligned<double>(_block);
            (_gradD, _gradBaseD) = AllocateAligned<double>(_block);
            _directDouble = directDouble ?? DifferingShare(_states, _sequences, _sites) >= 1.0 / 3;
            if (_directDouble) (_offsets, _rowStart) = ResidueRows(_states, _sequences, _sites);
        }
        else
        {
            _implied = MostCommonStates(_states, _sequences, _sites);
            (_byState, _runFirst, _runs) = OrderByState(_states, _sequences, _sites, _implied);
            (_sparseRows, _sparseStart) = SparseRows(_states, _sequences, _sites, _implied);
            _gradF = GC.AllocateUninitializedArray<float>(checked((int)((long)_sites * _sites * QQ)));
        }
        _fieldGradient = new double[_sites * Q];
        _siteValue = new double[_sites];
        _sitePenalty = new double[_sites];
    }

    /// <summary>The parameter layout.</summary>
    public PottsLayout Layout { get; }

    /// <summary>L2 strength on fields.</summary>
    public double LambdaH { get; }

    /// <summary>L2 strength on couplings.</summary>
    public double LambdaJ { get; }

    /// <summary>Storage precision.</summary>
    public PottsPrecision Precision { get; }

    /// <summary>Double precision: whether each sequence's energies are computed from scratch (see SiteTermsDouble).</summary>
    public bool DirectDouble => _directDouble;

    /// <summary>Distinct sequences on the focus sites (identical ones merged).</summary>
    public int DistinctSequences => _sequences;

    /// <summary>Number of evaluations so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>Share of the sites the running evaluation has done (for progress lines).</summary>
    public double EvaluationShare => Volatile.Read(ref _sitesDone) / (double)_sites;

    /// <summary>Time in the three passes so far (profile: copying couplings per site, the sequence terms, assembling the gradient).</summary>
    public TimeSpan ExpandTime { get; private set; }

    /// <inheritdoc cref="ExpandTime"/>
    public TimeSpan TermsTime { get; private set; }

    /// <inheritdoc cref="ExpandTime"/>
    public TimeSpan AssembleTime { get; private set; }

    /// <summary>
    /// Single precision: thread time in the site kernel's passes so far, summed over threads (profile: copying the
    /// site's couplings, summing the energies, the probabilities, adding the residuals to the gradient rows, the
    /// float64 flushes).
    /// </summary>
    public (TimeSpan Copy, TimeSpan Gather, TimeSpan Probabilities, TimeSpan Scatter, TimeSpan Flush) KernelTime =>
        (Seconds(4), Seconds(0), Seconds(1), Seconds(2), Seconds(3));

    private TimeSpan Seconds(int pass) => TimeSpan.FromSeconds(Volatile.Read(ref _kernelTicks[pass]) / (double)System.Diagnostics.Stopwatch.Frequency);

    /// <summary>Negative log pseudo-likelihood (without penalty) at the last evaluation.</summary>
    public double LastNegativeLogLikelihood { get; private set; }

    /// <summary>Objective value at <paramref name="x"/>; the gradient goes to <paramref name="gradient"/>.</summary>
    public double Evaluate(double[] x, double[] gradient)
    {
        if (x.Length != Layout.ParameterCount || gradient.Length != x.Length)
            throw new ArgumentException($"expected {Layout.ParameterCount} parameters");
        Evaluations++;
        _x = x;
        Volatile.Write(ref _sitesDone, 0);
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        if (Precision == PottsPrecision.Double) Parallel.For(0, _sites, i => Expand(_fullD, _baseD, Q, i)); // single: per site, in its kernel
        long t1 = System.Diagnostics.Stopwatch.GetTimestamp();
        if (Precision == PottsPrecision.Double) Parallel.For(0, _sites, SiteTermsDouble);
        else Parallel.For(0, _sites, SiteTermsSingle);
        long t2 = System.Diagnostics.Stopwatch.GetTimestamp();
        if (Precision == PottsPrecision.Double) Parallel.For(0, _sites, i => AssembleDouble(gradient, i));
        else Parallel.For(0, _sites, i => AssembleSingle(gradient, i));
        long t3 = System.Diagnostics.Stopwatch.GetTimestamp();
        ExpandTime += System.Diagnostics.Stopwatch.GetElapsedTime(t0, t1);
        TermsTime += System.Diagnostics.Stopwatch.GetElapsedTime(t1, t2);
        AssembleTime += System.Diagnostics.Stopwatch.GetElapsedTime(t2, t3);
        _x = [];

        double negLogLk = 0, fx;
        for (int i = 0; i < _sites; i++) negLogLk += _siteValue[i];
        LastNegativeLogLikelihood = negLogLk;
        fx = negLogLk;
        for (int i = 0; i < _sites; i++) fx += _sitePenalty[i];
        return fx;
    }

    // A pinned array whose element at the returned index sits on a 64-byte boundary, so that rows whose
    // length is a multiple of 32 bytes never straddle a cache line with 32-byte loads.
    private static (T[] Array, int Start) AllocateAligned<T>(long length) where T : unmanaged
    {
        int perLine = 64 / Unsafe.SizeOf<T>();
        var array = GC.AllocateUninitializedArray<T>(checked((int)(length + perLine)), pinned: true);
        long address = Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        int start = (int)((64 - address % 64) % 64 / Unsafe.SizeOf<T>());
        return (array, start);
    }

    /// <summary>Rows equal on every focus site become one, weighted by the sum of their weights (first-seen order).</summary>
    internal static (byte[] States, double[] Weights) Merge(EncodedAlignment alignment, ReadOnlySpan<double> weights)
    {
        int n = alignment.SequenceCount, length = alignment.SiteCount;
        var states = alignment.States;
        var firstOf = new Dictionary<int, List<int>>(n);
        var kept = new List<int>(n);
        var merged = new List<double>(n);
        for (int s = 0; s < n; s++)
        {
            var row = states.Slice(s * length, length);
            var hasher = new HashCode();
            hasher.AddBytes(row);
            int hash = hasher.ToHashCode();
            if (!firstOf.TryGetValue(hash, out var candidates)) firstOf[hash] = candidates = [];
            int found = -1;
            foreach (int c in candidates)
                if (states.Slice(kept[c] * length, length).SequenceEqual(row)) { found = c; break; }
            if (found >= 0) merged[found] += weights[s];
            else
            {
                candidates.Add(kept.Count);
                kept.Add(s);
                merged.Add(weights[s]);
            }
        }
        // Sorted rows: neighbours in the order share most sites, which the float64 kernel's updates exploit.
        var order = Enumerable.Range(0, kept.Count).ToArray();
        var source = alignment;
        Array.Sort(order, (u, v) => source.Row(kept[u]).SequenceCompareTo(source.Row(kept[v])));
        var result = new byte[(long)kept.Count * length];
        var summed = new double[kept.Count];
        for (int r = 0; r < kept.Count; r++)
        {
            states.Slice(kept[order[r]] * length, length).CopyTo(result.AsSpan(r * length, length));
            summed[r] = merged[order[r]];
        }
        return (result, summed);
    }

    // Site i's view of the couplings: full[i][j][b][a] = J_ij(a, b) (rows of `row` elements, 20 used); full[i][i] is zero.
    private void Expand<T>(T[] full, int origin, int row, int i) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        var x = _x;
        int block = Q * row;
        long start = origin + (long)i * _sites * block;
        full.AsSpan((int)(start + (long)i * block), block).Clear();
        for (int j = 0; j < _sites; j++)
        {
            if (j == i) continue;
            var target = full.AsSpan((int)(start + (long)j * block), block);
            if (i > j)
            {
                // Pair (j, i) stores J_ji(b, a) at b·q + a: already [b][a].
                var source = x.AsSpan((int)Layout.PairOffset(j, i), QQ);
                for (int b = 0; b < Q; b++)
                    for (int a = 0; a < Q; a++) target[b * row + a] = T.CreateTruncating(source[b * Q + a]);
            }
            else
            {
                var source = x.AsSpan((int)Layout.PairOffset(i, j), QQ);
                for (int a = 0; a < Q; a++)
                    for (int b = 0; b < Q; b++)
                        target[b * row + a] = T.CreateTruncating(source[a * Q + b]);
            }
        }
    }

    // Site i's view in single precision, into the worker's rows, relative to each neighbour's most common state c_j:
    // site[j][b][a] = J_ij(a, b) − J_ij(a, c_j) (b = 0: a gap, J = 0; the difference taken in float64), so a
    // sequence's energies are the consensus energies Σ_j J_ij(·, c_j), returned in `consensus`, plus its rows where
    // it differs from c_j (about half of them). The padding and floats 20..23 stay zero from the allocation; j = i
    // is cleared (the worker's last site wrote it).
    private void ExpandSingle(int i, Span<float> site, Span<float> consensus)
    {
        var x = _x;
        int perSite = RowsPerSite * RowF;
        site.Slice(i * perSite, perSite).Clear();
        Span<double> sum = stackalloc double[Q];
        sum.Clear();
        Span<double> common = stackalloc double[Q];
        for (int j = 0; j < _sites; j++)
        {
            if (j == i) continue;
            var rows = site.Slice(j * perSite, perSite);
            var source = x.AsSpan((int)Layout.PairOffset(Math.Min(i, j), Math.Max(i, j)), QQ);
            int c = _implied[j] - 1; // −1: a gap, whose J is 0
            if (i > j)
            {
                // Pair (j, i) stores J_ji(b, a) at b·q + a: already [b][a], a row at a time (vectorised).
                if (c >= 0) source.Slice(c * Q, Q).CopyTo(common);
                else common.Clear();
                ref double first = ref MemoryMarshal.GetReference(common);
                var c0 = Vector256.LoadUnsafe(ref first, 0);
                var c1 = Vector256.LoadUnsafe(ref first, 4);
                var c2 = Vector256.LoadUnsafe(ref first, 8);
                var c3 = Vector256.LoadUnsafe(ref first, 12);
                var c4 = Vector256.LoadUnsafe(ref first, 16);
                for (int b = 0; b < Q; b++)
                {
                    ref double r = ref MemoryMarshal.GetReference(source.Slice(b * Q, Q));
                    ref float t = ref rows[(b + 1) * RowF];
                    Vector256.Narrow(Vector256.LoadUnsafe(ref r, 0) - c0, Vector256.LoadUnsafe(ref r, 4) - c1).StoreUnsafe(ref t, 0);
                    Vector256.Narrow(Vector256.LoadUnsafe(ref r, 8) - c2, Vector256.LoadUnsafe(ref r, 12) - c3).StoreUnsafe(ref t, 8);
                    var d4 = Vector256.LoadUnsafe(ref r, 16) - c4;
                    Vector128.Narrow(d4.GetLower(), d4.GetUpper()).StoreUnsafe(ref t, 16);
                }
            }
            else
            {
                for (int a = 0; a < Q; a++)
                {
                    double shift = c >= 0 ? source[a * Q + c] : 0;
                    common[a] = shift;
                    for (int b = 0; b < Q; b++) rows[(b + 1) * RowF + a] = (float)(source[a * Q + b] - shift);
                }
            }
            // Row 0 (a gap) is −J_ij(·, c_j): zero where the common state is a gap.
            for (int a = 0; a < Q; a++)
            {
                rows[a] = (float)-common[a];
                sum[a] += common[a];
            }
        }
        for (int a = 0; a < Q; a++) consensus[a] = (float)sum[a];
    }

    /// <summary>Neighbours per span of the sparse energies: a span's rows (256 · 21 · 96 B = 516 KB) stay in L2 while a block streams past.</summary>
    private const int SpanSites = 256;

    // Each sequence's rows (j · 21 + s_j) · RowF where s_j is not neighbour j's most common state, span by span.
    private static (int[] Rows, int[] Start) SparseRows(byte[] states, int sequences, int stride, byte[] implied)
    {
        int spans = (stride + SpanSites - 1) / SpanSites;
        var start = new int[sequences * spans + 1];
        int total = 0;
        for (int s = 0; s < sequences; s++)
            for (int j = 0; j < stride; j++) if (states[(long)s * stride + j] != implied[j]) total++;
        var rows = new int[total];
        int at = 0;
        for (int s = 0; s < sequences; s++)
            for (int c = 0; c < spans; c++)
            {
                start[s * spans + c] = at;
                for (int j = c * SpanSites; j < Math.Min(stride, (c + 1) * SpanSites); j++)
                {
                    int b = states[(long)s * stride + j];
                    if (b != implied[j]) rows[at++] = (j * RowsPerSite + b) * RowF;
                }
            }
        start[^1] = at;
        return (rows, start);
    }

    // Conditional likelihood terms of site i over all sequences with a residue there, float64.
    // Per-worker running starts of one site's neighbour runs (float64, L·q).
    private readonly ConcurrentBag<double[]> _runStarts = [];

    // Each sequence's residues as row offsets (j·q + b)·q into a site's block, sequence s's from rowStart[s] to rowStart[s + 1].
    private static (int[] Offsets, int[] RowStart) ResidueRows(byte[] states, int sequences, int sites)
    {
        var rowStart = new int[sequences + 1];
        var offsets = new List<int>(sequences * sites);
        for (int s = 0; s < sequences; s++)
        {
            for (int j = 0; j < sites; j++)
            {
                int b = states[(long)s * sites + j] - 1;
                if (b >= 0) offsets.Add((j * Q + b) * Q);
            }
            rowStart[s + 1] = offsets.Count;
        }
        return (offsets.ToArray(), rowStart);
    }

    /// <summary>Share of sites where a merged row differs from the one before it (sorted rows).</summary>
    internal static double DifferingShare(byte[] states, int sequences, int sites)
    {
        long differing = 0;
        for (int s = 1; s < sequences; s++)
        {
            var row = states.AsSpan(s * sites, sites);
            var before = states.AsSpan((s - 1) * sites, sites);
            for (int j = 0; j < sites; j++) if (row[j] != before[j]) differing++;
        }
        return sequences < 2 ? 0 : differing / ((double)(sequences - 1) * sites);
    }

    /// <summary>Sequences after which the double kernel recomputes the energies from scratch (bounds the drift of the updates).</summary>
    private const int RefreshEvery = 256;

    // Site i in float64, incrementally: sequences come sorted, so one differs from the previous kept one at
    // few sites (where a third or more differ, as in diverse alignments, `direct`: each sequence's energies from
    // scratch and its residual added to each neighbour's row, which is then cheaper). The energies are updated by the rows that changed (minus the old state's, plus the new's);
    // the gradient uses runs: G_i[j][b] = Σ over each run of equal s_j = b of R(s), R = w (P − 1[s_i]),
    // = the running sum of R at the run's end minus at its start, added once per run instead of per sequence.
    private void SiteTermsDouble(int i)
    {
        bool direct = _directDouble;
        long blockStart = (long)i * _sites * QQ;
        _gradD.AsSpan((int)(_gradBaseD + blockStart), _sites * QQ).Clear();
        ref double coupling = ref _fullD[_baseD + blockStart];
        ref double grad = ref _gradD[_gradBaseD + blockStart];
        if (!_runStarts.TryTake(out var runStart) || runStart.Length != _sites * Q) runStart = new double[_sites * Q];
        Array.Clear(runStart);
        ref double runs = ref runStart[0];
        ref double field = ref _x[i * Q];
        var h0 = Vector256.LoadUnsafe(ref field, 0);
        var h1 = Vector256.LoadUnsafe(ref field, 4);
        var h2 = Vector256.LoadUnsafe(ref field, 8);
        var h3 = Vector256.LoadUnsafe(ref field, 12);
        var h4 = Vector256.LoadUnsafe(ref field, 16);
        // p = Σ R over the sequences so far (also the field gradient at the end).
        var p0 = Vector256<double>.Zero;
        var p1 = Vector256<double>.Zero;
        var p2 = Vector256<double>.Zero;
        var p3 = Vector256<double>.Zero;
        var p4 = Vector256<double>.Zero;
        Vector256<double> e0 = default, e1 = default, e2 = default, e3 = default, e4 = default;
        double value = 0;
        Span<double> energies = stackalloc double[Q];
        int previous = -1, sinceRefresh = 0;
        for (int s = 0; s < _sequences; s++)
        {
            int own = _states[(long)s * _sites + i] - 1;
            if (own < 0) continue;
            var row = _states.AsSpan((int)((long)s * _sites), _sites);
            if (direct)
            {
                // Every residue's row, from the precomputed list (no branch on gaps).
                e0 = h0; e1 = h1; e2 = h2; e3 = h3; e4 = h4;
                for (int k = _rowStart[s]; k < _rowStart[s + 1]; k++)
                {
                    ref double r = ref Unsafe.Add(ref coupling, _offsets[k]);
                    e0 += Vector256.LoadUnsafe(ref r, 0);
                    e1 += Vector256.LoadUnsafe(ref r, 4);
                    e2 += Vector256.LoadUnsafe(ref r, 8);
                    e3 += Vector256.LoadUnsafe(ref r, 12);
                    e4 += Vector256.LoadUnsafe(ref r, 16);
                }
            }
            else if (previous < 0 || ++sinceRefresh == RefreshEvery)
            {
                // From scratch: h + the rows of every residue.
                sinceRefresh = 0;
                e0 = h0; e1 = h1; e2 = h2; e3 = h3; e4 = h4;
                for (int j = 0; j < _sites; j++)
                {
                    int b = row[j] - 1;
                    if (b < 0) continue;
                    ref double r = ref Unsafe.Add(ref coupling, (j * Q + b) * Q);
                    e0 += Vector256.LoadUnsafe(ref r, 0);
                    e1 += Vector256.LoadUnsafe(ref r, 4);
                    e2 += Vector256.LoadUnsafe(ref r, 8);
                    e3 += Vector256.LoadUnsafe(ref r, 12);
                    e4 += Vector256.LoadUnsafe(ref r, 16);
                }
            }
            if (!direct && previous >= 0)
            {
                var before = _states.AsSpan((int)((long)previous * _sites), _sites);
                // The differing sites, 32 at a time from one vector compare (no branch per site).
                for (int chunk = 0; chunk < _sites; chunk += 32)
                {
                    uint differ = chunk + 32 <= _sites
                        ? ~Vector256.Equals(Vector256.Create(row.Slice(chunk, 32)), Vector256.Create(before.Slice(chunk, 32))).ExtractMostSignificantBits()
                        : TailDifferences(row[chunk..], before[chunk..]);
                  while (differ != 0)
                  {
                    int j = chunk + System.Numerics.BitOperations.TrailingZeroCount(differ);
                    differ &= differ - 1;
                    int next = row[j], old = before[j];
                    if (old != ProteinAlphabet.Gap)
                    {
                        // Column j's run of `old` ends here: its rows get Σ R over the run.
                        ref double target = ref Unsafe.Add(ref grad, (j * Q + old - 1) * Q);
                        ref double start = ref Unsafe.Add(ref runs, j * Q);
                        (Vector256.LoadUnsafe(ref target, 0) + p0 - Vector256.LoadUnsafe(ref start, 0)).StoreUnsafe(ref target, 0);
                        (Vector256.LoadUnsafe(ref target, 4) + p1 - Vector256.LoadUnsafe(ref start, 4)).StoreUnsafe(ref target, 4);
                        (Vector256.LoadUnsafe(ref target, 8) + p2 - Vector256.LoadUnsafe(ref start, 8)).StoreUnsafe(ref target, 8);
                        (Vector256.LoadUnsafe(ref target, 12) + p3 - Vector256.LoadUnsafe(ref start, 12)).StoreUnsafe(ref target, 12);
                        (Vector256.LoadUnsafe(ref target, 16) + p4 - Vector256.LoadUnsafe(ref start, 16)).StoreUnsafe(ref target, 16);
                        if (sinceRefresh != 0)
                        {
                            ref double r = ref Unsafe.Add(ref coupling, (j * Q + old - 1) * Q);
                            e0 -= Vector256.LoadUnsafe(ref r, 0);
                            e1 -= Vector256.LoadUnsafe(ref r, 4);
                            e2 -= Vector256.LoadUnsafe(ref r, 8);
                            e3 -= Vector256.LoadUnsafe(ref r, 12);
                            e4 -= Vector256.LoadUnsafe(ref r, 16);
                        }
                    }
                    if (next != ProteinAlphabet.Gap)
                    {
                        ref double start = ref Unsafe.Add(ref runs, j * Q);
                        p0.StoreUnsafe(ref start, 0);
                        p1.StoreUnsafe(ref start, 4);
                        p2.StoreUnsafe(ref start, 8);
                        p3.StoreUnsafe(ref start, 12);
                        p4.StoreUnsafe(ref start, 16);
                        if (sinceRefresh != 0)
                        {
                            ref double r = ref Unsafe.Add(ref coupling, (j * Q + next - 1) * Q);
                            e0 += Vector256.LoadUnsafe(ref r, 0);
                            e1 += Vector256.LoadUnsafe(ref r, 4);
                            e2 += Vector256.LoadUnsafe(ref r, 8);
                            e3 += Vector256.LoadUnsafe(ref r, 12);
                            e4 += Vector256.LoadUnsafe(ref r, 16);
                        }
                    }
                  }
                }
            }
            previous = s;
            e0.CopyTo(energies); e1.CopyTo(energies[4..]); e2.CopyTo(energies[8..]); e3.CopyTo(energies[12..]); e4.CopyTo(energies[16..]);
            double ownEnergy = energies[own];
            var m = Vector256.Max(Vector256.Max(Vector256.Max(e0, e1), Vector256.Max(e2, e3)), e4);
            double max = Math.Max(Math.Max(m[0], m[1]), Math.Max(m[2], m[3]));
            var shift = Vector256.Create(max);
            var x0 = Vector256.Exp(e0 - shift);
            var x1 = Vector256.Exp(e1 - shift);
            var x2 = Vector256.Exp(e2 - shift);
            var x3 = Vector256.Exp(e3 - shift);
            var x4 = Vector256.Exp(e4 - shift);
            double z = Vector256.Sum(x0 + x1 + x2 + x3 + x4);
            double w = _weights[s];
            value += w * (max + Math.Log(z) - ownEnergy);
            var scale = Vector256.Create(w / z);
            x0 *= scale; x1 *= scale; x2 *= scale; x3 *= scale; x4 *= scale;
            // The data term: − w at the observed state.
            switch (own >> 2)
            {
                case 0: x0 = x0.WithElement(own & 3, x0.GetElement(own & 3) - w); break;
                case 1: x1 = x1.WithElement(own & 3, x1.GetElement(own & 3) - w); break;
                case 2: x2 = x2.WithElement(own & 3, x2.GetElement(own & 3) - w); break;
                case 3: x3 = x3.WithElement(own & 3, x3.GetElement(own & 3) - w); break;
                default: x4 = x4.WithElement(own & 3, x4.GetElement(own & 3) - w); break;
            }
            p0 += x0; p1 += x1; p2 += x2; p3 += x3; p4 += x4;
            if (direct)
                for (int k = _rowStart[s]; k < _rowStart[s + 1]; k++)
                {
                    ref double target = ref Unsafe.Add(ref grad, _offsets[k]);
                    (Vector256.LoadUnsafe(ref target, 0) + x0).StoreUnsafe(ref target, 0);
                    (Vector256.LoadUnsafe(ref target, 4) + x1).StoreUnsafe(ref target, 4);
                    (Vector256.LoadUnsafe(ref target, 8) + x2).StoreUnsafe(ref target, 8);
                    (Vector256.LoadUnsafe(ref target, 12) + x3).StoreUnsafe(ref target, 12);
                    (Vector256.LoadUnsafe(ref target, 16) + x4).StoreUnsafe(ref target, 16);
                }
        }
        if (!direct && previous >= 0)
        {
            // Close every open run.
            var last = _states.AsSpan((int)((long)previous * _sites), _sites);
            for (int j = 0; j < _sites; j++)
            {
                int b = last[j];
                if (b == ProteinAlphabet.Gap) continue;
                ref double target = ref Unsafe.Add(ref grad, (j * Q + b - 1) * Q);
                ref double start = ref Unsafe.Add(ref runs, j * Q);
                (Vector256.LoadUnsafe(ref target, 0) + p0 - Vector256.LoadUnsafe(ref start, 0)).StoreUnsafe(ref target, 0);
                (Vector256.LoadUnsafe(ref target, 4) + p1 - Vector256.LoadUnsafe(ref start, 4)).StoreUnsafe(ref target, 4);
                (Vector256.LoadUnsafe(ref target, 8) + p2 - Vector256.LoadUnsafe(ref start, 8)).StoreUnsafe(ref target, 8);
                (Vector256.LoadUnsafe(ref target, 12) + p3 - Vector256.LoadUnsafe(ref start, 12)).StoreUnsafe(ref target, 12);
                (Vector256.LoadUnsafe(ref target, 16) + p4 - Vector256.LoadUnsafe(ref start, 16)).StoreUnsafe(ref target, 16);
            }
        }
        ref double fieldGradient = ref _fieldGradient[i * Q];
        p0.StoreUnsafe(ref fieldGradient, 0);
        p1.StoreUnsafe(ref fieldGradient, 4);
        p2.StoreUnsafe(ref fieldGradient, 8);
        p3.StoreUnsafe(ref fieldGradient, 12);
        p4.StoreUnsafe(ref fieldGradient, 16);
        _siteValue[i] = value;
        _runStarts.Add(runStart);
        Interlocked.Increment(ref _sitesDone);
    }

    // Bit k set where the last (fewer than 32) sites differ.
    private static uint TailDifferences(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        uint mask = 0;
        for (int k = 0; k < a.Length; k++) if (a[k] != b[k]) mask |= 1u << k;
        return mask;
    }

    // Per-worker state of one site: its coupling rows (a copy made per site, so the couplings of all sites, L² rows,
    // are never stored at once), float32 gradient rows for a chunk of sequences, their float64 totals, the
    // energies (then residuals) of a block of sequences, and which of them have a residue at the site.
    private sealed class SiteScratch
    {
        public SiteScratch(int rows)
        {
            (Couplings, CouplingsStart) = AllocateAligned<float>(rows);
            Array.Clear(Couplings);
            Chunk = new float[rows + RowF];
            Total = new double[rows + RowF];
        }

        public readonly float[] Couplings;
        public readonly int CouplingsStart;
        public readonly float[] Chunk;
        public readonly double[] Total;
        public readonly float[] Energies = new float[BlockSequences * RowF];
        public readonly float[] Residuals = new float[BlockSequences * RowF];
        public readonly int[] Active = new int[BlockSequences];
    }

    /// <summary>Rows per neighbour in single precision: a gap's row, then the 20 residues'.</summary>
    private const int RowsPerSite = Q + 1;

    /// <summary>Sequences whose energies are built span by span before their probabilities are scattered back.</summary>
    private const int BlockSequences = 512;

    // Site i in float32: for a block of sequences, the energies h_i + Σ_j J_ij(·, s_j) are the consensus energies plus
    // each sequence's rows where it differs from the common states (GatherSparse, a span of neighbours at a time so the
    // span's rows stay in L2 while the block streams past); then the block's probabilities; then each neighbour's
    // gradient rows get the residuals w (P − 1[s_i]) run by run (ScatterRuns). float32 sums over at most ChunkSequences sequences, float64 across them.
    private void SiteTermsSingle(int i)
    {
        int perSite = RowsPerSite * RowF;
        int rows = _sites * perSite; // the site's coupling (or gradient) rows; the gradient has its field row after them
        if (!_scratch.TryTake(out var scratch)) scratch = new SiteScratch(rows);
        long copyStart = System.Diagnostics.Stopwatch.GetTimestamp();
        Span<float> h = stackalloc float[RowF];
        h.Clear();
        ExpandSingle(i, scratch.Couplings.AsSpan(scratch.CouplingsStart, rows), h[..Q]);
        Interlocked.Add(ref _kernelTicks[4], System.Diagnostics.Stopwatch.GetTimestamp() - copyStart);
        Array.Clear(scratch.Chunk);
        Array.Clear(scratch.Total);
        ref float coupling = ref scratch.Couplings[scratch.CouplingsStart];
        ref float chunk = ref scratch.Chunk[0];
        ref float fieldSum = ref scratch.Chunk[_sites * perSite];
        ref float energies = ref scratch.Energies[0];
        ref float residuals = ref scratch.Residuals[0];
        var active = scratch.Active;
        for (int a = 0; a < Q; a++) h[a] += (float)_x[i * Q + a];
        var h0 = Vector256.Create<float>(h[..8]);
        var h1 = Vector256.Create<float>(h[8..16]);
        var h2 = Vector128.Create<float>(h[16..20]);
        double value = 0;
        int inChunk = 0, stride = _sites;
        ref byte states = ref MemoryMarshal.GetArrayDataReference(_states);
        long tg = 0, ts = 0, tc = 0, tf = 0;
        for (int first = 0; first < _sequences; first += BlockSequences)
        {
            long c0 = System.Diagnostics.Stopwatch.GetTimestamp();
            int last = Math.Min(_sequences, first + BlockSequences), count = 0;
            for (int s = first; s < last; s++)
                if (Unsafe.Add(ref states, (nint)s * stride + i) != ProteinAlphabet.Gap) active[count++] = s;
            if (count == 0) continue;
            for (int k = 0; k < count; k++)
            {
                ref float ek = ref Unsafe.Add(ref energies, k * RowF);
                h0.StoreUnsafe(ref ek, 0);
                h1.StoreUnsafe(ref ek, 8);
                h2.StoreUnsafe(ref ek, 16);
            }
            if (Vector512.IsHardwareAccelerated) GatherSparse<Row512>(ref coupling, active, count, ref energies);
            else GatherSparse<Row256>(ref coupling, active, count, ref energies);
            long c1 = System.Diagnostics.Stopwatch.GetTimestamp();
            tg += c1 - c0;
            // Residuals go by position in the block (the order ScatterRuns reads), zero where the site has a gap.
            if (count < last - first) scratch.Residuals.AsSpan(0, (last - first) * RowF).Clear();
            for (int k = 0; k < count; k++)
            {
                int s = active[k];
                int own = Unsafe.Add(ref states, (nint)s * stride + i) - 1;
                ref float ek = ref Unsafe.Add(ref energies, k * RowF);
                var e0 = Vector256.LoadUnsafe(ref ek, 0);
                var e1 = Vector256.LoadUnsafe(ref ek, 8);
                var e2 = Vector128.LoadUnsafe(ref ek, 16);
                float ownEnergy = Unsafe.Add(ref ek, own);
                var m8 = Vector256.Max(e0, e1);
                var m4 = Vector128.Max(Vector128.Max(m8.GetLower(), m8.GetUpper()), e2);
                float max = MathF.Max(MathF.Max(m4[0], m4[1]), MathF.Max(m4[2], m4[3]));
                e0 = FloatExp.OfNonPositive(e0 - Vector256.Create(max));
                e1 = FloatExp.OfNonPositive(e1 - Vector256.Create(max));
                e2 = FloatExp.OfNonPositive(e2 - Vector128.Create(max));
                double z = (double)Vector256.Sum(e0 + e1) + Vector128.Sum(e2);
                double w = _weights[s];
                value += w * (max + Math.Log(z) - ownEnergy);
                var scale = (float)(w / z);
                e0 *= scale; e1 *= scale; e2 *= scale;
                ref float rk = ref Unsafe.Add(ref residuals, (s - first) * RowF);
                e0.StoreUnsafe(ref rk, 0);
                e1.StoreUnsafe(ref rk, 8);
                e2.StoreUnsafe(ref rk, 16);
                // The data term: − w at the observed state.
                Unsafe.Add(ref rk, own) -= (float)w;
                (Vector256.LoadUnsafe(ref fieldSum, 0) + Vector256.LoadUnsafe(ref rk, 0)).StoreUnsafe(ref fieldSum, 0);
                (Vector256.LoadUnsafe(ref fieldSum, 8) + Vector256.LoadUnsafe(ref rk, 8)).StoreUnsafe(ref fieldSum, 8);
                (Vector128.LoadUnsafe(ref fieldSum, 16) + Vector128.LoadUnsafe(ref rk, 16)).StoreUnsafe(ref fieldSum, 16);
            }
            long c2 = System.Diagnostics.Stopwatch.GetTimestamp();
            ts += c2 - c1;
            if (Vector512.IsHardwareAccelerated) ScatterRuns<Row512>(ref chunk, first / BlockSequences, ref residuals);
            else ScatterRuns<Row256>(ref chunk, first / BlockSequences, ref residuals);
            long c3 = System.Diagnostics.Stopwatch.GetTimestamp();
            tc += c3 - c2;
            inChunk += count;
            if (inChunk > ChunkSequences - BlockSequences)
            {
                Flush(scratch);
                inChunk = 0;
            }
            tf += System.Diagnostics.Stopwatch.GetTimestamp() - c3;
        }
        Flush(scratch);
        Imply(scratch.Total);
        Interlocked.Add(ref _kernelTicks[0], tg);
        Interlocked.Add(ref _kernelTicks[1], ts);
        Interlocked.Add(ref _kernelTicks[2], tc);
        Interlocked.Add(ref _kernelTicks[3], tf);
        var total = scratch.Total.AsSpan();
        // Packed rows of 20 (residue rows only) for the assembly, each pair's two blocks in the parameters' order
        // [state at the lower site][state at the higher]: as computed ([b][a]) for j < i, transposed for j > i.
        var target = _gradF.AsSpan((int)((long)i * _sites * QQ), _sites * QQ);
        for (int j = 0; j < _sites; j++)
        {
            if (j == i) continue;
            for (int b = 0; b < Q; b++)
            {
                var source = total.Slice((j * RowsPerSite + b + 1) * RowF, Q);
                if (j < i) System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<double, float>(source, target.Slice((j * Q + b) * Q, Q));
                else
                    for (int a = 0; a < Q; a++) target[(j * Q + a) * Q + b] = (float)source[a];
            }
        }
        total.Slice(_sites * perSite, Q).CopyTo(_fieldGradient.AsSpan(i * Q, Q));
        _siteValue[i] = value;
        _scratch.Add(scratch);
        Interlocked.Increment(ref _sitesDone);
    }

    // Energies of a block's sequences (active[..count]) += their rows where they differ from the common states, one
    // span of neighbours at a time; two sums per sequence so the adds overlap.
    private void GatherSparse<TRow>(ref float coupling, int[] active, int count, ref float energies)
        where TRow : struct, IRow<TRow>
    {
        int spans = (_sites + SpanSites - 1) / SpanSites;
        ref int rows = ref MemoryMarshal.GetArrayDataReference(_sparseRows);
        for (int c = 0; c < spans; c++)
            for (int k = 0; k < count; k++)
            {
                int cell = active[k] * spans + c, at = _sparseStart[cell], end = _sparseStart[cell + 1];
                ref float e = ref Unsafe.Add(ref energies, k * RowF);
                var sum0 = TRow.Load(ref e);
                var sum1 = default(TRow);
                for (; at + 1 < end; at += 2)
                {
                    sum0 = TRow.Add(sum0, TRow.Load(ref Unsafe.Add(ref coupling, Unsafe.Add(ref rows, at))));
                    sum1 = TRow.Add(sum1, TRow.Load(ref Unsafe.Add(ref coupling, Unsafe.Add(ref rows, at + 1))));
                }
                if (at < end) sum0 = TRow.Add(sum0, TRow.Load(ref Unsafe.Add(ref coupling, Unsafe.Add(ref rows, at))));
                TRow.Store(TRow.Add(sum0, sum1), ref e);
            }
    }

    // For each block of BlockSequences sequences and each neighbour j: the block's positions sorted by their state
    // at j (a counting sort) and the runs of equal state, so that the gradient rows can be summed run by run in
    // registers and written once per run instead of read and written once per sequence. Fixed by the alignment.
    // The runs of each neighbour's most common state (gap included; about half of all rows in DHFR, ENVZ and BLAT)
    // are left out: a gap's rows are never used, and a residue's row is implied, since every neighbour's 21 rows
    // sum to the field row (each sequence has one state there): Imply restores it once per site.
    private static (ushort[] ByState, int[] RunFirst, int[] Runs) OrderByState(byte[] states, int sequences, int stride, byte[] implied)
    {
        int blocks = (sequences + BlockSequences - 1) / BlockSequences;
        var byState = new ushort[(long)blocks * stride * BlockSequences];
        var runFirst = new int[blocks * stride + 1];
        var runs = new List<int>();
        Span<int> counts = stackalloc int[RowsPerSite];
        Span<int> next = stackalloc int[RowsPerSite];
        for (int block = 0; block < blocks; block++)
        {
            int first = block * BlockSequences, length = Math.Min(BlockSequences, sequences - first);
            for (int j = 0; j < stride; j++)
            {
                counts.Clear();
                for (int k = 0; k < length; k++) counts[states[(long)(first + k) * stride + j]]++;
                int at = 0;
                for (int b = 0; b < RowsPerSite; b++)
                {
                    next[b] = at;
                    if (counts[b] > 0 && b != implied[j]) runs.Add(b << 20 | at << 10 | counts[b]);
                    at += counts[b];
                }
                var order = byState.AsSpan((int)(((long)block * stride + j) * BlockSequences), BlockSequences);
                for (int k = 0; k < length; k++) order[next[states[(long)(first + k) * stride + j]]++] = (ushort)k;
                runFirst[block * stride + j + 1] = runs.Count;
            }
        }
        return (byState, runFirst, runs.ToArray());
    }

    // Each column's most common state, gaps included (the first of equals): the state the kernel leaves implied.
    private static byte[] MostCommonStates(byte[] states, int sequences, int stride)
    {
        var implied = new byte[stride];
        Span<int> counts = stackalloc int[RowsPerSite];
        for (int j = 0; j < stride; j++)
        {
            counts.Clear();
            for (int s = 0; s < sequences; s++) counts[states[(long)s * stride + j]]++;
            int most = 0;
            for (int b = 1; b < RowsPerSite; b++) if (counts[b] > counts[most]) most = b;
            implied[j] = (byte)most;
        }
        return implied;
    }

    // The gradient rows += the block's residuals (rows by position in the block, zero where the site has a gap),
    // run by run: each run of equal state at neighbour j is summed in registers (two sums, so the adds overlap)
    // and added to the row once.
    private void ScatterRuns<TRow>(ref float chunk, int block, ref float residuals) where TRow : struct, IRow<TRow>
    {
        int stride = _sites;
        ref ushort byState = ref MemoryMarshal.GetArrayDataReference(_byState);
        for (int j = 0; j < stride; j++)
        {
            int cell = block * stride + j;
            ref ushort order = ref Unsafe.Add(ref byState, (nint)cell * BlockSequences);
            ref float rows = ref Unsafe.Add(ref chunk, j * RowsPerSite * RowF);
            for (int r = _runFirst[cell]; r < _runFirst[cell + 1]; r++)
            {
                int run = _runs[r], state = run >> 20, at = run >> 10 & 0x3FF, end = at + (run & 0x3FF);
                var sum0 = TRow.Load(ref Unsafe.Add(ref residuals, Unsafe.Add(ref order, at) * RowF));
                var sum1 = default(TRow);
                int k = at + 1;
                for (; k + 1 < end; k += 2)
                {
                    sum0 = TRow.Add(sum0, TRow.Load(ref Unsafe.Add(ref residuals, Unsafe.Add(ref order, k) * RowF)));
                    sum1 = TRow.Add(sum1, TRow.Load(ref Unsafe.Add(ref residuals, Unsafe.Add(ref order, k + 1) * RowF)));
                }
                if (k < end) sum0 = TRow.Add(sum0, TRow.Load(ref Unsafe.Add(ref residuals, Unsafe.Add(ref order, k) * RowF)));
                TRow.AddTo(TRow.Add(sum0, sum1), ref Unsafe.Add(ref rows, state * RowF));
            }
        }
    }

    /// <summary>A row of 20 floats (of RowF) in registers; generic so each kernel is compiled for one vector width.</summary>
    private interface IRow<TRow> where TRow : struct, IRow<TRow>
    {
        static abstract TRow Load(ref float row);
        static abstract TRow Add(TRow a, TRow b);
        static abstract void Store(TRow value, ref float row);
        static abstract void AddTo(TRow value, ref float row);
    }

    /// <summary>AVX-512: 16 + 4 floats, two loads (or stores) per row.</summary>
    private readonly struct Row512(Vector512<float> low, Vector128<float> high) : IRow<Row512>
    {
        private readonly Vector512<float> _low = low;
        private readonly Vector128<float> _high = high;
        public static Row512 Load(ref float row) => new(Vector512.LoadUnsafe(ref row), Vector128.LoadUnsafe(ref row, 16));
        public static Row512 Add(Row512 a, Row512 b) => new(a._low + b._low, a._high + b._high);
        public static void Store(Row512 value, ref float row)
        {
            value._low.StoreUnsafe(ref row);
            value._high.StoreUnsafe(ref row, 16);
        }
        public static void AddTo(Row512 value, ref float row)
        {
            (Vector512.LoadUnsafe(ref row) + value._low).StoreUnsafe(ref row);
            (Vector128.LoadUnsafe(ref row, 16) + value._high).StoreUnsafe(ref row, 16);
        }
    }

    /// <summary>Without AVX-512: 8 + 8 + 4 floats.</summary>
    private readonly struct Row256(Vector256<float> a, Vector256<float> b, Vector128<float> c) : IRow<Row256>
    {
        private readonly Vector256<float> _a = a, _b = b;
        private readonly Vector128<float> _c = c;
        public static Row256 Load(ref float row) => new(Vector256.LoadUnsafe(ref row), Vector256.LoadUnsafe(ref row, 8), Vector128.LoadUnsafe(ref row, 16));
        public static Row256 Add(Row256 x, Row256 y) => new(x._a + y._a, x._b + y._b, x._c + y._c);
        public static void Store(Row256 value, ref float row)
        {
            value._a.StoreUnsafe(ref row);
            value._b.StoreUnsafe(ref row, 8);
            value._c.StoreUnsafe(ref row, 16);
        }
        public static void AddTo(Row256 value, ref float row)
        {
            (Vector256.LoadUnsafe(ref row) + value._a).StoreUnsafe(ref row);
            (Vector256.LoadUnsafe(ref row, 8) + value._b).StoreUnsafe(ref row, 8);
            (Vector128.LoadUnsafe(ref row, 16) + value._c).StoreUnsafe(ref row, 16);
        }
    }


    // Each neighbour's skipped row (its most common state, when a residue): the field row minus its other 20 rows.
    private void Imply(double[] total)
    {
        int perSite = RowsPerSite * RowF;
        var field = total.AsSpan(_sites * perSite, RowF);
        for (int j = 0; j < _sites; j++)
        {
            int c = _implied[j];
            if (c == ProteinAlphabet.Gap) continue;
            var rows = total.AsSpan(j * perSite, perSite);
            var row = rows.Slice(c * RowF, RowF);
            field.CopyTo(row);
            for (int b = 0; b < RowsPerSite; b++)
                if (b != c) System.Numerics.Tensors.TensorPrimitives.Subtract(row, rows.Slice(b * RowF, RowF), row);
        }
    }

    // Adds the float32 chunk into the float64 totals and clears it.
    private static void Flush(SiteScratch scratch)
    {
        var chunk = scratch.Chunk.AsSpan();
        var total = scratch.Total.AsSpan();
        int e = 0;
        for (; e + 16 <= chunk.Length; e += 16)
        {
            var (lo, hi) = Vector512.Widen(Vector512.Create<float>(chunk.Slice(e, 16)));
            (Vector512.Create<double>(total.Slice(e, 8)) + lo).CopyTo(total.Slice(e, 8));
            (Vector512.Create<double>(total.Slice(e + 8, 8)) + hi).CopyTo(total.Slice(e + 8, 8));
        }
        for (; e < chunk.Length; e++) total[e] += chunk[e];
        chunk.Clear();
    }

    // AssembleSingle's: both blocks of a pair come in the parameters' order (SiteTermsSingle), so it is three vector streams.
    private void AssembleSingle(double[] gradient, int i)
    {
        var x = _x;
        double penalty = AssembleFields(gradient, i);
        var twoLj = Vector512.Create(2 * LambdaJ);
        var squares = Vector512<double>.Zero;
        for (int j = i + 1; j < _sites; j++)
        {
            int offset = (int)Layout.PairOffset(i, j);
            ref float fromI = ref _gradF[((long)i * _sites + j) * QQ];
            ref float fromJ = ref _gradF[((long)j * _sites + i) * QQ];
            ref double v = ref x[offset];
            ref double g = ref gradient[offset];
            for (int e = 0; e < QQ; e += 16) // QQ = 400 = 25 · 16
            {
                var (lowI, highI) = Vector512.Widen(Vector512.LoadUnsafe(ref fromI, (nuint)e));
                var (lowJ, highJ) = Vector512.Widen(Vector512.LoadUnsafe(ref fromJ, (nuint)e));
                var vLow = Vector512.LoadUnsafe(ref v, (nuint)e);
                var vHigh = Vector512.LoadUnsafe(ref v, (nuint)e + 8);
                (lowI + lowJ + twoLj * vLow).StoreUnsafe(ref g, (nuint)e);
                (highI + highJ + twoLj * vHigh).StoreUnsafe(ref g, (nuint)e + 8);
                squares += vLow * vLow + vHigh * vHigh;
            }
        }
        _sitePenalty[i] = penalty + LambdaJ * Vector512.Sum(squares);
    }

    // Gradient of site i's fields; their share of the penalty.
    private double AssembleFields(double[] gradient, int i)
    {
        double twoLh = 2 * LambdaH, penalty = 0;
        for (int a = 0; a < Q; a++)
        {
            int k = i * Q + a;
            double h = _x[k];
            gradient[k] = _fieldGradient[k] + twoLh * h;
            penalty += LambdaH * h * h;
        }
        return penalty;
    }

    // Double precision: gradient of site i's fields and of pairs (i, j > i); site i's share of the penalty.
    private void AssembleDouble(double[] gradient, int i)
    {
        var x = _x;
        double twoLj = 2 * LambdaJ, penalty = AssembleFields(gradient, i);
        for (int j = i + 1; j < _sites; j++)
        {
            int offset = (int)Layout.PairOffset(i, j);
            var fromI = _gradD.AsSpan((int)(_gradBaseD + ((long)i * _sites + j) * QQ), QQ); // [b][a]
            var fromJ = _gradD.AsSpan((int)(_gradBaseD + ((long)j * _sites + i) * QQ), QQ); // [a][b]
            for (int a = 0; a < Q; a++)
                for (int b = 0; b < Q; b++)
                {
                    int ab = a * Q + b;
                    double v = x[offset + ab];
                    gradient[offset + ab] = fromI[b * Q + a] + fromJ[ab] + twoLj * v;
                    penalty += LambdaJ * v * v;
                }
        }
        _sitePenalty[i] = penalty;
    }
}
