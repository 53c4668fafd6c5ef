using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Sdk.Features;

/// <summary>
/// One-hot encoding of equal-length sequences (FORMATS.md §F.1, the PLS/ridge featuriser): residue
/// at position <c>pos</c> with alphabet index <c>k</c> sets feature <c>pos · AlphabetSize + k</c>.
/// A letter outside the alphabet or a sequence of a different length is an
/// <see cref="InvalidInputException"/> naming the row — never silently encoded.
/// </summary>
public sealed class OneHotEncoder
{
    /// <summary>The 20 standard amino acids in the order of the reference manifests.</summary>
    public static readonly IReadOnlyList<string> StandardAminoAcids =
        ["A", "C", "D", "E", "F", "G", "H", "I", "K", "L", "M", "N", "P", "Q", "R", "S", "T", "V", "W", "Y"];

    private readonly byte[] _indexOfChar = new byte[char.MaxValue + 1];
    private const byte Unknown = byte.MaxValue;

    /// <summary>Creates an encoder over <paramref name="alphabet"/> (single letters, distinct).</summary>
    /// <exception cref="InvalidInputException">Empty, multi-character or repeated letters, or more than 254.</exception>
    public OneHotEncoder(IReadOnlyList<string> alphabet)
    {
        ArgumentNullException.ThrowIfNull(alphabet);
        if (alphabet.Count is 0 or > 254)
            throw new InvalidInputException($"one-hot alphabet must have 1 to 254 letters, got {alphabet.Count}");
        Array.Fill(_indexOfChar, Unknown);
        for (int i = 0; i < alphabet.Count; i++)
        {
            var letter = alphabet[i];
            if (letter is null || letter.Length != 1)
                throw new InvalidInputException($"one-hot alphabet entry {i + 1} must be a single letter, got '{letter}'");
            if (_indexOfChar[letter[0]] != Unknown)
                throw new InvalidInputException($"one-hot alphabet lists '{letter}' twice");
            _indexOfChar[letter[0]] = (byte)i;
        }
        Alphabet = alphabet;
    }

    /// <summary>The letters, in feature order.</summary>
    public IReadOnlyList<string> Alphabet { get; }

    /// <summary>Number of letters (features per position).</summary>
    public int AlphabetSize => Alphabet.Count;

    /// <summary>
    /// The encoder described by hyper-parameters <c>aa_alphabet</c> (list of letters; default the 20
    /// standard amino acids) and <c>aa_alphabet_length</c> (must equal the list's length).
    /// </summary>
    public static OneHotEncoder FromHyperParameters(HyperParameters hyperParameters)
    {
        ArgumentNullException.ThrowIfNull(hyperParameters);
        var alphabet = hyperParameters.GetStrings("aa_alphabet", StandardAminoAcids);
        long length = hyperParameters.GetInt64("aa_alphabet_length", alphabet.Count);
        if (length != alphabet.Count)
            throw new InvalidInputException(
                $"{hyperParameters.Source}: hyper-parameter 'aa_alphabet_length' is {length} but 'aa_alphabet' has {alphabet.Count} letters");
        return new OneHotEncoder(alphabet);
    }

    /// <summary>
    /// Encodes <paramref name="sequences"/>. All must have the same length — <paramref name="length"/>
    /// when given (e.g. the training length at prediction time), else the first sequence's.
    /// </summary>
    /// <param name="sequences">Sequences to encode.</param>
    /// <param name="length">Required length, or null to take the first sequence's.</param>
    /// <param name="rowLabel">Describes row i in error messages (default "sequence i+1").</param>
    public OneHotMatrix Encode(IReadOnlyList<string> sequences, int? length = null, Func<int, string>? rowLabel = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        rowLabel ??= i => $"sequence {i + 1}";
        int n = sequences.Count;
        int l = length ?? (n > 0 ? sequences[0].Length : 0);
        var codes = new byte[(long)n * l];
        for (int r = 0; r < n; r++)
        {
            var s = sequences[r];
            if (s.Length != l)
                throw new InvalidInputException(
                    $"{rowLabel(r)} has length {s.Length}, expected {l}: one-hot encoding needs sequences of equal length (no indels)");
            var row = codes.AsSpan(r * l, l);
            for (int pos = 0; pos < l; pos++)
            {
                byte code = _indexOfChar[s[pos]];
                if (code == Unknown)
                    throw new InvalidInputException(
                        $"{rowLabel(r)} has '{s[pos]}' at position {pos + 1}, which is not in the one-hot alphabet ({string.Concat(Alphabet)})");
                row[pos] = code;
            }
        }
        return new OneHotMatrix(codes, n, l, AlphabetSize);
    }
}
