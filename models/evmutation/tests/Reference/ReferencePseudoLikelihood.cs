using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Pg2.Datasets;
using Pg2.Datasets.Alignments;
using Pg2.Contracts;

namespace Pg2.Models.Evmutation.Reference;

/// <summary>
/// The first implementation of the objective, kept unchanged as the reference the faster one must equal
/// (tests: relative 1e-10 in double precision; bench/Evmutation: old vs new side by side in one run).
/// plmc's penalised negative log pseudo-likelihood with <c>-g</c>: for every sequence s and every site i
/// where s has a residue, −w_s · log P(s_i | s_\i) with local fields h_i(a) + Σ_{j≠i, s_j no gap} J_ij(a, s_j)
/// over the 20 residues; plus λ_h Σ h² + λ_J Σ J² (gradient 2λx).
/// <para>Evaluation runs site by site in parallel. Each site reads and writes only its own block of a
/// full, both-ways copy of the couplings laid out <c>[j][s_j][a]</c>, so the 20 states of one neighbour are
/// contiguous (five 256-bit vectors) and the block stays in cache while all sequences stream past.
/// The data parts of the gradient (weighted counts) do not depend on the parameters and are counted once.</para>
/// </summary>
internal sealed class ReferencePseudoLikelihood
{
    private const int Q = PottsLayout.Q;
    private const int QQ = PottsLayout.QQ;

    private readonly int _sites;
    private readonly int _sequences;
    private readonly byte[] _states;          // N × L, 0 gap, 1..20 residues
    private readonly double[] _weights;
    private readonly int[] _rowStart;         // per sequence, into _offsets
    private readonly int[] _offsets;          // (j·q + s_j)·q for each residue of the sequence
    private readonly double[] _fieldCounts;   // Σ_s w_s [s_i = a]
    private readonly double[] _pairCounts;    // per pair block (layout order) Σ_s w_s [s_i = a][s_j = b]
    private readonly double[] _full;          // L × L × q × q couplings seen from each site, [i][j][b][a]
    private readonly double[] _fullGradient;  // same layout: Σ_s w_s P_i(a | s) [s_j = b]
    private readonly int _fullBase;           // first element of _full on a 64-byte boundary
    private readonly int _gradientBase;       // same for _fullGradient
    private readonly double[] _fieldGradient; // Σ_s w_s P_i(a | s)
    private readonly double[] _siteValue;
    private readonly double[] _sitePenalty;
    private double[] _x = [];

    /// <summary>Prepares the objective for an encoded alignment and its weights.</summary>
    public ReferencePseudoLikelihood(EncodedAlignment alignment, SequenceWeights weights, double lambdaH, double lambdaJ)
    {
        _sites = alignment.SiteCount;
        _sequences = alignment.SequenceCount;
        if ((long)_sites * _sites * QQ > Array.MaxLength)
            throw new InvalidInputException($"alignment has {_sites} focus sites: too many for a Potts model here");
        Layout = new PottsLayout(_sites);
        LambdaH = lambdaH;
        LambdaJ = lambdaJ;
        _states = alignment.States.ToArray();
        _weights = weights.Values.ToArray();

        _rowStart = new int[_sequences + 1];
        var offsets = new List<int>(_sequences * _sites);
        for (int s = 0; s < _sequences; s++)
        {
            _rowStart[s] = offsets.Count;
            var row = alignment.Row(s);
            for (int j = 0; j < _sites; j++)
                if (row[j] != ProteinAlphabet.Gap) offsets.Add((j * Q + row[j] - 1) * Q);
        }
        _rowStart[_sequences] = offsets.Count;
        _offsets = offsets.ToArray();

        int block = _sites * _sites * QQ;
        (_full, _fullBase) = AllocateAligned(block);
        (_fullGradient, _gradientBase) = AllocateAligned(block);
        _fieldGradient = new double[_sites * Q];
        _siteValue = new double[_sites];
        _sitePenalty = new double[_sites];
        _fieldCounts = new double[_sites * Q];
        _pairCounts = new double[Layout.PairCount * QQ];
        Parallel.For(0, _sites, CountSite);
    }

    /// <summary>The parameter layout.</summary>
    public PottsLayout Layout { get; }

    /// <summary>L2 strength on fields.</summary>
    public double LambdaH { get; }

    /// <summary>L2 strength on couplings.</summary>
    public double LambdaJ { get; }

    /// <summary>Number of evaluations so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>Negative log pseudo-likelihood (without penalty) at the last evaluation.</summary>
    public double LastNegativeLogLikelihood { get; private set; }

    /// <summary>Objective value at <paramref name="x"/>; the gradient goes to <paramref name="gradient"/>.</summary>
    public double Evaluate(double[] x, double[] gradient)
    {
        if (x.Length != Layout.ParameterCount || gradient.Length != x.Length)
            throw new ArgumentException($"expected {Layout.ParameterCount} parameters");
        Evaluations++;
        _x = x;
        Parallel.For(0, _sites, ExpandSite);
        Parallel.For(0, _sites, SiteTerms);
        Parallel.For(0, _sites, i => AssembleSite(gradient, i));
        _x = [];

        double negLogLk = 0, fx;
        for (int i = 0; i < _sites; i++) negLogLk += _siteValue[i];
        LastNegativeLogLikelihood = negLogLk;
        fx = negLogLk;
        for (int i = 0; i < _sites; i++) fx += _sitePenalty[i];
        return fx;
    }

    // A pinned array whose element at the returned index sits on a 64-byte boundary: the 160-byte rows of
    // 20 doubles then start on 32-byte boundaries and no vector load straddles a cache line.
    private static (double[] Array, int Start) AllocateAligned(int length)
    {
        var array = GC.AllocateArray<double>(length + 8, pinned: true);
        long address = Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        int start = (int)((64 - address % 64) % 64 / sizeof(double));
        return (array, start);
    }

    // Weighted single and pair counts: the constant part of the gradient.
    private void CountSite(int i)
    {
        for (int s = 0; s < _sequences; s++)
        {
            var row = _states.AsSpan(s * _sites, _sites);
            int a = row[i] - 1;
            if (a < 0) continue;
            double w = _weights[s];
            _fieldCounts[i * Q + a] += w;
            int pair = Layout.PairIndex(i, i + 1);
            for (int j = i + 1; j < _sites; j++, pair++)
            {
                int b = row[j] - 1;
                if (b >= 0) _pairCounts[pair * QQ + a * Q + b] += w;
            }
        }
    }

    // Copies site i's view of the couplings: full[i][j][b][a] = J_ij(a, b); full[i][i] stays zero.
    private void ExpandSite(int i)
    {
        var x = _x;
        for (int j = 0; j < _sites; j++)
        {
            if (j == i) continue;
            var target = _full.AsSpan(_fullBase + (i * _sites + j) * QQ, QQ);
            if (i > j)
            {
                // Pair (j, i) stores J_ji(b, a) at b·q + a: already [b][a].
                x.AsSpan((int)Layout.PairOffset(j, i), QQ).CopyTo(target);
            }
            else
            {
                var source = x.AsSpan((int)Layout.PairOffset(i, j), QQ);
                for (int a = 0; a < Q; a++)
                    for (int b = 0; b < Q; b++)
                        target[b * Q + a] = source[a * Q + b];
            }
        }
    }

    // Conditional likelihood terms of site i over all sequences with a residue there.
    private void SiteTerms(int i)
    {
        int blockStart = i * _sites * QQ;
        _fullGradient.AsSpan(_gradientBase + blockStart, _sites * QQ).Clear();
        ref double coupling = ref _full[_fullBase + blockStart];
        ref double grad = ref _fullGradient[_gradientBase + blockStart];
        ref double field = ref _x[i * Q];
        var h0 = Vector256.LoadUnsafe(ref field, 0);
        var h1 = Vector256.LoadUnsafe(ref field, 4);
        var h2 = Vector256.LoadUnsafe(ref field, 8);
        var h3 = Vector256.LoadUnsafe(ref field, 12);
        var h4 = Vector256.LoadUnsafe(ref field, 16);
        var p0 = Vector256<double>.Zero;
        var p1 = Vector256<double>.Zero;
        var p2 = Vector256<double>.Zero;
        var p3 = Vector256<double>.Zero;
        var p4 = Vector256<double>.Zero;
        double value = 0;
        ref int offsets = ref MemoryMarshal.GetArrayDataReference(_offsets);
        for (int s = 0; s < _sequences; s++)
        {
            int state = _states[s * _sites + i];
            if (state == ProteinAlphabet.Gap) continue;
            var e0 = h0; var e1 = h1; var e2 = h2; var e3 = h3; var e4 = h4;
            int start = _rowStart[s], end = _rowStart[s + 1];
            for (int k = start; k < end; k++)
            {
                ref double row = ref Unsafe.Add(ref coupling, Unsafe.Add(ref offsets, k));
                e0 += Vector256.LoadUnsafe(ref row, 0);
                e1 += Vector256.LoadUnsafe(ref row, 4);
                e2 += Vector256.LoadUnsafe(ref row, 8);
                e3 += Vector256.LoadUnsafe(ref row, 12);
                e4 += Vector256.LoadUnsafe(ref row, 16);
            }
            double own = Element(e0, e1, e2, e3, e4, state - 1);
            var m = Vector256.Max(Vector256.Max(Vector256.Max(e0, e1), Vector256.Max(e2, e3)), e4);
            double max = Math.Max(Math.Max(m[0], m[1]), Math.Max(m[2], m[3]));
            var shift = Vector256.Create(max);
            e0 = Vector256.Exp(e0 - shift);
            e1 = Vector256.Exp(e1 - shift);
            e2 = Vector256.Exp(e2 - shift);
            e3 = Vector256.Exp(e3 - shift);
            e4 = Vector256.Exp(e4 - shift);
            double z = Vector256.Sum(e0 + e1 + e2 + e3 + e4);
            double w = _weights[s];
            value += w * (max + Math.Log(z) - own);
            var scale = Vector256.Create(w / z);
            e0 *= scale; e1 *= scale; e2 *= scale; e3 *= scale; e4 *= scale;
            p0 += e0; p1 += e1; p2 += e2; p3 += e3; p4 += e4;
            for (int k = start; k < end; k++)
            {
                ref double row = ref Unsafe.Add(ref grad, Unsafe.Add(ref offsets, k));
                (Vector256.LoadUnsafe(ref row, 0) + e0).StoreUnsafe(ref row, 0);
                (Vector256.LoadUnsafe(ref row, 4) + e1).StoreUnsafe(ref row, 4);
                (Vector256.LoadUnsafe(ref row, 8) + e2).StoreUnsafe(ref row, 8);
                (Vector256.LoadUnsafe(ref row, 12) + e3).StoreUnsafe(ref row, 12);
                (Vector256.LoadUnsafe(ref row, 16) + e4).StoreUnsafe(ref row, 16);
            }
        }
        ref double fieldGradient = ref _fieldGradient[i * Q];
        p0.StoreUnsafe(ref fieldGradient, 0);
        p1.StoreUnsafe(ref fieldGradient, 4);
        p2.StoreUnsafe(ref fieldGradient, 8);
        p3.StoreUnsafe(ref fieldGradient, 12);
        p4.StoreUnsafe(ref fieldGradient, 16);
        _siteValue[i] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Element(Vector256<double> e0, Vector256<double> e1, Vector256<double> e2,
        Vector256<double> e3, Vector256<double> e4, int a) => (a >> 2) switch
        {
            0 => e0[a & 3],
            1 => e1[a & 3],
            2 => e2[a & 3],
            3 => e3[a & 3],
            _ => e4[a & 3],
        };

    // Gradient of site i's fields and of pairs (i, j > i); returns site i's share of the penalty.
    private void AssembleSite(double[] gradient, int i)
    {
        var x = _x;
        double twoLh = 2 * LambdaH, twoLj = 2 * LambdaJ, penalty = 0;
        for (int a = 0; a < Q; a++)
        {
            int k = i * Q + a;
            double h = x[k];
            gradient[k] = _fieldGradient[k] - _fieldCounts[k] + twoLh * h;
            penalty += LambdaH * h * h;
        }
        int pair = i < _sites - 1 ? Layout.PairIndex(i, i + 1) : 0;
        for (int j = i + 1; j < _sites; j++, pair++)
        {
            int offset = Layout.CouplingStart + pair * QQ;
            var fromI = _fullGradient.AsSpan(_gradientBase + (i * _sites + j) * QQ, QQ); // [b][a]
            var fromJ = _fullGradient.AsSpan(_gradientBase + (j * _sites + i) * QQ, QQ); // [a][b]
            var counts = _pairCounts.AsSpan(pair * QQ, QQ);
            for (int a = 0; a < Q; a++)
                for (int b = 0; b < Q; b++)
                {
                    int ab = a * Q + b;
                    double v = x[offset + ab];
                    gradient[offset + ab] = fromI[b * Q + a] + fromJ[ab] - 2 * counts[ab] + twoLj * v;
                    penalty += LambdaJ * v * v;
                }
        }
        _sitePenalty[i] = penalty;
    }
}
