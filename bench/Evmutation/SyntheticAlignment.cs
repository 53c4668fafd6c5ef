using System.Text;
using Pg2.Datasets.Alignments;

namespace Pg2.Bench.Evmutation;

/// <summary>
/// Seeded synthetic alignments of any depth and length, made by mutation: a random focus, clades that
/// differ from it at ~30 % of sites, sequences that differ from their clade at ~10 % and carry gapped
/// stretches (~5 % of sites). So identity neighbourhoods, gaps and duplicates look like a real MSA's.
/// </summary>
internal static class SyntheticAlignment
{
    private const string Residues = "ACDEFGHIKLMNPQRSTVWY";

    /// <summary>An alignment of <paramref name="depth"/> sequences (focus first) over <paramref name="length"/> sites.</summary>
    public static Alignment Generate(int depth, int length, int seed)
    {
        var random = new Random(seed);
        var focus = new char[length];
        for (int i = 0; i < length; i++) focus[i] = Residues[random.Next(20)];
        int cladeCount = Math.Max(1, depth / 50);
        var clades = new char[cladeCount][];
        for (int c = 0; c < cladeCount; c++) clades[c] = Mutate(focus, 0.3, random);
        var ids = new List<string>(depth) { $"FOCUS/1-{length}" };
        var rows = new List<string>(depth) { new string(focus) };
        for (int s = 1; s < depth; s++)
        {
            var row = Mutate(clades[random.Next(cladeCount)], 0.1, random);
            if (random.NextDouble() < 0.5)
            {
                // A gapped stretch: fragments and indels are what makes -g matter.
                int start = random.Next(length), span = random.Next(Math.Max(1, length / 10));
                for (int i = start; i < Math.Min(length, start + span); i++) row[i] = '-';
            }
            ids.Add("s" + s.ToString(System.Globalization.CultureInfo.InvariantCulture));
            rows.Add(new string(row));
        }
        return new Alignment(ids, rows);
    }

    private static char[] Mutate(char[] parent, double rate, Random random)
    {
        var child = (char[])parent.Clone();
        for (int i = 0; i < child.Length; i++)
            if (random.NextDouble() < rate) child[i] = Residues[random.Next(20)];
        return child;
    }

    /// <summary>The alignment as a2m text (for plmc or the model on the command line).</summary>
    public static void Write(Alignment alignment, string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        for (int r = 0; r < alignment.Depth; r++) writer.Write($">{alignment.Ids[r]}\n{alignment.Rows[r]}\n");
    }
}
