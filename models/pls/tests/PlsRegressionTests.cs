using System.Text.Json;
using Pg2.Sdk.Features;

namespace Pg2.Models.Pls.Tests;

public class PlsRegressionTests
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in ReferenceData.Cases("pls_cases.json").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Predictions_MatchScikitLearnWithin1e6Relative(string name)
    {
        var c = ReferenceData.Cases("pls_cases.json").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var (train, y, test) = Inputs(c);
        var model = PlsRegression.Fit(train, y, c.GetProperty("components").GetInt32());
        var expected = c.GetProperty("pred").EnumerateArray().Select(ReferenceData.Doubles).ToArray();
        for (int j = 0; j < expected.Length; j++)
            ReferenceData.AssertClose(expected[j], model.Predict(test, j), $"{name} target {j}");
        Assert.Equal(c.GetProperty("n_iter").EnumerateArray().Select(e => e.GetInt32()), model.Iterations);
    }

    [Fact]
    public void OneHotAndDenseInputs_GiveTheSameModel()
    {
        var (seqs, scores) = ReferenceData.Neime();
        var encoder = new OneHotEncoder(OneHotEncoder.StandardAminoAcids);
        var x = encoder.Encode(seqs[..120]);
        var dense = new DenseDesignMatrix(x.ToDense(), x.RowCount, x.ColumnCount);
        var a = PlsRegression.Fit(x, [scores[..120]], 2).Predict(x);
        var b = PlsRegression.Fit(dense, [scores[..120]], 2).Predict(dense);
        ReferenceData.AssertClose(b, a, "one-hot vs dense");
    }

    [Fact]
    public void HeldOutPosition_GetsWeightExactlyZero_SoItsVariantsPredictExactlyEqual()
    {
        // A modulo/contiguous fold: position 3 never varies in training, so its one-hot columns are
        // constant and (as in scikit-learn, which centres X explicitly) carry weight exactly 0.
        // Variants that differ only there must predict exactly the same value, not rounding noise.
        var encoder = new OneHotEncoder(OneHotEncoder.StandardAminoAcids);
        string[] train = ["ACDEF", "GCDEF", "AHDEF", "GHDEF", "AKDEF", "GCDEY", "AHDEW", "AKDEV", "GHDEY"];
        double[] y = [0.3, -1.2, 2.5, 0.7, -0.4, 1.9, -2.2, 0.1, 1.3];
        var model = PlsRegression.Fit(encoder.Encode(train), [y], 2);
        var pred = model.Predict(encoder.Encode(["ACAEF", "ACLEF", "ACWEF", "ACYEF"]));
        Assert.All(pred, p => Assert.Equal(pred[0], p));
        Assert.All(model.Coefficients[0].Skip(2 * 20).Take(20), c => Assert.Equal(0.0, c));
    }

    [Fact]
    public void Fit_RejectsMoreComponentsThanFeatures()
    {
        var x = new DenseDesignMatrix([1, 2, 3, 4, 5, 7], 3, 2);
        Assert.Throws<ArgumentException>(() => PlsRegression.Fit(x, [new double[] { 1, 2, 3 }], 3));
    }

    [Fact]
    public void Fit_ConstantTarget_PredictsTheMean()
    {
        var x = new DenseDesignMatrix([1, 2, 3, 4, 5, 7, 2, 2], 4, 2);
        var model = PlsRegression.Fit(x, [new double[] { 5, 5, 5, 5 }], 2);
        Assert.All(model.Predict(x), v => Assert.Equal(5.0, v, 12));
    }

    private static (IDesignMatrix Train, double[][] Y, IDesignMatrix Test) Inputs(JsonElement c)
    {
        var encoder = new OneHotEncoder(OneHotEncoder.StandardAminoAcids);
        switch (c.GetProperty("kind").GetString())
        {
            case "dense":
                var (xv, xr, xc) = ReferenceData.Matrix(c.GetProperty("x"));
                var (tv, tr, tc) = ReferenceData.Matrix(c.GetProperty("x_test"));
                return (new DenseDesignMatrix(xv, xr, xc), c.GetProperty("y").EnumerateArray().Select(ReferenceData.Doubles).ToArray(),
                    new DenseDesignMatrix(tv, tr, tc));
            case "onehot":
                return (encoder.Encode(ReferenceData.Strings(c.GetProperty("sequences"))),
                    c.GetProperty("y").EnumerateArray().Select(ReferenceData.Doubles).ToArray(),
                    encoder.Encode(ReferenceData.Strings(c.GetProperty("test_sequences"))));
            default:
                var (seqs, scores) = ReferenceData.Neime();
                return (encoder.Encode(seqs[..300]), [scores[..300]], encoder.Encode(seqs[300..400]));
        }
    }
}
