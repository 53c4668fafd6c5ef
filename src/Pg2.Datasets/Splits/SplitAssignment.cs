using Pg2.Datasets.Assays;

namespace Pg2.Datasets.Splits;

/// <summary>The result of a split: the part of every row of a target view, and the three sub-views (X and Y each).</summary>
public sealed class SplitAssignment
{
    /// <summary>Creates the assignment; <paramref name="partOfRow"/> is indexed like <paramref name="view"/>'s rows.</summary>
    public SplitAssignment(TargetView view, SplitPart[] partOfRow)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(partOfRow);
        if (partOfRow.Length != view.Count)
            throw new ArgumentException($"{partOfRow.Length} parts for {view.Count} rows", nameof(partOfRow));
        View = view;
        PartOfRow = partOfRow;
        Train = Select(SplitPart.Train);
        Valid = Select(SplitPart.Valid);
        Test = Select(SplitPart.Test);
    }

    /// <summary>The view that was split.</summary>
    public TargetView View { get; }
    /// <summary>Part of each row of <see cref="View"/> (same order).</summary>
    public SplitPart[] PartOfRow { get; }
    /// <summary>Training rows.</summary>
    public TargetView Train { get; }
    /// <summary>Validation rows.</summary>
    public TargetView Valid { get; }
    /// <summary>Test rows (empty with the default 0.8/0.2 ratios).</summary>
    public TargetView Test { get; }

    private TargetView Select(SplitPart part)
    {
        var positions = new List<int>();
        for (int i = 0; i < PartOfRow.Length; i++)
            if (PartOfRow[i] == part) positions.Add(i);
        return View.Subset(positions);
    }
}
