using Pg2.Sdk;
using Pg2.Sdk.Features;

namespace Pg2Model._1;

#if (supervised)
/// <summary>
/// A supervised pg2 model: the SDK calls <see cref="Preprocess"/> on the training rows and on the rows to
/// predict, <see cref="Train"/> on the training features and targets, then <see cref="Predict"/>.
/// This starting point is an additive site model (one effect per position and residue, shrunk towards
/// zero); replace the three methods with your own.
/// </summary>
public sealed partial class Model : ISupervisedModel<OneHotMatrix>
{
    /// <summary>
    /// One-hot encodes the sequences with the manifest's <c>aa_alphabet</c>. All sequences must have the
    /// training length; a letter outside the alphabet is an input error naming the row.
    /// </summary>
    public OneHotMatrix Preprocess(ModelContext context, ModelRows rows)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rows);
        return OneHotEncoder.FromHyperParameters(context.HyperParameters).Encode(rows.Sequences, rowLabel: rows.Label);
    }
}
#else
/// <summary>
/// A zero-shot pg2 model: no training; the SDK calls <see cref="Preprocess"/> and <see cref="Predict"/>
/// on every row of the target. This starting point scores a variant by how many residues it changes
/// from the wild type (fewer = fitter); replace the two methods with your own.
/// </summary>
public sealed partial class Model : IZeroShotModel<Variants>
{
    /// <summary>Upper-cases the variant sequences and picks the sequence they are compared with.</summary>
    public Variants Preprocess(ModelContext context, ModelRows rows)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rows);
        var sequences = rows.Sequences.Select(s => s.ToUpperInvariant()).ToArray();
        // The dataset's reference (wild type) when it has one, else the consensus of the variants.
        var wildType = context.Reference?.Sequence.ToUpperInvariant() ?? Variants.Consensus(sequences);
        return new Variants(sequences, wildType);
    }
}

/// <summary>The variants to score and the wild type they are compared with.</summary>
/// <param name="Sequences">Upper-case variant sequences, one per row.</param>
/// <param name="WildType">Upper-case reference sequence.</param>
public sealed record Variants(string[] Sequences, string WildType)
{
    /// <summary>The most frequent letter at each position (first in alphabetical order on ties).</summary>
    public static string Consensus(IReadOnlyList<string> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        int length = sequences.Count == 0 ? 0 : sequences.Max(s => s.Length);
        var consensus = new char[length];
        var counts = new int[char.MaxValue + 1];
        for (int pos = 0; pos < length; pos++)
        {
            Array.Clear(counts);
            foreach (var s in sequences)
                if (pos < s.Length) counts[s[pos]]++;
            int best = 0;
            for (int c = 1; c < counts.Length; c++)
                if (counts[c] > counts[best]) best = c;
            consensus[pos] = (char)best;
        }
        return new string(consensus);
    }
}
#endif
