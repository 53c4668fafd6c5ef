using System.Numerics;
using System.Runtime.Intrinsics;

namespace Pg2.Datasets.Alignments;

/// <summary>
/// Sequence weights that down-weight redundant sequences (plmc/EVcouplings): weight = 1 / number of
/// sequences (self included) sharing at least <c>theta · L</c> identical sites, gap–gap matches
/// included. The effective number of sequences N_eff is the sum of the weights.
/// </summary>
public sealed class SequenceWeights
{
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
    /// </summary>
    public static SequenceWeights Compute(EncodedAlignment alignment, double theta = 0.8)
    {
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

        // Rows padded to whole vectors with a common filler: padding always matches, so it is subtracted.
        int stride = (length + Vector256<byte>.Count - 1) / Vector256<byte>.Count * Vector256<byte>.Count;
        int padding = stride - length;
        var padded = new byte[n * stride];
        Array.Fill(padded, (byte)0xFF);
        var states = alignment.States;
        for (int s = 0; s < n; s++) states.Slice(s * length, length).CopyTo(padded.AsSpan(s * stride, length));

        Parallel.For(0, n, s =>
        {
            ReadOnlySpan<byte> all = padded;
            var row = all.Slice(s * stride, stride);
            int neighbours = 1; // self
            for (int t = 0; t < n; t++)
            {
                if (t == s) continue;
                if (Identity(row, all.Slice(t * stride, stride)) - padding >= needed) neighbours++;
            }
            weights[s] = 1.0 / neighbours;
        });
        return new SequenceWeights(weights, theta);
    }

    // Number of equal bytes of two rows of whole 32-byte vectors.
    private static int Identity(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int count = 0;
        for (int k = 0; k < a.Length; k += Vector256<byte>.Count)
        {
            var eq = Vector256.Equals(Vector256.Create(a.Slice(k, Vector256<byte>.Count)),
                Vector256.Create(b.Slice(k, Vector256<byte>.Count)));
            count += BitOperations.PopCount(eq.ExtractMostSignificantBits());
        }
        return count;
    }
}
