using Pg2.Metrics.Folds;

namespace Pg2.Runner.Games;

/// <summary>Whether a game trains models on folds of the data or only scores them.</summary>
public enum GameKind
{
    /// <summary>Models are trained; datasets may be split into ProteinGym fold schemes.</summary>
    Supervised,
    /// <summary>Models score every variant without training on the assay.</summary>
    ZeroShot,
}

/// <summary>
/// A benchmark "game": every model of <see cref="Models"/> runs on every dataset of
/// <see cref="Datasets"/> (and on every fold of a dataset's fold schemes), scored with <see cref="Metrics"/>.
/// </summary>
/// <param name="Name">Game name; the first folder level under the results directory.</param>
/// <param name="Kind">Supervised or zero-shot.</param>
/// <param name="Datasets">Datasets in file order.</param>
/// <param name="Models">Models in file order.</param>
/// <param name="Metrics">Metric names (resolved by the metric registry).</param>
/// <param name="ScoreModes">How fold predictions are scored: <see cref="ScoreMode.Test"/> (each job's value; over a
/// scheme's folds, their mean and sample std, FORMATS.md §D.4) and <see cref="ScoreMode.Pooled"/> (FORMATS.md §D.5).</param>
/// <param name="SourcePath">The game file, absolute.</param>
public sealed record Game(
    string Name,
    GameKind Kind,
    IReadOnlyList<GameDataset> Datasets,
    IReadOnlyList<GameModel> Models,
    IReadOnlyList<string> Metrics,
    IReadOnlyList<ScoreMode> ScoreModes,
    string SourcePath)
{
    /// <summary>Covariate sources (<c>[[covariates]]</c>) the game's models may name; empty when none.</summary>
    public IReadOnlyList<GameCovariate> Covariates { get; init; } = [];

    /// <summary>Score-only entries (<c>[[scores]]</c>): models that ran elsewhere, given as ProteinGym score folders.</summary>
    public IReadOnlyList<GameScores> Scores { get; init; } = [];
}

/// <summary>
/// A covariate source of a supervised game: a zero-shot model run once per dataset (all rows), or a
/// folder of score files (ProteinGym's model-score layout: <c>&lt;dataset&gt;.csv</c> with <c>mutant</c>
/// and/or <c>mutated_sequence</c> and a score column). Its per-variant scores reach every model that
/// names it through the job's <c>covariates</c> input channel.
/// </summary>
/// <param name="Name">Name the models use in <c>covariates = [...]</c>; also the covariate file's name (<c>&lt;name&gt;.csv</c>).</param>
/// <param name="Model">The zero-shot model, or null for a scores folder; its <see cref="GameModel.Name"/> is <paramref name="Name"/>.</param>
/// <param name="ScoresFolder">The folder of score files (absolute), or null for a model.</param>
/// <param name="Column">The score column of the files; null = the only numeric column that is not an assay column.</param>
public sealed record GameCovariate(string Name, GameModel? Model, string? ScoresFolder, string? Column);

/// <summary>One dataset archive of a game.</summary>
/// <param name="Name">Label used in results and leaderboards (default: the archive's file name without extension).</param>
/// <param name="Path">The archive, absolute.</param>
/// <param name="Target">Target column, or null for the model's default (the first target).</param>
/// <param name="Splits">ProteinGym fold schemes (<c>random</c>, <c>modulo</c>, <c>contiguous</c>); empty = one job on the archive's own split.</param>
/// <param name="Folds">Number of folds of every scheme.</param>
public sealed record GameDataset(string Name, string Path, string? Target, IReadOnlyList<string> Splits, int Folds)
{
    /// <summary>The ProteinGym assay (<c>DMS_id</c>) this dataset is, from the game file's <c>dms_id</c>; null = its <see cref="Name"/>.</summary>
    public string? DmsId { get; init; }
}

/// <summary>
/// A score-only entry: a folder in ProteinGym's model-score layout (one <c>&lt;DMS_id&gt;.csv</c> per assay with
/// <c>mutant</c> and a score column), scored against the game's datasets like a model's predictions.
/// </summary>
/// <param name="Name">Label in results and leaderboards (default: the folder name).</param>
/// <param name="Folder">The score folder, absolute.</param>
/// <param name="Column">The score column's name.</param>
public sealed record GameScores(string Name, string Folder, string Column);

/// <summary>One model of a game: a folder to build or a ready image, plus the manifest it runs with.</summary>
/// <param name="Name">Label used in results and leaderboards (default: the folder name, or the image's repository name).</param>
/// <param name="Folder">Model folder (absolute) with a project and a Dockerfile, or null when <paramref name="Image"/> is given.</param>
/// <param name="Image">Container image reference, or null: then engines derive <c>pg2/&lt;folder&gt;:latest</c>.</param>
/// <param name="Manifest">The model manifest TOML, absolute.</param>
/// <param name="Resources">The game's override of the model's declared resources (<c>resources = { ... }</c>); null = none.</param>
public sealed record GameModel(string Name, string? Folder, string? Image, string Manifest, Pg2.Contracts.ModelResources? Resources = null)
{
    /// <summary>What an engine is told of this model.</summary>
    public Pg2.Contracts.ModelSource Source => new(Name, Folder, Image, Manifest);

    /// <summary>The image this model runs as in a container engine.</summary>
    public string ImageReference => Source.ImageReference;

    /// <summary>Names of the game's covariates this model is given (<c>covariates = [...]</c>); empty when none.</summary>
    public IReadOnlyList<string> Covariates { get; init; } = [];

    /// <summary>The weights directory (absolute) the model is given as its read-only <c>weights</c> input, or null.</summary>
    public string? Weights { get; init; }

    /// <summary>
    /// The container contract the game declares for the model (<c>contract = "e4"</c>); null when it does not (then the
    /// manifest's or card's <c>contract</c> key, else the image label <see cref="Pg2.Contracts.ContainerContract.Label"/>, else seed).
    /// </summary>
    public Pg2.Contracts.ModelContract? Contract { get; init; }
}
