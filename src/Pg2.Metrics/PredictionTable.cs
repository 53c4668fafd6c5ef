using System.Globalization;
using nietras.SeparatedValues;
using Pg2.Contracts;

namespace Pg2.Metrics;

/// <summary>
/// The numeric columns of a predictions CSV (pg2's <c>sequence,test,pred</c> files), selected by
/// header name. Rows with a missing value in any selected column are dropped and counted.
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
    /// <summary>Rows dropped because a selected column was empty or NA.</summary>
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
    /// <exception cref="MetricInputException">A column is missing, a cell is not a number, or too few rows remain.</exception>
    public static PredictionTable Read(string path, string truthColumn = DefaultTruthColumn, string scoreColumn = DefaultScoreColumn,
        string? labelColumn = null, string? foldColumn = null, int minRows = 2)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"predictions file not found: {path}", path);
        SepReader reader;
        try
        {
            reader = Sep.Reader(o => o with { Sep = new Sep(','), Unescape = true, DisableColCountCheck = true }).FromFile(path);
        }
        catch (ArgumentException e) // Sep refuses a header naming a column twice
        {
            throw new MetricInputException($"{path}: the header names a column more than once ({MessageText.Shown(e.Message, 160)})", e);
        }
        using var _ = reader;
        var header = reader.Header;
        var names = header.ColNames;
        int Index(string column)
        {
            for (int i = 0; i < names.Count; i++)
                if (names[i] == column) return i;
            throw new MetricInputException(
                $"{path}: no column '{column}'; columns found: {(names.Count == 0 ? "(none: empty file)" : MessageText.Shown(string.Join(", ", names), 200))}");
        }
        int ti = Index(truthColumn), si = Index(scoreColumn);
        int li = labelColumn is null ? -1 : Index(labelColumn);
        int fi = foldColumn is null ? -1 : Index(foldColumn);

        var truth = new List<double>();
        var score = new List<double>();
        var labels = labelColumn is null ? null : new List<double>();
        var folds = foldColumn is null ? null : new List<int>();
        int dropped = 0;
        int line = 1;
        foreach (var row in reader)
        {
            line++;
            if (row.ColCount <= Math.Max(Math.Max(ti, si), Math.Max(li, fi)))
                throw new MetricInputException($"{path}: line {line} has {row.ColCount} fields but the header has {names.Count}");
            var t = row[ti].ToString();
            var s = row[si].ToString();
            var l = li < 0 ? null : row[li].ToString();
            var f = fi < 0 ? null : row[fi].ToString();
            if (IsMissing(t) || IsMissing(s) || (l is not null && IsMissing(l)) || (f is not null && IsMissing(f)))
            {
                dropped++;
                continue;
            }
            truth.Add(Number(path, line, truthColumn, t));
            score.Add(Number(path, line, scoreColumn, s));
            if (labels is not null) labels.Add(Label(path, line, labelColumn!, l!));
            if (folds is not null) folds.Add(Fold(path, line, foldColumn!, f!));
        }
        if (truth.Count < minRows)
            throw new MetricInputException(
                $"{path}: {truth.Count} row(s) with both '{truthColumn}' and '{scoreColumn}' present ({dropped} dropped for missing values); at least {minRows} needed");
        return new PredictionTable(path, [.. truth], [.. score], labels?.ToArray(), folds?.ToArray(), dropped);
    }

    private static bool IsMissing(string cell) => MissingMarkers.Contains(cell.Trim());

    private static double Number(string path, int line, string column, string cell)
    {
        if (double.TryParse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
        throw new MetricInputException($"{path}: line {line}, column '{column}': '{MessageText.Shown(cell)}' is not a finite number");
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
