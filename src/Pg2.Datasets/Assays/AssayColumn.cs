namespace Pg2.Datasets.Assays;

/// <summary>One column of an assay table. Columns are typed once, at load time.</summary>
public abstract class AssayColumn
{
    private protected AssayColumn(string name) => Name = name;

    /// <summary>Column name (after the manifest's renames, e.g. <c>sequence</c>).</summary>
    public string Name { get; }

    /// <summary>Number of rows.</summary>
    public abstract int Count { get; }

    /// <summary>True when row <paramref name="row"/> holds no value (empty cell / NaN).</summary>
    public abstract bool IsNull(int row);

    /// <summary>The cell as text, as it would be written back to CSV (empty for null).</summary>
    public abstract string Format(int row);
}

/// <summary>A numeric column; null cells are <see cref="double.NaN"/>.</summary>
public sealed class NumericColumn(string name, double[] values) : AssayColumn(name)
{
    /// <summary>The values; NaN marks a missing cell.</summary>
    public double[] Values { get; } = values;

    /// <inheritdoc />
    public override int Count => Values.Length;

    /// <inheritdoc />
    public override bool IsNull(int row) => double.IsNaN(Values[row]);

    /// <inheritdoc />
    public override string Format(int row) =>
        IsNull(row) ? "" : Values[row].ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A text column; null cells are <c>null</c>.</summary>
public sealed class TextColumn(string name, string?[] values) : AssayColumn(name)
{
    /// <summary>The values; null marks a missing cell.</summary>
    public string?[] Values { get; } = values;

    /// <inheritdoc />
    public override int Count => Values.Length;

    /// <inheritdoc />
    public override bool IsNull(int row) => string.IsNullOrEmpty(Values[row]);

    /// <inheritdoc />
    public override string Format(int row) => Values[row] ?? "";
}
