using System.Globalization;
using System.IO.Compression;
using Pg2.Contracts;
using Pg2.Datasets;
using Pg2.Datasets.Assays;
using Pg2.Datasets.Mutations;
using Pg2.Sdk;

namespace Pg2.Runner.Games;

/// <summary>
/// Checks before the first job starts what every job would otherwise find out alone: each dataset
/// archive opens, each named target exists and has enough rows for its folds, each model manifest
/// parses. Every problem is reported at once.
/// </summary>
public static class GameCheck
{
    /// <summary>Throws one <see cref="InvalidInputException"/> listing every problem of <paramref name="game"/>, one per line.</summary>
    public static void Ensure(Game game)
    {
        var problems = Problems(game);
        if (problems.Count == 0) return;
        var file = Path.GetFileName(game.SourcePath);
        throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
            $"{file}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")} found before any job ran:{string.Concat(problems.Select(p => "\n  " + p))}"));
    }

    /// <summary>The problems of <paramref name="game"/>, each naming the game key it comes from; empty when it can run.</summary>
    public static IReadOnlyList<string> Problems(Game game)
    {
        var problems = new List<string>();
        for (var i = 0; i < game.Datasets.Count; i++)
            if (DatasetProblem(game.Datasets[i]) is { } p) problems.Add($"datasets[{i}] ({game.Datasets[i].Name}): {p}");
        for (var i = 0; i < game.Models.Count; i++)
            if (ManifestProblem(game.Models[i]) is { } p) problems.Add($"models[{i}] ({game.Models[i].Name}): manifest: {p}");
        for (var i = 0; i < game.Covariates.Count; i++)
            if (game.Covariates[i].Model is { } model && ManifestProblem(model) is { } p) problems.Add($"covariates[{i}] ({model.Name}): manifest: {p}");
        return problems;
    }

    static string? DatasetProblem(GameDataset entry)
    {
        Dataset data;
        try
        {
            data = Dataset.FromPath(entry.Path);
        }
        catch (Exception e) when (e is InvalidInputException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return $"path: {e.Message}";
        }
        var target = entry.Target ?? data.Targets.FirstOrDefault();
        if (target is null) return $"the archive {Path.GetFileName(entry.Path)} declares no target";
        if (!data.Targets.Contains(target))
            return $"target: \"{target}\" is not a target of {Path.GetFileName(entry.Path)}; it has: {string.Join(", ", data.Targets)}";
        TargetView view;
        try
        {
            view = data.ForTarget(target);
        }
        catch (InvalidInputException e)
        {
            return $"target: {e.Message}";
        }
        int rows = view.Count;
        if (rows == 0) return $"target: \"{target}\" has no rows with a value";
        if (entry.Splits.Count == 0) return null;
        // Each fold must hold at least one row to be a test fold.
        if (entry.Folds > rows)
            return string.Create(CultureInfo.InvariantCulture, $"folds: {entry.Folds} folds need at least {entry.Folds} rows; target \"{target}\" has {rows}");
        // The model assigns folds by mutated position, as the SDK's row resolver does: it needs mutants or a reference.
        TargetVariants variants;
        try
        {
            variants = TargetVariants.Resolve(data, view)!;
        }
        catch (InvalidInputException e)
        {
            return $"target: {e.Message}";
        }
        if (!variants.HasMutants && variants.Reference is null)
            return $"splits: fold schemes need mutated positions, but target \"{target}\" has neither mutation strings (constant 'mutation_col') nor a reference sequence (constant 'sequence')";
        return null;
    }

    static string? ManifestProblem(GameModel model)
    {
        try
        {
            _ = ModelManifest.FromPath(model.Manifest);
            return null;
        }
        catch (Exception e) when (e is InvalidInputException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}
