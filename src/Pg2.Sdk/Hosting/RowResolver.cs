using Pg2.Datasets;
using Pg2.Datasets.Assays;
using Pg2.Datasets.Mutations;
using Pg2.Contracts;

namespace Pg2.Sdk.Hosting;

/// <summary>
/// Full sequences and mutation strings for every row of a target, as <see cref="TargetVariants"/> resolves
/// them — the same checks <c>pg2 dataset validate</c> runs — so models always see full sequences.
/// </summary>
internal sealed class RowResolver(Dataset dataset, TargetView view)
{
    private readonly TargetVariants _variants = TargetVariants.Resolve(dataset, view)!;

    /// <summary>True when the dataset has mutation strings.</summary>
    public bool HasMutants => _variants.HasMutants;

    public ReferenceSequence? Reference => _variants.Reference;

    public ModelRows Rows(TargetView rows) => new(rows,
        rows.Rows.Select(_variants.SequenceOf).ToArray(),
        HasMutants ? rows.Rows.Select(r => _variants.MutantOf(r)!).ToArray() : null);
}
