using System.Text;
using Pg2.Datasets.Alignments;

namespace Pg2.Datasets.Tests.Alignments;

public class SequenceWeightsTests
{
    // A focus and mutated copies of it: many pairs near the 80 % threshold, on both sides of it.
    private static EncodedAlignment Mutated(int rows, int length, int seed)
    {
        const string letters = "ACDEFGHIKLMNPQRSTVWY-";
        var random = new Random(seed);
        var focus = new char[length];
        for (int i = 0; i < length; i++) focus[i] = letters[random.Next(20)];
        var text = new StringBuilder(">F\n").Append(focus).Append('\n');
        for (int r = 0; r < rows; r++)
        {
            var row = (char[])focus.Clone();
            int changes = random.Next(length / 3);
            for (int c = 0; c < changes; c++) row[random.Next(length)] = letters[random.Next(21)];
            text.Append(">s").Append(r).Append('\n').Append(row).Append('\n');
        }
        var alignment = AlignmentReader.Read(new MemoryStream(Encoding.ASCII.GetBytes(text.ToString())), AlignmentFormat.A2m, "mutated.a2m");
        return EncodedAlignment.Encode(alignment);
    }

    [Theory]
    [InlineData(300, 70)]   // three tiles, two vectors per row (the early stop between them)
    [InlineData(130, 200)]  // a tile and a bit, four vectors per row
    public void Compute_EqualsCountingEveryPairDirectly(int rows, int length)
    {
        var encoded = Mutated(rows, length, rows + length);
        var weights = SequenceWeights.Compute(encoded, 0.8);
        // plmc: identities >= (1 - divergence) · L with divergence = 1 - theta.
        int n = encoded.SequenceCount, needed = (int)Math.Ceiling((1.0 - (1.0 - 0.8)) * length);
        for (int s = 0; s < n; s++)
        {
            int neighbours = 0;
            for (int t = 0; t < n; t++)
            {
                int same = 0;
                for (int i = 0; i < length; i++) if (encoded.Row(s)[i] == encoded.Row(t)[i]) same++;
                if (same >= needed) neighbours++;
            }
            Assert.Equal(1.0 / neighbours, weights.Values[s], 15);
        }
        Assert.InRange(weights.EffectiveCount, 2, n - 1); // the test has both neighbours and loners
    }
}
