namespace Pg2.Datasets;

/// <summary>
/// A target's reference (wild-type) sequence and the residue number of its first character, the
/// numbering that mutation strings like <c>H24C</c> use.
/// </summary>
/// <param name="Sequence">The reference residues.</param>
/// <param name="Offset">Residue number of <c>Sequence[0]</c> (1 in ProteinGym; 24 for the seed ranganathan dataset).</param>
/// <param name="OffsetInferred">True when the dataset gave no <c>offset</c> constant and it was inferred from
/// the mutation strings (see <see cref="Dataset.ReferenceSequence"/>).</param>
public sealed record ReferenceSequence(string Sequence, int Offset, bool OffsetInferred = false);
