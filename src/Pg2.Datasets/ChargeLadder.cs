using Pg2.Datasets.Assays;
using Pg2.Contracts;

namespace Pg2.Datasets;

/// <summary>
/// The synthetic "charge ladder" dataset of pg2-benchmark's <c>generate-dummy-data</c> (FORMATS.md §A.5, the
/// E1 formula): a random parent sequence; each row replaces a random number (0..L) of random positions with
/// charged residues (K R H D E C Y); target <c>charge</c> = Bjellqvist net charge at pH 7, then
/// <c>charge·m − foo/50</c> with <c>foo ~ U(0,100)</c>, <c>bar ∈ {a, b}</c>, <c>m = +1</c> for <c>a</c>, −1 for <c>b</c>.
/// Duplicate sequences are dropped, as the original does, so slightly fewer rows than asked may come out.
/// Seeded with <c>System.Random</c>: reproducible for a seed, not equal to any Python run. Sizes are bounded
/// (<see cref="MaxRows"/>, <see cref="MaxSequenceLength"/>, <see cref="MaxResidues"/>) since the table lives in memory.
/// </summary>
public static class ChargeLadder
{
    /// <summary>Most rows generated (the whole table lives in memory).</summary>
    public const int MaxRows = 10_000_000;
    /// <summary>Longest sequence generated.</summary>
    public const int MaxSequenceLength = 100_000;

    /// <summary>Most residues (rows × length) generated.</summary>
    public const long MaxResidues = 500_000_000;

    private const string Alphabet = "ACDEFGHIKLMNPQRSTVWY";
    private const string Charged = "KRHDECY";

    /// <summary>Generates the dataset.</summary>
    public static Dataset Generate(int rows = 500, int sequenceLength = 100, int seed = 42)
    {
        if (rows is < 1 or > MaxRows)
            throw new InvalidInputException($"--n-rows must be between 1 and {MaxRows:N0}, got {rows:N0}", ExitCodes.Usage);
        if (sequenceLength is < 1 or > MaxSequenceLength)
            throw new InvalidInputException($"--sequence-length must be between 1 and {MaxSequenceLength:N0}, got {sequenceLength:N0}", ExitCodes.Usage);
        if ((long)rows * sequenceLength > MaxResidues)
            throw new InvalidInputException($"--n-rows × --sequence-length must be at most {MaxResidues:N0} residues, got {(long)rows * sequenceLength:N0}", ExitCodes.Usage);
        var rng = new Random(seed);
        var parent = new char[sequenceLength];
        for (int i = 0; i < parent.Length; i++) parent[i] = Alphabet[rng.Next(Alphabet.Length)];

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sequences = new List<string?>(rows);
        var charge = new List<double>(rows);
        var foo = new List<double>(rows);
        var bar = new List<string?>(rows);
        var positions = Enumerable.Range(0, sequenceLength).ToArray();
        for (int r = 0; r < rows; r++)
        {
            var chars = (char[])parent.Clone();
            int n = rng.Next(sequenceLength + 1);
            rng.Shuffle(positions);
            for (int k = 0; k < n; k++) chars[positions[k]] = Charged[rng.Next(Charged.Length)];
            var s = new string(chars);
            if (!seen.Add(s)) continue;
            double f = rng.NextDouble() * 100;
            string b = rng.Next(2) == 0 ? "a" : "b";
            sequences.Add(s);
            foo.Add(f);
            bar.Add(b);
            charge.Add(NetCharge(s) * (b == "a" ? 1 : -1) - f / 50);
        }
        var table = new AssayTable([
            new TextColumn(AssayTable.SequenceColumn, sequences.ToArray()),
            new NumericColumn("charge", charge.ToArray()),
            new NumericColumn("foo", foo.ToArray()),
            new TextColumn("bar", bar.ToArray()),
            new NumericColumn(AssayTable.EngineeringRoundColumn, Enumerable.Repeat(1.0, sequences.Count).ToArray()),
        ]);
        var manifest = new DatasetManifest
        {
            Name = "charge_ladder",
            AssaysMeta = new AssaysMeta
            {
                FilePath = "assays.csv",
                SplitStrategy = "RandomSplitStrategy",
                Assays = new Dictionary<string, TargetMeta>(StringComparer.Ordinal)
                {
                    ["charge"] = new() { Features = ["foo", "bar"] },
                },
            },
        };
        return new Dataset(manifest, table);
    }

    /// <summary>Net charge at pH 7 with Bjellqvist pKa values; N- and C-terminus counted once.</summary>
    public static double NetCharge(string sequence, double pH = 7.0)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        int k = 0, r = 0, h = 0, d = 0, e = 0, c = 0, y = 0;
        foreach (var ch in sequence)
        {
            switch (char.ToUpperInvariant(ch))
            {
                case 'K': k++; break;
                case 'R': r++; break;
                case 'H': h++; break;
                case 'D': d++; break;
                case 'E': e++; break;
                case 'C': c++; break;
                case 'Y': y++; break;
            }
        }
        static double Pos(double pk, double pH) => Math.Pow(10, pk - pH) / (Math.Pow(10, pk - pH) + 1);
        static double Neg(double pk, double pH) => Math.Pow(10, pH - pk) / (Math.Pow(10, pH - pk) + 1);
        double positive = Pos(9.38, pH) + k * Pos(10.67, pH) + r * Pos(12.10, pH) + h * Pos(6.04, pH);
        double negative = d * Neg(3.71, pH) + e * Neg(4.15, pH) + c * Neg(8.14, pH) + y * Neg(10.10, pH) + Neg(2.15, pH);
        return positive - negative;
    }
}
