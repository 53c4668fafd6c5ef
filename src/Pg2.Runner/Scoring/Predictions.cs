using System.Globalization;
using nietras.SeparatedValues;
using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Runner.Scoring;

/// <summary>
/// The measured (<c>test</c>) and predicted (<c>pred</c>) columns of a model's predictions CSV,
/// selected by name; rows where either is empty or NaN are dropped and counted.
/// </summary>
public sealed class Predictions
{
    Predictions(double[] test, double[] pred, int dropped) { Test = test; Pred = pred; Dropped = dropped; }

    /// <summary>Measured values.</summary>
    public double[] Test { get; }
    /// <summary>Model predictions, row-aligned with <see cref="Test"/>.</summary>
    public double[] Pred { get; }
    /// <summary>Rows dropped for a missing value.</summary>
    public int Dropped { get; }
    /// <summary>Rows kept.</summary>
    public int Count => Test.Length;

    /// <summary>Reads <paramref name="path"/>; a missing column or non-numeric cell is an <see cref="InvalidInputException"/> naming the row.</summary>
    public static Predictions Read(string path)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(path);
        if (!reader.Header.TryIndexOf("test", out var testCol) || !reader.Header.TryIndexOf("pred", out var predCol))
            throw new InvalidInputException($"{path}: expected columns 'test' and 'pred', found: {string.Join(", ", reader.Header.ColNames)}");
        var test = new List<double>();
        var pred = new List<double>();
        var dropped = 0;
        var line = 1;
        foreach (var row in reader)
        {
            line++;
            var t = Parse(row[testCol].Span, path, line, "test");
            var p = Parse(row[predCol].Span, path, line, "pred");
            if (double.IsNaN(t) || double.IsNaN(p)) { dropped++; continue; }
            test.Add(t);
            pred.Add(p);
        }
        return new Predictions([.. test], [.. pred], dropped);
    }

    /// <summary>The rows of several files one after the other (the pooled rule over folds).</summary>
    public static Predictions Concat(IEnumerable<Predictions> parts)
    {
        var list = parts.ToList();
        return new Predictions([.. list.SelectMany(p => p.Test)], [.. list.SelectMany(p => p.Pred)], list.Sum(p => p.Dropped));
    }

    static double Parse(ReadOnlySpan<char> cell, string path, int line, string column)
    {
        cell = cell.Trim();
        if (cell.IsEmpty) return double.NaN;
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v;
        if (cell.Equals("nan", StringComparison.OrdinalIgnoreCase) || cell.Equals("None", StringComparison.Ordinal)) return double.NaN;
        throw new InvalidInputException($"{path}: line {line}, column '{column}': \"{cell}\" is not a number");
    }
}
