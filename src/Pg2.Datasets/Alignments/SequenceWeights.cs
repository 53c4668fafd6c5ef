using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pg2.Datasets.Alignments;

/// <summary>
/// Sequence weights that down-weight redundant sequences (plmc/EVcouplings): weight = 1 / number of
/// sequences (self included) sharing at least <c>theta · L</c> identical sites, gap–gap matches
/// included. The effective number of sequences N_eff is the sum of the weights.
/// </summary>
public sealed class SequenceWeights
{
    /// <summary>Rows compared against each other as one tile (both tiles' rows stay in the core's cache).</summary>
    private const int TileRows = 128;

    private readonly double[] _weights;

    private SequenceWeights(double[] weights, double theta)
    {
        _weights = weights;
        Theta = theta;
        double sum = 0;
        foreach (double w in weights) sum += w;
        EffectiveCount = sum;
    }

    /// <summary>Weight of each sequence of the encoded alignment.</summary>
    public ReadOnlySpan<double> Values => _weights;

    /// <summary>Identity threshold used.</summary>
    public double Theta { get; }

    /// <summary>Effective number of sequences N_eff (sum of weights).</summary>
    public double EffectiveCount { get; }

    /// <summary>Weights from explicit values (tests, custom weighting).</summary>
    public static SequenceWeights FromValues(double[] weights, double theta) => new((double[])weights.Clone(), theta);

    /// <summary>
    /// Precomputed weights given per alignment record (ProteinGym's <c>DMS_msa_weights</c>,
    /// <see cref="Dataset.AlignmentWeights"/>), taken for the records <paramref name="alignment"/> kept
    /// (<see cref="EncodedAlignment.RecordIndices"/>), so the sequences dropped on encoding drop their weight.
    /// </summary>
    /// <param name="alignment">The encoded alignment.</param>
    /// <param name="recordWeights">One weight per record of the alignment it was encoded from.</param>
    /// <param name="theta">The identity threshold the weights were computed at (reported only; NaN when unknown).</param>
    public static SequenceWeights FromRecords(EncodedAlignment alignment, IReadOnlyList<double> recordWeights, double theta)
    {
        ArgumentNullException.ThrowIfNull(alignment);
        ArgumentNullException.ThrowIfNull(recordWeights);
        var kept = alignment.RecordIndices;
        var weights = new double[kept.Count];
        for (int i = 0; i < weights.Length; i++)
        {
            if ((uint)kept[i] >= (uint)recordWeights.Count)
                throw new Pg2.Contracts.InvalidInputException(
                    $"{recordWeights.Count:N0} precomputed weights, but the alignment has a record {kept[i] + 1:N0}; expected one weight per record");
            weights[i] = recordWeights[kept[i]];
        }
        return new SequenceWeights(weights, theta);
    }

    /// <summary>
    /// Computes the weights at identity <paramref name="theta"/> (0.8 in EVcouplings). A theta outside
    /// [0, 1] gives every sequence weight 1, as plmc does.
    /// <para>Each pair is compared once (neighbour counts go to both rows): rows are held at one byte per
    /// site, padded to whole 64-byte vectors; 64 sites are compared by one vector compare and a popcount
    /// of its mask, and a pair stops as soon as its mismatches exceed what the threshold allows. Tiles of
    /// <see cref="TileRows"/> × <see cref="TileRows"/> rows run in parallel, each worker counting into its
    /// own array.</para>
    /// </summary>
    public static SequenceWeights Compute(EncodedAlignment alignment, double theta = 0.8)
    {
        ArgumentNullException.ThrowIfNull(alignment);
        int n = alignment.SequenceCount, length = alignment.SiteCount;
        var weights = new double[n];
        // plmc receives the divergence 1 - theta and compares identities against (1 - divergence) · L.
        double divergence = 1.0 - theta;
        if (divergence is < 0 or > 1 || double.IsNaN(theta))
        {
            Array.Fill(weights, 1.0);
            return new SequenceWeights(weights, theta);
        }
        int needed = (int)Math.Ceiling((1.0 - divergence) * length);
        int allowedMismatches = length - needed;

        // Rows padded to whole vectors with a common filler: padding always matches, so it never mismatches.
        int stride = (length + Vector512<byte>.Count - 1) / Vector512<byte>.Count * Vector512<byte>.Count;
        var padded = GC.AllocateUninitializedArray<byte>(n * stride);
        Array.Fill(padded, (byte)0xFF);
        var states = alignment.States;
        for (int s = 0; s < n; s++) states.Slice(s * length, length).CopyTo(padded.AsSpan(s * stride, length));

        int tiles = (n + TileRows - 1) / TileRows;
        var totals = new int[n];
        var gate = new Lock();
        Parallel.For(0, tiles, () => new int[n], (ti, _, counts) =>
        {
            // Tile ti against tiles ti..end (the upper triangle, diagonal included).
            int s0 = ti * TileRows, s1 = Math.Min(n, s0 + TileRows);
            for (int tj = ti; tj < tiles; tj++)
            {
                int t0 = tj * TileRows, t1 = Math.Min(n, t0 + TileRows);
                for (int s = s0; s < s1; s++)
                {
                    ref byte row = ref padded[s * stride];
                    for (int t = tj == ti ? s + 1 : t0; t < t1; t++)
                    {
                        if (IsNeighbour(ref row, ref padded[t * stride], stride, allowedMismatches))
                        {
                            counts[s]++;
                            counts[t]++;
                        }
                    }
                }
            }
            return counts;
        }, counts =>
        {
            lock (gate)
                for (int s = 0; s < n; s++) totals[s] += counts[s];
        });
        for (int s = 0; s < n; s++) weights[s] = 1.0 / (1 + totals[s]);
        return new SequenceWeights(weights, theta);
    }

    // At most allowedMismatches unequal bytes over rows of whole 64-byte vectors; stops early.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsNeighbour(ref byte a, ref byte b, int stride, int allowedMismatches)
    {
        int mismatches = 0;
        for (int k = 0; k < stride; k += Vector512<byte>.Count)
        {
            var equal = Vector512.Equals(Vector512.LoadUnsafe(ref a, (nuint)k), Vector512.LoadUnsafe(ref b, (nuint)k));
            mismatches += Vector512<byte>.Count - BitOperations.PopCount(equal.ExtractMostSignificantBits());
            if (mismatches > allowedMismatches) return false;
        }
        return true;
    }
}
