using System.Text.Json;
using Pg2.Runner.Jobs;
using Pg2.Contracts;
using Pg2.Metrics.Folds;

namespace Pg2.Runner.Games;

/// <summary>
/// <c>results/&lt;game&gt;/game.json</c>: the settings of the last run of a game that the report
/// needs without the game file (kind, metrics, score modes).
/// </summary>
/// <param name="Name">Game name.</param>
/// <param name="Kind">Supervised or zero-shot.</param>
/// <param name="Metrics">Metric names in order.</param>
/// <param name="ScoreModes">Score modes in order.</param>
/// <param name="GameFile">The game file it came from.</param>
/// <param name="Datasets">Dataset labels of the game (results of datasets since removed from the file are left out of the report); null = all.</param>
/// <param name="Models">Model labels of the game (score-only entries included), likewise.</param>
/// <param name="DmsIds">Dataset label → ProteinGym assay id where the game file gave a <c>dms_id</c>; other datasets are matched by label.</param>
public sealed record GameInfo(string Name, GameKind Kind, IReadOnlyList<string> Metrics, IReadOnlyList<ScoreMode> ScoreModes, string GameFile,
    IReadOnlyList<string>? Datasets = null, IReadOnlyList<string>? Models = null, IReadOnlyDictionary<string, string>? DmsIds = null)
{
    /// <summary>The settings of <paramref name="game"/>.</summary>
    public static GameInfo From(Game game) => new(game.Name, game.Kind, game.Metrics, game.ScoreModes, game.SourcePath,
        [.. game.Datasets.Select(d => d.Name)], [.. game.Models.Select(m => m.Name), .. game.Scores.Select(s => s.Name)],
        game.Datasets.Where(d => d.DmsId is not null).ToDictionary(d => d.Name, d => d.DmsId!, StringComparer.Ordinal));

    /// <summary>The ProteinGym assay id of dataset <paramref name="dataset"/>: its <c>dms_id</c>, else its label.</summary>
    public string DmsId(string dataset) => DmsIds?.GetValueOrDefault(dataset) ?? dataset;

    /// <summary>Writes <c>game.json</c> into <paramref name="gameDir"/>.</summary>
    public void Write(string gameDir) =>
        AtomicFile.WriteAllText(Path.Combine(gameDir, ResultFiles.Game), JsonSerializer.Serialize(this, JobRecord.Json) + "\n");

    /// <summary>Reads <c>game.json</c> from <paramref name="gameDir"/>; null when absent or unreadable.</summary>
    public static GameInfo? TryRead(string gameDir)
    {
        var path = Path.Combine(gameDir, ResultFiles.Game);
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<GameInfo>(File.ReadAllText(path), JobRecord.Json); }
        catch (JsonException) { return null; }
    }
}
