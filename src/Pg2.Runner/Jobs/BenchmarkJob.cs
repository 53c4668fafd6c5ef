using System.Globalization;
using Pg2.Runner.Games;

namespace Pg2.Runner.Jobs;

/// <summary>
/// One unit of work: a model on a dataset, or on one test fold of one of the dataset's fold schemes.
/// </summary>
/// <param name="Game">The game the job belongs to.</param>
/// <param name="Dataset">The dataset.</param>
/// <param name="Model">The model.</param>
/// <param name="Split">Fold scheme, or null for a job on the archive's own split (or, zero-shot, all rows).</param>
/// <param name="Fold">Test fold index (0-based) when <paramref name="Split"/> is set.</param>
public sealed record BenchmarkJob(Game Game, GameDataset Dataset, GameModel Model, string? Split, int? Fold)
{
    /// <summary>The covariate this job computes (its model scoring every row of the dataset once), or null for a game model's job.</summary>
    public GameCovariate? Covariate { get; init; }

    /// <summary>Results folder relative to the results root: <c>&lt;game&gt;/&lt;dataset&gt;/&lt;model&gt;[/&lt;split&gt;/fold&lt;k&gt;]</c>.</summary>
    public string RelativeDir => Split is null
        ? Path.Combine(Game.Name, Dataset.Name, Model.Name)
        : Path.Combine(Game.Name, Dataset.Name, Model.Name, Split, "fold" + Fold!.Value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Model arguments after <c>train</c>: the fold options (scheme, fold count, test fold) and the target.</summary>
    public IReadOnlyList<string> ModelArguments
    {
        get
        {
            var args = new List<string>();
            if (Split is not null)
            {
                args.AddRange(["--split", Split, "--folds", Dataset.Folds.ToString(CultureInfo.InvariantCulture),
                               "--test-fold", Fold!.Value.ToString(CultureInfo.InvariantCulture)]);
            }
            if (Dataset.Target is not null) args.AddRange(["--target", Dataset.Target]);
            return args;
        }
    }

    /// <summary>
    /// Model arguments of today's contract (FORMATS.md §E.1 E3/E4) on the job's splits archive: <c>--split S
    /// --test-fold K --target T</c>; a job without a scheme runs on the one slice of split <see cref="FullSplit"/>.
    /// </summary>
    public IReadOnlyList<string> E4Arguments(string target) =>
        ["--split", Split ?? FullSplit, "--test-fold", (Fold ?? 0).ToString(CultureInfo.InvariantCulture), "--target", target];

    /// <summary>The split of an E4 job's splits archive holding every row as its one slice (datasets without schemes).</summary>
    public const string FullSplit = "full";

    /// <summary>
    /// <c>proteingym</c> when the archive carries ProteinGym's fold column for <see cref="Split"/> (the model then
    /// uses it), <c>computed</c> otherwise; null without a fold scheme.
    /// </summary>
    public string? FoldsSource => Split is null ? null : ArchiveFoldColumns.Has(Dataset.Path, Split) ? "proteingym" : "computed";

    /// <summary>Human label, e.g. <c>neime · pls · modulo fold 2</c>.</summary>
    public string Label => Split is null
        ? $"{Dataset.Name} · {Model.Name}"
        : $"{Dataset.Name} · {Model.Name} · {Split} fold {Fold}";

    /// <summary>
    /// Every job of <paramref name="game"/>: first one job per dataset × covariate model that some model
    /// names (all rows, no folds: the scores do not depend on the fold), then dataset × model (× scheme × fold), in file order.
    /// </summary>
    public static IReadOnlyList<BenchmarkJob> Plan(Game game)
    {
        ArgumentNullException.ThrowIfNull(game);
        var jobs = new List<BenchmarkJob>();
        var used = game.Models.SelectMany(m => m.Covariates).ToHashSet(StringComparer.Ordinal);
        foreach (var d in game.Datasets)
            foreach (var c in game.Covariates)
                if (c.Model is not null && used.Contains(c.Name))
                    jobs.Add(new BenchmarkJob(game, d, c.Model, null, null) { Covariate = c });
        foreach (var d in game.Datasets)
            foreach (var m in game.Models)
            {
                if (d.Splits.Count == 0) { jobs.Add(new BenchmarkJob(game, d, m, null, null)); continue; }
                foreach (var s in d.Splits)
                    for (var k = 0; k < d.Folds; k++) jobs.Add(new BenchmarkJob(game, d, m, s, k));
            }
        return jobs;
    }
}

/// <summary>Which fold schemes an archive carries as columns, read once per archive (only its manifest).</summary>
internal static class ArchiveFoldColumns
{
    static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, long), IReadOnlySet<string>> Cache = new();

    public static bool Has(string archive, string scheme)
    {
        var stamp = File.Exists(archive) ? File.GetLastWriteTimeUtc(archive).Ticks : 0;
        var schemes = Cache.GetOrAdd((archive, stamp), key =>
        {
            try
            {
                return Pg2.Datasets.Dataset.ReadManifest(key.Item1).AssaysMeta?.Folds.Keys.ToHashSet(StringComparer.Ordinal)
                       ?? new HashSet<string>();
            }
            catch (Pg2.Contracts.InvalidInputException)
            {
                return new HashSet<string>(); // the job itself reports the broken archive
            }
        });
        return schemes.Contains(scheme);
    }
}
