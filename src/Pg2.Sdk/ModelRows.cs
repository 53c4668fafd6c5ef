using Pg2.Datasets.Assays;

namespace Pg2.Sdk;

/// <summary>
/// Rows handed to a model's <c>Preprocess</c>: the full variant sequences (mutation strings already
/// applied to the reference when the dataset stores mutants only), the mutation strings when the
/// dataset has them, and the underlying <see cref="TargetView"/> for extra feature columns.
/// </summary>
public sealed class ModelRows
{
    private static readonly IReadOnlyDictionary<string, double[]> NoCovariates = new Dictionary<string, double[]>();

    /// <summary>
    /// Creates the rows; the lists (and each covariate column of <paramref name="covariates"/>) are
    /// aligned with <paramref name="view"/>.
    /// </summary>
    public ModelRows(TargetView view, IReadOnlyList<string> sequences, IReadOnlyList<string>? mutants,
        IReadOnlyDictionary<string, double[]>? covariates = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count != view.Count || (mutants is not null && mutants.Count != view.Count))
            throw new ArgumentException("sequences and mutants must have one entry per row of the view");
        if (covariates is not null && covariates.Values.Any(c => c.Length != view.Count))
            throw new ArgumentException("every covariate column must have one value per row of the view");
        View = view;
        Sequences = sequences;
        Mutants = mutants;
        Covariates = covariates ?? NoCovariates;
        CovariateNames = [.. Covariates.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Covariate columns by name (the game's <c>[[covariates]]</c> the model names, e.g. a zero-shot
    /// score per row); empty when the job has none. Every row has a value: a missing one fails the job
    /// before the model runs.
    /// </summary>
    public IReadOnlyDictionary<string, double[]> Covariates { get; }

    /// <summary>The covariate names in ordinal order (the order models stack them in).</summary>
    public IReadOnlyList<string> CovariateNames { get; }

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
