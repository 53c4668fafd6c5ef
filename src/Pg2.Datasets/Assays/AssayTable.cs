using Pg2.Contracts;

namespace Pg2.Datasets.Assays;

/// <summary>
/// The assay rows of a dataset, column-oriented, with canonical column names
/// (<c>sequence</c>, <c>engineering_round</c>, <c>split</c>, targets, features).
/// </summary>
public sealed class AssayTable
{
    private readonly Dictionary<string, AssayColumn> _byName;

    /// <summary>Creates a table; all columns must have the same length and distinct names.</summary>
    public AssayTable(IReadOnlyList<AssayColumn> columns)
    {
        Columns = columns;
        _byName = new Dictionary<string, AssayColumn>(StringComparer.Ordinal);
        RowCount = columns.Count == 0 ? 0 : columns[0].Count;
        foreach (var c in columns)
        {
            if (c.Count != RowCount)
                throw new ArgumentException($"column '{c.Name}' has {c.Count} rows, expected {RowCount}");
            if (!_byName.TryAdd(c.Name, c))
                throw new ArgumentException($"duplicate column '{c.Name}'");
        }
    }

    /// <summary>Canonical name of the sequence column.</summary>
    public const string SequenceColumn = "sequence";
    /// <summary>Canonical name of the engineering-round column.</summary>
    public const string EngineeringRoundColumn = "engineering_round";
    /// <summary>Canonical name of the predefined split column.</summary>
    public const string SplitColumn = "split";

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>All columns in file order.</summary>
    public IReadOnlyList<AssayColumn> Columns { get; }

    /// <summary>The column called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such column.</exception>
    public AssayColumn this[string name] =>
        _byName.TryGetValue(name, out var c) ? c : throw new KeyNotFoundException($"no column '{name}'");

    /// <summary>Looks a column up by name.</summary>
    public bool TryGetColumn(string name, out AssayColumn column) => _byName.TryGetValue(name, out column!);

    /// <summary>The <c>sequence</c> column (sequences or mutation strings).</summary>
    public string?[] Sequences => ((TextColumn)this[SequenceColumn]).Values;

    /// <summary>A numeric column's values (NaN = missing).</summary>
    public double[] Numeric(string name) => this[name] is NumericColumn n
        ? n.Values
        : throw new InvalidInputException($"column '{name}' is not numeric");
}
