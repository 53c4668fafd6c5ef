using System.Globalization;
using nietras.SeparatedValues;
using Pg2.Contracts;

namespace Pg2.Metrics;

/// <summary>
/// The numeric columns of a predictions CSV (pg2's <c>sequence,test,pred</c> files), selected by
/// header name: the one reader behind <c>metric calc</c>, the benchmark runner and the report.
/// A row whose selected cell is missing (empty, one of pandas' NA strings) or not finite
/// (<c>inf</c>, <c>Infinity</c>, a number beyond ±1.8e308) is dropped and counted; any other
/// non-number is an error naming the line and column. A selected column named twice in the header is an error.
/// </summary>
public sealed class PredictionTable
{
    /// <summary>pg2's column holding the measured value.</summary>
    public const string DefaultTruthColumn = "test";
    /// <summary>pg2's column holding the model's prediction.</summary>
    public const string DefaultScoreColumn = "pred";

    // pandas' default NA strings: a cell equal to one of these is a missing value, as in the original.
    private static readonly HashSet<string> MissingMarkers = new(StringComparer.Ordinal)
    {
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
        "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    };

    private PredictionTable(string source, double[] truth, double[] score, double[]? labels, int[]? folds, int dropped)
    {
        Source = source;
        Truth = truth;
        Score = score;
        Labels = labels;
        Folds = folds;
        DroppedRows = dropped;
    }

    /// <summary>Where the rows came from (the file path), for messages.</summary>
    public string Source { get; }
    /// <summary>Measured values of the kept rows.</summary>
    public double[] Truth { get; }
    /// <summary>Predictions of the kept rows.</summary>
    public double[] Score { get; }
    /// <summary>0/1 labels of the kept rows, when a label column was read.</summary>
    public double[]? Labels { get; }
    /// <summary>Fold index of each kept row, when a fold column was read.</summary>
    public int[]? Folds { get; }
    /// <summary>Rows dropped because a selected cell was missing or not finite.</summary>
    public int DroppedRows { get; }
    /// <summary>Rows kept.</summary>
    public int Count => Truth.Length;

    /// <summary>Reads a predictions CSV (comma-separated, header row).</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="truthColumn">Column of measured values (default <c>test</c>).</param>
    /// <param name="scoreColumn">Column of predictions (default <c>pred</c>).</param>
    /// <param name="labelColumn">Optional 0/1 label column (e.g. <c>DMS_score_bin</c>); <c>true</c>/<c>false</c> accepted.</param>
    /// <param name="foldColumn">Optional integer fold column.</param>
    /// <param name="minRows">Fewer kept rows than this is an error (default 2: no metric is defined on fewer).</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="MetricInputException">A column is missing or named twice, a cell is not a number, or too few rows remain.</exception>
    public static PredictionTable Read(string path, string truthColumn = DefaultTruthColumn, string scoreColumn = DefaultScoreColumn,
        string? labelColumn = null, string? foldColumn = null, int minRows = 2)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"predictions file not found: {path}", path);
        // The header is read as a plain row: Sep's header index refuses duplicate names with an exception.
        using var reader = Sep.Reader(o => o with { Sep = new Sep(','), Unescape = true, DisableColCountCheck = true, HasHeader = false }).FromFile(path);
        var names = new List<string>();
        if (reader.MoveNext())
            for (int i = 0; i < reader.Current.ColCount; i++) names.Add(reader.Current[i].ToString());
        int Index(string column)
        {
            int found = names.IndexOf(column);
            if (found < 0)
                throw new MetricInputException(
                    $"{path}: no column '{column}'; columns found: {(names.Count == 0 ? "(none: empty file)" : MessageText.Shown(string.Join(", ", names), 200))}");
            int again = names.IndexOf(column, found + 1);
            if (again >= 0)
                throw new MetricInputException($"{path}: column '{column}' appears more than once in the header (columns {found + 1} and {again + 1}); expected once");
            return found;
        }
        int ti = Index(truthColumn), si = Index(scoreColumn);
        int li = labelColumn is null ? -1 : Index(labelColumn);
        int fi = foldColumn is null ? -1 : Index(foldColumn);
        int needed = Math.Max(Math.Max(ti, si), Math.Max(li, fi));

        var truth = new List<double>();
        var score = new List<double>();
        var labels = labelColumn is null ? null : new List<double>();
        var folds = foldColumn is null ? null : new List<int>();
        int dropped = 0;
        int line = 1;
        foreach (var row in reader)
        {
            line++;
            if (row.ColCount <= needed)
                throw new MetricInputException($"{path}: line {line} has {row.ColCount} fields but the header has {names.Count}");
            var t = Number(path, line, truthColumn, row[ti].Span);
            var s = Number(path, line, scoreColumn, row[si].Span);
            var l = li < 0 ? null : row[li].ToString();
            var f = fi < 0 ? null : row[fi].ToString();
            if (!double.IsFinite(t) || !double.IsFinite(s) || (l is not null && IsMissing(l)) || (f is not null && IsMissing(f)))
            {
                dropped++;
                continue;
            }
            truth.Add(t);
            score.Add(s);
            labels?.Add(Label(path, line, labelColumn!, l!));
            folds?.Add(Fold(path, line, foldColumn!, f!));
        }
        if (truth.Count < minRows)
            throw new MetricInputException(
                $"{path}: {truth.Count} row(s) with both '{truthColumn}' and '{scoreColumn}' present ({dropped} dropped for missing or non-finite values); at least {minRows} needed");
        return new PredictionTable(path, [.. truth], [.. score], labels?.ToArray(), folds?.ToArray(), dropped);
    }

    /// <summary>The kept rows as a scoring context.</summary>
    /// <param name="cutoff">Without a label column, truth ≥ this is labelled 1 (default: the truth's median).</param>
    /// <param name="topK">k for top-k recovery.</param>
    public ScoringContext Context(double? cutoff = null, int? topK = null) => new(Truth, Score, Labels, cutoff, topK);

    /// <summary>
    /// Computes <paramref name="metrics"/> over the kept rows, in order. With fewer than two rows every
    /// value is undefined (NaN with a warning) rather than an error, so a job can still be recorded.
    /// </summary>
    public IReadOnlyList<MetricResult> Scores(IReadOnlyList<IMetric> metrics, double? cutoff = null, int? topK = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (Count < 2) return [.. metrics.Select(m => MetricResult.Undefined(m.Name, $"only {Count} scored row(s)"))];
        var context = Context(cutoff, topK);
        return [.. metrics.Select(m => m.Compute(context))];
    }

    private static bool IsMissing(string cell) => MissingMarkers.Contains(cell.Trim());

    /// <summary>The cell's value; NaN for a missing marker, ±∞ for an infinite one (both drop the row).</summary>
    internal static double Cell(string path, int line, string column, ReadOnlySpan<char> cell) => Number(path, line, column, cell);

    private static double Number(string path, int line, string column, ReadOnlySpan<char> cell)
    {
        cell = cell.Trim();
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v;
        // .NET spells infinity "Infinity"/"∞"; numpy and pandas write "inf".
        var c = cell.TrimStart('+');
        if (c.Equals("inf", StringComparison.OrdinalIgnoreCase) || c.Equals("-inf", StringComparison.OrdinalIgnoreCase)) return double.PositiveInfinity;
        if (MissingMarkers.Contains(cell.ToString())) return double.NaN;
        throw new MetricInputException($"{path}: line {line}, column '{column}': '{MessageText.Shown(cell.ToString())}' is not a number");
    }

    private static double Label(string path, int line, string column, string cell)
    {
        var c = cell.Trim();
        if (c is "1" or "1.0" || c.Equals("true", StringComparison.OrdinalIgnoreCase)) return 1.0;
        if (c is "0" or "0.0" || c.Equals("false", StringComparison.OrdinalIgnoreCase)) return 0.0;
        throw new MetricInputException($"{path}: line {line}, column '{column}': '{MessageText.Shown(cell)}' is not a binary label (0/1 or true/false)");
    }

    private static int Fold(string path, int line, string column, string cell)
    {
        var c = cell.Trim();
        if (int.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) && k >= 0) return k;
        // pandas writes integer columns that held NaN as floats ("2.0").
        if (double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 && d == Math.Floor(d) && d <= int.MaxValue) return (int)d;
        throw new MetricInputException($"{path}: line {line}, column '{column}': '{MessageText.Shown(cell)}' is not a fold number (a non-negative integer)");
    }
}
