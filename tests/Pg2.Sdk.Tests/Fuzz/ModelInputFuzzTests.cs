using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pg2.Contracts;
using Pg2.Fuzzing;
using Pg2.Sdk.Hosting;

namespace Pg2.Sdk.Tests.Fuzz;

/// <summary>
/// Fuzz properties of what a model reads besides the dataset: its <c>manifest.toml</c> and SageMaker's
/// <c>hyperparameters.json</c> overrides. Mutated files either parse (and every hyper-parameter can be read
/// back through the typed accessors) or fail with a one-line <see cref="InvalidInputException"/>.
/// </summary>
public sealed class ModelInputFuzzTests : IDisposable
{
    private static readonly string[] Models = ["pls", "ridge", "evmutation", "site-independent"];

    private static readonly IReadOnlyList<FuzzSeed<string>> Manifests =
        Models.Select(m => new FuzzSeed<string>($"models/{m}/manifest.toml", File.ReadAllText(FuzzCorpus.Repo("models", m, "manifest.toml")))).ToList();

    /// <summary>Overrides for every hyper-parameter of each model, as SageMaker writes them (strings) and as plain JSON.</summary>
    private static readonly IReadOnlyList<FuzzSeed<string>> Overrides = Manifests.SelectMany(m =>
    {
        var hp = ModelManifest.Parse(m.Value, m.Name).HyperParameters;
        var plain = JsonSerializer.Serialize(hp.Values, new JsonSerializerOptions { WriteIndented = true });
        var strings = JsonSerializer.Serialize(hp.Values.ToDictionary(kv => kv.Key, kv => JsonSerializer.Serialize(kv.Value).Trim('"')),
            new JsonSerializerOptions { WriteIndented = true });
        return new[] { new FuzzSeed<string>(m.Name + " → hyperparameters.json", plain), new FuzzSeed<string>(m.Name + " → hyperparameters.json (strings)", strings) };
    }).ToList();

    private static readonly Arbitrary<TextCase> ManifestCases = FuzzGen.Texts(Manifests);
    private static readonly Arbitrary<TextCase> OverrideCases = FuzzGen.Texts(Overrides);

    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-fuzz-sdk-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static bool IsUserFacing(Exception e) => e is InvalidInputException;

    /// <summary>Reads every value the way a model's code does, through the accessor of its type.</summary>
    private static void ReadAll(HyperParameters hp)
    {
        foreach (var key in hp.Keys)
        {
            switch (hp.Values[key])
            {
                case long: _ = hp.GetInt32(key, 0); break;
                case double: _ = hp.GetDouble(key); break;
                case bool: _ = hp.GetBoolean(key, false); break;
                case string: _ = hp.GetString(key); break;
                case IReadOnlyList<object> list when list.All(v => v is string): _ = hp.GetStrings(key, []); break;
                default: _ = hp.GetDouble(key, 0); break; // a list of numbers read as a number: a wrong-type error
            }
        }
        using var buffer = new MemoryStream();
        using var writer = new Utf8JsonWriter(buffer);
        hp.WriteJson(writer);
    }

    [Fact]
    public void Seeds_ParseBeforeMutation()
    {
        foreach (var m in Manifests) Assert.NotEmpty(ModelManifest.Parse(m.Value, m.Name).HyperParameters.Keys);
        var pls = ModelManifest.Parse(Manifests[0].Value, Manifests[0].Name).HyperParameters;
        foreach (var o in Overrides.Take(2))
        {
            var path = Path.Combine(_dir, "hyperparameters.json");
            File.WriteAllText(path, o.Value);
            Assert.Equal(pls.Keys, pls.WithOverrides(TrainJob.ReadOverrides(path), path).Keys);
        }
    }

    [Property(MaxTest = 1000, Replay = "(20261206,23)", QuietOnSuccess = true)]
    public Property MutatedModelManifest_ParsesOrFailsWithOneLine() => Prop.ForAll(ManifestCases, c =>
    {
        var bytes = c.Build();
        var path = Path.Combine(_dir, "manifest.toml");
        File.WriteAllBytes(path, bytes);
        FuzzOracle.Check(c, bytes.Length, () => ReadAll(ModelManifest.FromPath(path).HyperParameters), IsUserFacing);
    });

    [Property(MaxTest = 1000, Replay = "(20261207,29)", QuietOnSuccess = true)]
    public Property MutatedHyperParametersJson_AppliesOrFailsWithOneLine() => Prop.ForAll(OverrideCases, c =>
    {
        var bytes = c.Build();
        var path = Path.Combine(_dir, "hyperparameters.json");
        File.WriteAllBytes(path, bytes);
        var model = Manifests.First(m => c.Seed.Name.StartsWith(m.Name, StringComparison.Ordinal));
        var manifest = ModelManifest.Parse(model.Value, model.Name);
        FuzzOracle.Check(c, bytes.Length, () => ReadAll(manifest.HyperParameters.WithOverrides(TrainJob.ReadOverrides(path), path)), IsUserFacing);
    });
}
