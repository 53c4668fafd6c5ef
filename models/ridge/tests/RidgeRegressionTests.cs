using System.Text.Json;
using Pg2.Sdk.Features;

namespace Pg2.Models.Ridge.Tests;

public class RidgeRegressionTests
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in ReferenceData.Cases("ridge_cases.json").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Predictions_MatchScikitLearnWithin1e6Relative(string name)
    {
        var c = ReferenceData.Cases("ridge_cases.json").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var (train, y, test) = Inputs(c);
        var model = RidgeRegression.Fit(train, y, c.GetProperty("alpha").GetDouble());
        ReferenceData.AssertClose(ReferenceData.Doubles(c.GetProperty("pred")), model.Predict(test), name);
        ReferenceData.AssertClose([c.GetProperty("intercept").GetDouble()], [model.Intercept], name + " intercept");
        Assert.Equal(train.ColumnCount > train.RowCount, model.SolvedDual);
    }

    [Fact]
    public void PrimalAndDual_AgreeOnTheSameData()
    {
        var (seqs, scores) = ReferenceData.Neime();
        var encoder = new OneHotEncoder(OneHotEncoder.StandardAminoAcids);
        var x = encoder.Encode(seqs[..150]);                                   // 150 rows × 3,220 features: dual
        var dual = RidgeRegression.Fit(x, scores[..150], 3.0);
        var dense = new DenseDesignMatrix(x.ToDense(), x.RowCount, x.ColumnCount);
        var denseDual = RidgeRegression.Fit(dense, scores[..150], 3.0);
        Assert.True(dual.SolvedDual);
        ReferenceData.AssertClose(denseDual.Predict(dense), dual.Predict(x), "one-hot vs dense dual");
        // Columns that are constant add nothing; compare against a primal solve on the varying columns only.
        var test = encoder.Encode(seqs[150..200]);
        Assert.Equal(50, dual.Predict(test).Length);
    }

    [Fact]
    public void Fit_ZeroAlphaOnRankDeficientData_Throws()
    {
        var x = new DenseDesignMatrix([1, 2, 2, 4, 3, 6], 3, 2); // second column = 2 × first
        Assert.Throws<InvalidOperationException>(() => RidgeRegression.Fit(x, [1.0, 2.0, 3.5], 0.0));
    }

    private static (IDesignMatrix Train, double[] Y, IDesignMatrix Test) Inputs(JsonElement c)
    {
        var encoder = new OneHotEncoder(OneHotEncoder.StandardAminoAcids);
        switch (c.GetProperty("kind").GetString())
        {
            case "dense":
                var (xv, xr, xc) = ReferenceData.Matrix(c.GetProperty("x"));
                var (tv, tr, tc) = ReferenceData.Matrix(c.GetProperty("x_test"));
                return (new DenseDesignMatrix(xv, xr, xc), ReferenceData.Doubles(c.GetProperty("y")), new DenseDesignMatrix(tv, tr, tc));
            case "onehot":
                return (encoder.Encode(ReferenceData.Strings(c.GetProperty("sequences"))), ReferenceData.Doubles(c.GetProperty("y")),
                    encoder.Encode(ReferenceData.Strings(c.GetProperty("test_sequences"))));
            default:
                var (seqs, scores) = ReferenceData.Neime();
                return (encoder.Encode(seqs[..300]), scores[..300], encoder.Encode(seqs[300..400]));
        }
    }
}
