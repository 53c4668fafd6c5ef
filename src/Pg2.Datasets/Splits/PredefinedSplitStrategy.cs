using Pg2.Datasets.Assays;
using Pg2.Contracts;

namespace Pg2.Datasets.Splits;

/// <summary>
/// The split written in the data: the <c>split</c> column (the manifest's <c>split_feature</c>, renamed on
/// load), whose values are <c>train</c>, <c>valid</c> or <c>test</c>.
/// </summary>
public sealed class PredefinedSplitStrategy : ISplitStrategy
{
    /// <inheritdoc />
    public SplitAssignment Split(TargetView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (!view.Table.TryGetColumn(AssayTable.SplitColumn, out var column))
            throw new InvalidInputException("the dataset has no split column (set [assays_meta] split_feature)");
        var parts = new SplitPart[view.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            var value = column.Format(view.Rows[i]);
            parts[i] = value switch
            {
                "train" => SplitPart.Train,
                "valid" => SplitPart.Valid,
                "test" => SplitPart.Test,
                _ => throw new InvalidInputException(
                    $"assay row {view.Rows[i] + 1}: split value '{value}' is not one of train, valid, test"),
            };
        }
        return new SplitAssignment(view, parts);
    }
}
