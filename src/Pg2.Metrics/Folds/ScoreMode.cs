namespace Pg2.Metrics.Folds;

/// <summary>
/// Which rows of fold-aware predictions are scored (pg2-benchmark's score modes, FORMATS.md §D.4;
/// a game's <c>score_modes</c> use <see cref="Test"/> and <see cref="Pooled"/>).
/// </summary>
public enum ScoreMode
{
    /// <summary><c>test</c>: the held-out test fold k.</summary>
    Test,
    /// <summary><c>train_available</c>: every fold except k, pooled (how well the model fits its training data).</summary>
    TrainAvailable,
    /// <summary><c>per_fold</c>: each fold separately.</summary>
    PerFold,
    /// <summary><c>full_dataset</c>: all rows, ignoring folds.</summary>
    FullDataset,
    /// <summary>
    /// <c>pooled</c>: ProteinGym's supervised rule (FORMATS.md §D.5), one value over the held-out rows of
    /// all folds pooled on the folds' standardised scales. It spans runs, so <see cref="PooledScoring"/>
    /// scores it; <see cref="FoldScoring.Score"/> (one run) passes it over.
    /// </summary>
    Pooled,
}

/// <summary>The wire names of <see cref="ScoreMode"/> (<c>test</c>, <c>train_available</c>, <c>per_fold</c>, <c>full_dataset</c>, <c>pooled</c>).</summary>
public static class ScoreModeNames
{
    /// <summary>pg2-benchmark's default modes: test, train_available, per_fold.</summary>
    public static IReadOnlyList<ScoreMode> Default { get; } = [ScoreMode.Test, ScoreMode.TrainAvailable, ScoreMode.PerFold];

    /// <summary>The name used in files and on the command line.</summary>
    public static string ToName(this ScoreMode mode) => mode switch
    {
        ScoreMode.Test => "test",
        ScoreMode.TrainAvailable => "train_available",
        ScoreMode.PerFold => "per_fold",
        ScoreMode.FullDataset => "full_dataset",
        ScoreMode.Pooled => "pooled",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>Parses a wire name.</summary>
    /// <exception cref="MetricInputException">Unknown name; the message lists the valid ones.</exception>
    public static ScoreMode Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "test" => ScoreMode.Test,
        "train_available" => ScoreMode.TrainAvailable,
        "per_fold" => ScoreMode.PerFold,
        "full_dataset" => ScoreMode.FullDataset,
        "pooled" => ScoreMode.Pooled,
        _ => throw new MetricInputException($"unknown score mode '{name}'; known: test, train_available, per_fold, full_dataset, pooled"),
    };
}
