using System.Globalization;

namespace Pg2.Metrics;

/// <summary>
/// The rows one set of metrics is computed over: true values, model scores, and what the
/// classification metrics need (binary labels, or a cutoff that makes them). Shared intermediate
/// results (ranks, labels) are computed once and reused by every metric on the context.
/// </summary>
public sealed class ScoringContext
{
    private readonly Lazy<double[]> _scoreRanks;
    private readonly Lazy<(double[] Labels, string Rule)> _labels;

    /// <summary>Creates a context over paired columns of equal length (no NaN; callers drop missing rows).</summary>
    /// <param name="truth">The measured values (ProteinGym's <c>DMS_score</c>, pg2's <c>test</c>).</param>
    /// <param name="score">The model's scores (pg2's <c>pred</c>); higher means fitter.</param>
    /// <param name="binaryLabels">0/1 labels for AUC and MCC (ProteinGym's <c>DMS_score_bin</c>); optional.</param>
    /// <param name="cutoff">Without labels, a truth value at or above this is labelled 1; optional.</param>
    /// <param name="topK">k for top-k recovery (from the split's metadata); optional.</param>
    public ScoringContext(ReadOnlyMemory<double> truth, ReadOnlyMemory<double> score,
        double[]? binaryLabels = null, double? cutoff = null, int? topK = null)
    {
        if (truth.Length != score.Length)
            throw new MetricInputException($"truth has {truth.Length} values but score has {score.Length}; they must pair up row by row");
        if (binaryLabels is { } labels)
        {
            if (labels.Length != truth.Length)
                throw new MetricInputException($"binary labels have {labels.Length} values but truth has {truth.Length}");
            var span = labels.AsSpan();
            for (int i = 0; i < span.Length; i++)
                if (span[i] is not (0.0 or 1.0))
                    throw new MetricInputException($"binary label at row {i + 1} is {span[i].ToString(CultureInfo.InvariantCulture)}; expected 0 or 1");
        }
        Truth = truth;
        Score = score;
        BinaryLabels = binaryLabels;
        Cutoff = cutoff;
        TopK = topK;
        _scoreRanks = new Lazy<double[]>(() => Ranks.Average(Score.Span));
        _labels = new Lazy<(double[], string)>(ResolveLabels);
    }

    /// <summary>The measured values.</summary>
    public ReadOnlyMemory<double> Truth { get; }
    /// <summary>The model's scores.</summary>
    public ReadOnlyMemory<double> Score { get; }
    /// <summary>Explicit 0/1 labels, if given.</summary>
    public double[]? BinaryLabels { get; }
    /// <summary>The binarisation cutoff for the truth, if given.</summary>
    public double? Cutoff { get; }
    /// <summary>k for top-k recovery, if known.</summary>
    public int? TopK { get; }
    /// <summary>Number of rows.</summary>
    public int Count => Truth.Length;

    /// <summary>Average ranks of <see cref="Score"/> (shared by Spearman and AUC).</summary>
    public ReadOnlySpan<double> ScoreRanks => _scoreRanks.Value;

    /// <summary>
    /// The 0/1 labels AUC and MCC use: <see cref="BinaryLabels"/> if given, else truth ≥ <see cref="Cutoff"/>,
    /// else truth ≥ median(truth) (ProteinGym's "median" binarisation method).
    /// </summary>
    public ReadOnlySpan<double> Labels => _labels.Value.Labels;

    /// <summary>How <see cref="Labels"/> were obtained, in words (for output and warnings).</summary>
    public string LabelRule => _labels.Value.Rule;

    private (double[] Labels, string Rule) ResolveLabels()
    {
        if (BinaryLabels is { } given) return (given, "binary label column");
        var truth = Truth.Span;
        double cutoff;
        string rule;
        if (Cutoff is { } c)
        {
            cutoff = c;
            rule = $"truth >= cutoff {c.ToString(CultureInfo.InvariantCulture)}";
        }
        else
        {
            cutoff = truth.IsEmpty ? 0 : NumpyQuantile.Median(truth);
            rule = $"truth >= its median {cutoff.ToString(CultureInfo.InvariantCulture)} (no binary column or cutoff given)";
        }
        return (Binarise(truth, cutoff), rule);
    }

    /// <summary>1 where <paramref name="values"/> ≥ <paramref name="cutoff"/>, else 0 (ProteinGym's DMS_score_bin rule).</summary>
    internal static double[] Binarise(ReadOnlySpan<double> values, double cutoff)
    {
        var bin = new double[values.Length];
        for (int i = 0; i < values.Length; i++) bin[i] = values[i] >= cutoff ? 1.0 : 0.0;
        return bin;
    }
}
