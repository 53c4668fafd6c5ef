using Pg2.Datasets.Assays;
using Pg2.Contracts;

namespace Pg2.Datasets.Splits;

/// <summary>
/// pg2-dataset's <c>RandomSplitStrategy</c> (FORMATS.md §B.1), made reproducible. Works on unique sequences:
/// sequences in <c>fixedTestSequences</c> go to test; the other unique sequences, in order of first
/// appearance, are shuffled and the first <c>floor(n·trainRatio)</c> go to train, the next
/// <c>ceil(n·validRatio)</c> to valid and the rest to test; every row follows its sequence.
/// <para>
/// Difference from the original: the original shuffles with Python's unseeded global <c>random</c>, so every
/// run differs. Here the shuffle is a Fisher–Yates pass driven by <c>new System.Random(seed)</c>, by default
/// <see cref="DefaultSeed"/>, so the same data and seed always give the same split (but not the split any
/// Python run gave). The original's <c>engineering_round ≤ round</c> filter is not applied: every row of the
/// view is split.
/// </para>
/// </summary>
public sealed class RandomSplitStrategy : ISplitStrategy
{
    /// <summary>The seed used when none is given: 42.</summary>
    public const int DefaultSeed = 42;

    /// <summary>Creates the strategy (defaults: train 0.8, valid 0.2, so test is empty).</summary>
    /// <exception cref="InvalidInputException">Ratios outside [0, 1], train + valid &gt; 1, or fixed test
    /// sequences given while train + valid &lt; 1 (as the original).</exception>
    public RandomSplitStrategy(double trainRatio = 0.8, double validRatio = 0.2,
        IReadOnlyCollection<string>? fixedTestSequences = null, int seed = DefaultSeed)
    {
        if (!(trainRatio is >= 0 and <= 1) || !(validRatio is >= 0 and <= 1))
            throw new InvalidInputException($"split ratios must lie in [0, 1], got train {trainRatio}, valid {validRatio}");
        if (trainRatio + validRatio > 1 + 1e-12)
            throw new InvalidInputException($"train ratio {trainRatio} + valid ratio {validRatio} exceeds 1");
        if (fixedTestSequences is { Count: > 0 } && trainRatio + validRatio < 1 - 1e-12)
            throw new InvalidInputException(
                "fixed test sequences need train ratio + valid ratio = 1 (the test part is the fixed sequences)");
        TrainRatio = trainRatio;
        ValidRatio = validRatio;
        FixedTestSequences = fixedTestSequences ?? [];
        Seed = seed;
    }

    /// <summary>Fraction of unique sequences for training.</summary>
    public double TrainRatio { get; }
    /// <summary>Fraction of unique sequences for validation.</summary>
    public double ValidRatio { get; }
    /// <summary>Sequences always put in test.</summary>
    public IReadOnlyCollection<string> FixedTestSequences { get; }
    /// <summary>Seed of the shuffle.</summary>
    public int Seed { get; }

    /// <inheritdoc />
    public SplitAssignment Split(TargetView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var fixedTest = new HashSet<string>(FixedTestSequences, StringComparer.Ordinal);
        var unique = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in view.Sequences)
            if (!fixedTest.Contains(s) && seen.Add(s)) unique.Add(s);

        var rng = new Random(Seed);
        for (int i = unique.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (unique[i], unique[j]) = (unique[j], unique[i]);
        }
        int n = unique.Count;
        int nTrain = (int)Math.Floor(n * TrainRatio);
        int nValid = Math.Min(n - nTrain, (int)Math.Ceiling(n * ValidRatio));
        var partOf = new Dictionary<string, SplitPart>(n, StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
            partOf[unique[i]] = i < nTrain ? SplitPart.Train : i < nTrain + nValid ? SplitPart.Valid : SplitPart.Test;

        var parts = new SplitPart[view.Count];
        for (int r = 0; r < parts.Length; r++)
            parts[r] = fixedTest.Contains(view.Sequences[r]) ? SplitPart.Test : partOf[view.Sequences[r]];
        return new SplitAssignment(view, parts);
    }
}
