namespace Pg2.Models.Evmutation.Tests;

public class PottsModelTests
{
    private const string WildType = "MKLAWG";

    private static PottsModel RandomModel()
    {
        var layout = new PottsLayout(WildType.Length);
        var random = new Random(11);
        var x = new double[layout.ParameterCount];
        for (int k = 0; k < x.Length; k++) x[k] = random.NextDouble() - 0.5;
        return new PottsModel(x, [3, 4, 5, 7, 8, 9], WildType, 12.5, 40);
    }

    private static double Energy(PottsModel model, int[] states)
    {
        double e = 0;
        for (int i = 0; i < states.Length; i++)
        {
            e += model.Field(i, states[i]);
            for (int j = i + 1; j < states.Length; j++) e += model.Coupling(i, j, states[i], states[j]);
        }
        return e;
    }

    private static int[] States(string sequence) => sequence.Select(PottsModel.ResidueIndex).ToArray();

    [Theory]
    [InlineData("MKLAWG", "MKLAWA")]
    [InlineData("MKLAWG", "MRLAWG")]
    [InlineData("MKLAWG", "ARLAYG")]
    [InlineData("MKLAWG", "CDEFGH")]
    public void DeltaE_EqualsEnergyDifference(string wild, string variant)
    {
        var model = RandomModel();
        var changes = new List<(int, int)>();
        for (int i = 0; i < wild.Length; i++)
            if (wild[i] != variant[i]) changes.Add((i, PottsModel.ResidueIndex(variant[i])));
        double expected = Energy(model, States(variant)) - Energy(model, States(wild));
        Assert.Equal(expected, model.DeltaE(changes.ToArray()), 12);
    }

    [Fact]
    public void Coupling_IsSymmetricUnderTransposition()
    {
        var model = RandomModel();
        Assert.Equal(model.Coupling(1, 4, 3, 7), model.Coupling(4, 1, 7, 3));
    }

    [Fact]
    public void SaveLoad_RoundTrips()
    {
        var model = RandomModel();
        var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = PottsModel.Load(stream, "mem");
        Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.Equal(model.ResidueNumbers, loaded.ResidueNumbers);
        Assert.Equal(model.WildType, loaded.WildType);
        Assert.Equal(model.EffectiveCount, loaded.EffectiveCount);
    }

    [Fact]
    public void Load_TruncatedFile_IsInvalidInput()
    {
        var stream = new MemoryStream();
        RandomModel().Save(stream);
        var bytes = stream.ToArray()[..^10];
        Assert.Throws<Pg2.Contracts.InvalidInputException>(() => PottsModel.Load(new MemoryStream(bytes), "cut.potts"));
    }
}
