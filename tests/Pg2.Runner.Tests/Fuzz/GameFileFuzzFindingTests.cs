using Pg2.Contracts;
using Pg2.Runner.Games;

namespace Pg2.Runner.Tests.Fuzz;

/// <summary>The smallest inputs of the crashes the game file fuzz property found, kept as regressions.</summary>
public sealed class GameFileFuzzFindingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-fuzz-games-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void UnterminatedQuotedKeyThenBackslashAtTheEnd_IsInvalidToml()
    {
        var path = Path.Combine(_dir, "game.toml");
        File.WriteAllText(path, "name = \"x\"\n\"\n[a]\nb = 1\n\\");
        var e = Assert.Throws<InvalidInputException>(() => GameFile.Load(path));
        Assert.Contains("TOML syntax error", e.Message, StringComparison.Ordinal);
    }
}
