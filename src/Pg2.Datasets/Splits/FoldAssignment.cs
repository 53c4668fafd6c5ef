using System.Globalization;
using Pg2.Datasets.Assays;
using Pg2.Datasets.Mutations;
using Pg2.Contracts;

namespace Pg2.Datasets.Splits;

/// <summary>ProteinGym's cross-validation fold schemes (FORMATS.md §B.3).</summary>
public enum FoldScheme
{
    /// <summary>Each mutant draws its fold independently at random (folds are not balanced).</summary>
    Random,
    /// <summary>The i-th distinct mutated position (ascending) goes to fold <c>i mod folds</c>.</summary>
    Modulo,
    /// <summary>Distinct mutated positions, ascending, cut into contiguous blocks, one per fold.</summary>
    Contiguous,
}

/// <summary>
/// Which cross-validation fold each row of a target view belongs to, as ProteinNPT's <c>cv_split.py</c> builds
/// ProteinGym's <c>fold_random_5</c> / <c>fold_modulo_5</c> / <c>fold_contiguous_5</c> columns.
/// A mutant's position is that of its first substitution. With fewer distinct positions than
/// 5 folds the assay gets 4 folds, as ProteinGym does.
/// <para>
/// <see cref="FoldScheme.Random"/> draws each fold from <c>new System.Random(seed)</c> (seed 42 by default, like
/// the original's <c>numpy.random.seed(42)</c>); numpy's Mersenne-Twister stream is not reproduced, so the
/// random folds differ from ProteinGym's published columns while having the same distribution.
/// Modulo and contiguous folds match ProteinGym's exactly.
/// </para>
/// </summary>
public sealed class FoldAssignment
{
    private FoldAssignment(TargetView view, int[] foldOfRow, int foldCount, FoldScheme scheme)
    {
        View = view;
        FoldOfRow = foldOfRow;
        FoldCount = foldCount;
        Scheme = scheme;
    }

    /// <summary>The view whose rows are assigned.</summary>
    public TargetView View { get; }
    /// <summary>Fold (0-based) of each row of <see cref="View"/>; -1 = in no fold (a row no slice holds).</summary>
    public int[] FoldOfRow { get; }
    /// <summary>Number of folds (5, or 4 for assays with fewer than 5 mutated positions).</summary>
    public int FoldCount { get; }
    /// <summary>The scheme used.</summary>
    public FoldScheme Scheme { get; }

    /// <summary>Training rows when <paramref name="testFold"/> is held out: all other folds.</summary>
    public TargetView TrainFolds(int testFold) => Select(testFold, inFold: false);

    /// <summary>The held-out rows of <paramref name="testFold"/>.</summary>
    public TargetView TestFold(int testFold) => Select(testFold, inFold: true);

    /// <summary>
    /// Assigns folds. <paramref name="mutants"/> holds one mutation string per row of <paramref name="view"/>
    /// (e.g. <c>H24C</c>; only the first substitution's position is used).
    /// </summary>
    public static FoldAssignment Compute(TargetView view, FoldScheme scheme, IReadOnlyList<string> mutants,
        int folds = 5, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(mutants);
        if (mutants.Count != view.Count)
            throw new ArgumentException($"{mutants.Count} mutants for {view.Count} rows", nameof(mutants));
        if (folds < 2) throw new InvalidInputException($"need at least 2 folds, got {folds}");

        var positions = new int[mutants.Count];
        for (int i = 0; i < positions.Length; i++)
        {
            var text = mutants[i];
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            positions[i] = Substitution.Parse(colon < 0 ? text : text.AsSpan(0, colon), $"row {view.Rows[i] + 1}").Position;
        }
        var distinct = positions.Distinct().Order().ToArray();
        if (folds == 5 && distinct.Length < 5) folds = 4;
        if (distinct.Length < folds)
            throw new InvalidInputException(
                $"{scheme.ToString().ToLowerInvariant()} folds need at least {folds} distinct mutated positions, found {distinct.Length}");

        var foldOfPosition = new Dictionary<int, int>(distinct.Length);
        if (scheme == FoldScheme.Modulo)
            for (int i = 0; i < distinct.Length; i++) foldOfPosition[distinct[i]] = i % folds;
        else if (scheme == FoldScheme.Contiguous)
        {
            int k = distinct.Length / folds, m = distinct.Length % folds, next = 0;
            for (int f = 0; f < folds; f++)
                for (int j = 0; j < k + (f < m ? 1 : 0); j++) foldOfPosition[distinct[next++]] = f;
        }

        var foldOfRow = new int[positions.Length];
        var rng = new Random(seed);
        for (int i = 0; i < foldOfRow.Length; i++)
            foldOfRow[i] = scheme == FoldScheme.Random ? rng.Next(folds) : foldOfPosition[positions[i]];
        return new FoldAssignment(view, foldOfRow, folds, scheme);
    }

    /// <summary>
    /// Assigns folds of <paramref name="scheme"/> to the rows of <paramref name="view"/> of <paramref name="dataset"/>,
    /// positions taken from its mutation strings, else from each full sequence compared with the reference:
    /// the one way the model host and <c>pg2 dataset convert</c> assign folds. <paramref name="folds"/> null =
    /// ProteinGym's 5 (4 for assays with fewer than 5 mutated positions). Random folds need no positions: without
    /// them each row draws its fold from the same seeded stream.
    /// </summary>
    public static FoldAssignment For(Dataset dataset, TargetView view, FoldScheme scheme, int? folds = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(view);
        var variants = TargetVariants.Resolve(dataset, view)
            ?? throw new InvalidInputException($"dataset '{dataset.Name}': the rows of target '{view.Target}' cannot be resolved to sequences");
        IReadOnlyList<string> mutants;
        if (variants.HasMutants) mutants = view.Rows.Select(r => variants.MutantOf(r)!).ToArray();
        else if (variants.Reference is { } reference)
            mutants = view.Rows.Select(r => Mutant.FromVariant(reference.Sequence, variants.SequenceOf(r), reference.Offset, $"assays line {r + 2}").ToString()).ToArray();
        else if (scheme == FoldScheme.Random)
            return RandomWithoutPositions(view, folds ?? 5);
        else
            throw new InvalidInputException(
                $"dataset '{dataset.Name}': modulo and contiguous folds need mutated positions, but target '{view.Target}' has neither mutation strings (constant 'mutation_col') nor a reference sequence (constant 'sequence')");
        return folds is { } n ? Compute(view, scheme, mutants, n) : Compute(view, scheme, mutants);
    }

    /// <summary>Random folds without mutated positions: each row draws its fold, as <see cref="Compute"/> does.</summary>
    private static FoldAssignment RandomWithoutPositions(TargetView view, int folds, int seed = 42)
    {
        var rng = new System.Random(seed);
        var foldOfRow = new int[view.Count];
        for (int i = 0; i < foldOfRow.Length; i++) foldOfRow[i] = rng.Next(folds);
        return new FoldAssignment(view, foldOfRow, folds, FoldScheme.Random);
    }

    /// <summary>
    /// The folds a split's slices define (slice k = fold k, FORMATS.md §C.4): each row of <paramref name="view"/>
    /// gets the first slice holding it; rows in no slice are in no fold (neither trained on nor tested).
    /// </summary>
    public static FoldAssignment FromSlices(Dataset dataset, TargetView view, string split)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(view);
        var slices = (dataset.Splits ?? throw new InvalidInputException($"dataset '{dataset.Name}' has no splits (not a .splits.pgdata archive)"))[split];
        if (slices.Count == 0) throw new InvalidInputException($"split '{split}' of dataset '{dataset.Name}' has no slices");
        var foldOfTableRow = new int[view.Table.RowCount];
        Array.Fill(foldOfTableRow, -1);
        for (int k = slices.Count - 1; k >= 0; k--)
            foreach (var r in dataset.SliceRows(slices[k])) foldOfTableRow[r] = k;
        var foldOfRow = view.Rows.Select(r => foldOfTableRow[r]).ToArray();
        return new FoldAssignment(view, foldOfRow, slices.Count, FoldScheme.Random);
    }

    /// <summary>One slice per fold (slice k = the rows of fold k), as a splits archive stores them.</summary>
    public IReadOnlyList<DatasetSlice> ToSlices(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var slices = new List<DatasetSlice>(FoldCount);
        for (int k = 0; k < FoldCount; k++)
        {
            var rows = new List<int>();
            for (int i = 0; i < FoldOfRow.Length; i++)
                if (FoldOfRow[i] == k) rows.Add(View.Rows[i]);
            slices.Add(dataset.SliceOf(rows));
        }
        return slices;
    }

    /// <summary>
    /// Folds read from a column of the archive (ProteinGym's <c>fold_random_5</c> and the like): each row's
    /// fold is its cell, a whole number from 0; rows with an empty cell are in no fold and left out of the
    /// view. The fold count is the largest fold + 1; every fold below it must hold a row, as ProteinGym's
    /// <c>PredefinedSplitter</c> requires.
    /// </summary>
    /// <param name="view">The target's rows.</param>
    /// <param name="scheme">The scheme the column holds.</param>
    /// <param name="column">The fold column (all rows of the assay table).</param>
    /// <param name="source">Names the dataset and column in messages.</param>
    public static FoldAssignment FromColumn(TargetView view, FoldScheme scheme, NumericColumn column, string source)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(column);
        var kept = new List<int>(view.Count);
        var folds = new List<int>(view.Count);
        for (int i = 0; i < view.Count; i++)
        {
            double v = column.Values[view.Rows[i]];
            if (double.IsNaN(v)) continue;
            if (v < 0 || v >= 100 || v != Math.Floor(v))
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                    $"{source}: row {view.Rows[i] + 1}: fold {v} is not a whole number from 0 to 99"));
            kept.Add(i);
            folds.Add((int)v);
        }
        int count = folds.Count == 0 ? 0 : folds.Max() + 1;
        if (count < 2)
            throw new InvalidInputException($"{source}: {kept.Count} rows with a fold, in {count} fold(s); need at least 2 folds");
        var seen = new bool[count];
        foreach (int f in folds) seen[f] = true;
        int missing = Array.IndexOf(seen, false);
        if (missing >= 0)
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"{source}: no row is in fold {missing} of folds 0..{count - 1}"));
        return new FoldAssignment(view.Subset(kept), folds.ToArray(), count, scheme);
    }

    /// <summary>The scheme's name as games and the command line write it (<c>random</c>, <c>modulo</c>, <c>contiguous</c>).</summary>
    public static string NameOf(FoldScheme scheme) => scheme.ToString().ToLowerInvariant();

    /// <summary>Parses <c>random</c>, <c>modulo</c> or <c>contiguous</c> (any case).</summary>
    public static FoldScheme ParseScheme(string text) =>
        text?.Trim().ToLowerInvariant() switch
        {
            "random" => FoldScheme.Random,
            "modulo" => FoldScheme.Modulo,
            "contiguous" => FoldScheme.Contiguous,
            _ => throw new InvalidInputException(
                $"unknown fold scheme '{text}' (expected random, modulo or contiguous)"),
        };

    private TargetView Select(int fold, bool inFold)
    {
        if ((uint)fold >= (uint)FoldCount)
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"test fold {fold} does not exist (folds 0..{FoldCount - 1})"));
        var positions = new List<int>();
        for (int i = 0; i < FoldOfRow.Length; i++)
            if (FoldOfRow[i] >= 0 && (FoldOfRow[i] == fold) == inFold) positions.Add(i);
        return View.Subset(positions);
    }
}
