using Pg2.Datasets;
using Pg2.Sdk.Features;
using Pg2.Contracts;

namespace Pg2.Sdk.Tests.Features;

public class OneHotEncoderTests
{
    private static readonly OneHotEncoder Standard = new(OneHotEncoder.StandardAminoAcids);

    [Fact]
    public void Encode_SetsPositionTimesAlphabetPlusLetter()
    {
        var x = Standard.Encode(["ACY", "YCA"]);
        var dense = x.ToDense();
        Assert.Equal(2 * 60, dense.Length);
        Assert.Equal(1.0, dense[0 * 20 + 0]);          // row 0, pos 0, A
        Assert.Equal(1.0, dense[1 * 20 + 1]);          // row 0, pos 1, C
        Assert.Equal(1.0, dense[2 * 20 + 19]);         // row 0, pos 2, Y
        Assert.Equal(1.0, dense[60 + 0 * 20 + 19]);    // row 1, pos 0, Y
        Assert.Equal(6.0, dense.Sum());
    }

    [Fact]
    public void SelectRows_KeepsTheGivenRowsInTheirOrder()
    {
        var x = new OneHotMatrix([0, 1, 2, 3, 4, 5], rows: 3, positions: 2, alphabetSize: 6);
        var picked = x.SelectRows([2, 0]);
        Assert.Equal((2, 2, 6), (picked.RowCount, picked.Positions, picked.AlphabetSize));
        Assert.Equal([4, 5], picked.RowCodes(0).ToArray());
        Assert.Equal([0, 1], picked.RowCodes(1).ToArray());
    }

    [Fact]
    public void Encode_UnknownLetter_NamesRowPositionAndLetter()
    {
        var e = Assert.Throws<InvalidInputException>(() => Standard.Encode(["ACD", "AXD"]));
        Assert.Contains("sequence 2", e.Message);
        Assert.Contains("'X'", e.Message);
        Assert.Contains("position 2", e.Message);
    }

    [Fact]
    public void Encode_UnequalLengths_IsAnError()
    {
        var e = Assert.Throws<InvalidInputException>(() => Standard.Encode(["ACD", "ACDE"]));
        Assert.Contains("length 4, expected 3", e.Message);
    }

    [Fact]
    public void Encode_WithRequiredLength_RejectsOtherLengths() =>
        Assert.Throws<InvalidInputException>(() => Standard.Encode(["ACD"], length: 4));

    [Fact]
    public void FromHyperParameters_RejectsLengthNotMatchingAlphabet()
    {
        var hp = new HyperParameters(new Dictionary<string, object>
        {
            ["aa_alphabet"] = new List<object> { "A", "C" },
            ["aa_alphabet_length"] = 20L,
        }, "m.toml");
        var e = Assert.Throws<InvalidInputException>(() => OneHotEncoder.FromHyperParameters(hp));
        Assert.Contains("aa_alphabet_length", e.Message);
    }

    [Fact]
    public void Alphabet_WithRepeatedLetter_IsRejected() =>
        Assert.Throws<InvalidInputException>(() => new OneHotEncoder(["A", "C", "A"]));

    [Fact]
    public void Products_EqualThoseOfTheDenseMatrix()
    {
        var rng = new Random(3);
        var seqs = Enumerable.Range(0, 37).Select(_ => new string(Enumerable.Range(0, 45)
            .Select(_ => "ACDEFGHIKLMNPQRSTVWY"[rng.Next(20)]).ToArray())).ToArray();
        var x = Standard.Encode(seqs);
        var d = new DenseDesignMatrix(x.ToDense(), x.RowCount, x.ColumnCount);
        var v = Enumerable.Range(0, x.ColumnCount).Select(_ => rng.NextDouble()).ToArray();
        var u = Enumerable.Range(0, x.RowCount).Select(_ => rng.NextDouble()).ToArray();
        AssertClose(Mul(d, v), Mul(x, v));
        AssertClose(MulT(d, u), MulT(x, u));
        var sx = x.ColumnStatistics();
        var sd = d.ColumnStatistics();
        AssertClose(sd.Means, sx.Means);
        AssertClose(sd.StandardDeviations, sx.StandardDeviations);
        AssertClose(d.CenteredGram(sd.Means), x.CenteredGram(sx.Means));
        AssertClose(d.CenteredRowGram(sd.Means), x.CenteredRowGram(sx.Means));
    }

    private static double[] Mul(IDesignMatrix m, double[] v) { var r = new double[m.RowCount]; m.Multiply(v, r); return r; }
    private static double[] MulT(IDesignMatrix m, double[] u) { var r = new double[m.ColumnCount]; m.MultiplyTransposed(u, r); return r; }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-10 * (1 + Math.Abs(expected[i])), $"[{i}] {expected[i]} vs {actual[i]}");
    }
}
