using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pg2.Contracts;
using Pg2.Fuzzing;
using Pg2.Runner.Games;

namespace Pg2.Runner.Tests.Fuzz;

/// <summary>
/// Fuzz property of the game file reader: mutated games (the repository's benchmarks, with their paths made
/// absolute so they resolve from a temporary folder) either load or fail with a one-line
/// <see cref="InvalidInputException"/>, within the memory budget of <see cref="FuzzOracle"/>.
/// </summary>
public sealed partial class GameFileFuzzTests : IDisposable
{
    private static readonly IReadOnlyList<FuzzSeed<string>> Games =
        new[] { "quickstart.toml", "supervised.toml", "zero_shot.toml" }.Select(Seed).ToList();

    private static readonly Arbitrary<TextCase> Cases = FuzzGen.Texts(Games);

    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-fuzz-games-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [GeneratedRegex("""^(\s*(?:path|manifest)\s*=\s*)"([^"]+)"(.*)$""", RegexOptions.Multiline)]
    private static partial Regex PathLine();

    private static FuzzSeed<string> Seed(string file)
    {
        var dir = FuzzCorpus.Repo("benchmarks");
        var text = PathLine().Replace(File.ReadAllText(Path.Combine(dir, file)),
            m => $"{m.Groups[1].Value}\"{Path.GetFullPath(Path.Combine(dir, m.Groups[2].Value))}\"{m.Groups[3].Value}");
        return new FuzzSeed<string>("benchmarks/" + file, text);
    }

    [Fact]
    public void Seeds_LoadBeforeMutation()
    {
        foreach (var seed in Games)
        {
            var path = Path.Combine(_dir, "game.toml");
            File.WriteAllText(path, seed.Value);
            Assert.NotEmpty(GameFile.Load(path).Datasets);
        }
    }

    [Property(MaxTest = 1000, Replay = "(20261208,31)", QuietOnSuccess = true)]
    public Property MutatedGame_LoadsOrFailsWithOneLine() => Prop.ForAll(Cases, c =>
    {
        var bytes = c.Build();
        var path = Path.Combine(_dir, "game.toml");
        File.WriteAllBytes(path, bytes);
        FuzzOracle.Check(c, bytes.Length, () => GameFile.Load(path), e => e is InvalidInputException);
    });
}
