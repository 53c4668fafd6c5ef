using Pg2.Datasets.Assays;

namespace Pg2.Sdk;

/// <summary>
/// Rows handed to a model's <c>Preprocess</c>: the full variant sequences (mutation strings already
/// applied to the reference when the dataset stores mutants only), the mutation strings when the
/// dataset has them, and the underlying <see cref="TargetView"/> for extra feature columns.
/// </summary>
public sealed class ModelRows
{
    /// <summary>Creates the rows; the lists are aligned with <paramref name="view"/>.</summary>
    public ModelRows(TargetView view, IReadOnlyList<string> sequences, IReadOnlyList<string>? mutants)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count != view.Count || (mutants is not null && mutants.Count != view.Count))
            throw new ArgumentException("sequences and mutants must have one entry per row of the view");
        View = view;
        Sequences = sequences;
        Mutants = mutants;
    }

    /// <summary>The dataset rows (targets, features, table row numbers).</summary>
    public TargetView View { get; }
    /// <summary>Full variant sequence of each row.</summary>
    public IReadOnlyList<string> Sequences { get; }
    /// <summary>Mutation string of each row (<c>H24C:G30D</c>), or null when the dataset has none.</summary>
    public IReadOnlyList<string>? Mutants { get; }
    /// <summary>Number of rows.</summary>
    public int Count => View.Count;

    /// <summary>Describes row <paramref name="i"/> for error messages (its line in the assay CSV).</summary>
    public string Label(int i) => $"assay row {View.Rows[i] + 1}";
}
