using Pg2.Datasets;
using Pg2.Datasets.Assays;
using Pg2.Datasets.Mutations;
using Pg2.Contracts;

namespace Pg2.Sdk.Hosting;

/// <summary>
/// Full sequences and mutation strings for every row of a target, as <see cref="TargetVariants"/> resolves
/// them — the same checks <c>pg2 dataset validate</c> runs — so models always see full sequences.
/// </summary>
internal sealed class RowResolver(Dataset dataset, TargetView view, IReadOnlyList<(string Name, CovariateScores Scores)>? covariates = null)
{
    private readonly TargetVariants _variants = TargetVariants.Resolve(dataset, view)!;
    private readonly IReadOnlyList<(string Name, CovariateScores Scores)> _covariates = covariates ?? [];

    /// <summary>True when the dataset has mutation strings.</summary>
    public bool HasMutants => _variants.HasMutants;

    public ReferenceSequence? Reference => _variants.Reference;

    public ModelRows Rows(TargetView rows)
    {
        var sequences = rows.Rows.Select(_variants.SequenceOf).ToArray();
        var mutants = HasMutants ? rows.Rows.Select(r => _variants.MutantOf(r)!).ToArray() : null;
        if (_covariates.Count == 0) return new ModelRows(rows, sequences, mutants);
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (name, scores) in _covariates)
        {
            var column = new double[rows.Count];
            for (int i = 0; i < column.Length; i++)
                column[i] = scores.Find(mutants?[i], sequences[i]) ?? throw new InvalidInputException(
                    $"covariate '{name}' has no score for variant {Variant(mutants?[i], sequences[i])} (assay row {rows.Rows[i] + 1}; {scores.Source}); every row needs one");
            columns[name] = column;
        }
        return new ModelRows(rows, sequences, mutants, columns);
    }

    private static string Variant(string? mutant, string sequence) =>
        mutant ?? (sequence.Length > 40 ? $"with sequence {sequence[..40]}…" : $"with sequence {sequence}");
}
