using Pg2.Datasets;
using Pg2.Datasets.Assays;
using Pg2.Datasets.Mutations;
using Pg2.Contracts;

namespace Pg2.Sdk.Hosting;

/// <summary>
/// Full sequences and mutation strings for every row of a target, indexed by table row. Datasets either
/// store full variant sequences (with an optional mutant column named by the <c>mutation_col</c>
/// constant) or only mutation strings in the sequence column (seed ranganathan), which are applied to
/// the reference sequence here so that models always see full sequences.
/// </summary>
internal sealed class RowResolver
{
    private readonly string[] _sequenceOfRow;
    private readonly string?[]? _mutantOfRow;

    public RowResolver(Dataset dataset, TargetView view)
    {
        var table = dataset.Assays;
        _sequenceOfRow = new string[table.RowCount];
        var constants = dataset.Target(view.Target).Constants;
        TextColumn? mutantColumn = constants.TryGetValue(Dataset.MutationColumnConstant, out var c) && c is string name
            && table.TryGetColumn(name, out var col) && col is TextColumn text ? text : null;
        bool sequencesAreMutants = mutantColumn is not null && mutantColumn.Name == AssayTable.SequenceColumn;
        var reference = sequencesAreMutants ? dataset.ReferenceSequence(view.Target) : null;
        if (sequencesAreMutants && reference is null)
            throw new InvalidInputException(
                $"dataset '{dataset.Name}': the sequence column holds mutation strings but target '{view.Target}' has no reference 'sequence' constant");
        if (mutantColumn is not null) _mutantOfRow = new string?[table.RowCount];
        foreach (int r in view.Rows)
        {
            var sequence = view.Table.Sequences[r]!;
            if (mutantColumn is not null) _mutantOfRow![r] = mutantColumn.Values[r];
            _sequenceOfRow[r] = sequencesAreMutants
                ? Mutant.Parse(sequence, $"assay row {r + 1}").Apply(reference!.Sequence, reference.Offset, $"assay row {r + 1}")
                : sequence;
        }
        HasMutants = mutantColumn is not null;
        Reference = dataset.ReferenceSequence(view.Target);
    }

    /// <summary>True when the dataset has mutation strings.</summary>
    public bool HasMutants { get; }

    public ReferenceSequence? Reference { get; }

    public ModelRows Rows(TargetView view) => new(view,
        view.Rows.Select(r => _sequenceOfRow[r]).ToArray(),
        _mutantOfRow is null ? null : view.Rows.Select(r => _mutantOfRow[r] ?? "").ToArray());

    /// <summary>Mutation strings for fold assignment: the dataset's, else derived from the reference.</summary>
    public IReadOnlyList<string> MutantsForFolds(Dataset dataset, TargetView view)
    {
        if (_mutantOfRow is not null) return view.Rows.Select(r => _mutantOfRow[r] ?? "").ToArray();
        if (Reference is null)
            throw new InvalidInputException(
                $"dataset '{dataset.Name}': fold schemes need mutated positions, but target '{view.Target}' has neither mutation strings (constant 'mutation_col') nor a reference sequence (constant 'sequence')");
        return view.Rows.Select(r => Mutant.FromVariant(Reference.Sequence, _sequenceOfRow[r], Reference.Offset, $"assay row {r + 1}").ToString()).ToArray();
    }
}
