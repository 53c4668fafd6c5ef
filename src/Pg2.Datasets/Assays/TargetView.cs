namespace Pg2.Datasets.Assays;

/// <summary>
/// The rows usable for one target: non-null sequence and non-null target value
/// (pg2-dataset's <c>data_frame_by_target</c>). X = sequence + features, Y = the target.
/// </summary>
public sealed class TargetView
{
    /// <summary>Creates a view over <paramref name="table"/> restricted to <paramref name="rows"/>.</summary>
    public TargetView(AssayTable table, string target, IReadOnlyList<string> features, int[] rows)
    {
        Table = table;
        Target = target;
        Features = features;
        Rows = rows;
        var seq = table.Sequences;
        var y = table.Numeric(target);
        Sequences = new string[rows.Length];
        Y = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            Sequences[i] = seq[rows[i]]!;
            Y[i] = y[rows[i]];
        }
    }

    /// <summary>The underlying table.</summary>
    public AssayTable Table { get; }
    /// <summary>The target column name.</summary>
    public string Target { get; }
    /// <summary>Feature column names of this target (sorted, as pg2-dataset returns them).</summary>
    public IReadOnlyList<string> Features { get; }
    /// <summary>Indices into <see cref="Table"/> of the rows in this view, in file order.</summary>
    public int[] Rows { get; }
    /// <summary>Sequence (or mutation string) per row of the view.</summary>
    public string[] Sequences { get; }
    /// <summary>Target value per row of the view (never NaN).</summary>
    public double[] Y { get; }
    /// <summary>Number of rows.</summary>
    public int Count => Rows.Length;

    /// <summary>A sub-view of the given positions (indices into this view, not the table).</summary>
    public TargetView Subset(IEnumerable<int> positions) =>
        new(Table, Target, Features, positions.Select(p => Rows[p]).ToArray());
}
