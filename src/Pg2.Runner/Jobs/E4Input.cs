using Pg2.Contracts;
using Pg2.Datasets;
using Pg2.Datasets.Splits;
using Pg2.Runner.Games;

namespace Pg2.Runner.Jobs;

/// <summary>
/// What an E4-contract model is given for one game dataset: a splits archive whose named splits are the game's
/// fold schemes with exactly the folds seed-contract models use (the archive's ProteinGym fold columns, else
/// <see cref="FoldAssignment.For"/> with the game's fold count), or, for a dataset without schemes, one split
/// <see cref="BenchmarkJob.FullSplit"/> whose one slice holds every row.
/// </summary>
/// <param name="Path">The splits archive, under the results folder.</param>
/// <param name="Target">The target the folds are assigned on and the model predicts.</param>
internal sealed record E4Input(string Path, string Target)
{
    /// <summary>Folder under the results root holding the splits archives given to E4 models.</summary>
    public const string Folder = ".e4-inputs";

    /// <summary>Writes the splits archive of <paramref name="d"/> for <paramref name="game"/> under <paramref name="results"/>.</summary>
    public static E4Input Build(Game game, GameDataset d, string results)
    {
        var dataset = Dataset.FromPath(d.Path);
        var target = d.Target ?? dataset.Targets.FirstOrDefault()
            ?? throw new InvalidInputException($"{d.Path}: dataset '{dataset.Name}' declares no target");
        var view = dataset.ForTarget(target);
        IReadOnlyList<KeyValuePair<string, IReadOnlyList<DatasetSlice>>> splits = d.Splits.Count == 0
            ? [new(BenchmarkJob.FullSplit, [dataset.SliceOf(view.Rows)])]
            : [.. d.Splits.Select(s =>
            {
                var scheme = FoldAssignment.ParseScheme(s);
                var folds = dataset.ArchiveFolds(view, scheme) ?? FoldAssignment.For(dataset, view, scheme, d.Folds);
                return new KeyValuePair<string, IReadOnlyList<DatasetSlice>>(s, folds.ToSlices(dataset));
            })];
        var folder = OutputFolder.Ensure(System.IO.Path.Combine(results, Folder, game.Name), "E4 inputs");
        var path = OutputFolder.Inside(folder, $"{d.Name}.splits.pgdata", "splits archive");
        dataset.WithSplits(new DatasetSplits(splits, named: true)).Save(path, "splits");
        return new E4Input(path, target);
    }
}
