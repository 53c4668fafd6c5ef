using Pg2.Datasets.Assays;
using Pg2.Contracts;

namespace Pg2.Datasets.Mutations;

/// <summary>
/// The full variant sequence and mutation string of every row of a target, resolved with the one set of
/// checks that a model's loading (the SDK) and <c>pg2 dataset validate</c> share: a <c>mutation_col</c>
/// that names a column, a reference sequence for it, every mutation string parsed strictly (standard
/// upper-case letters, one change per residue) and applied to the reference, the row's sequence equal to
/// the result, and full sequences made of amino-acid letters. Datasets either store full sequences (with
/// an optional mutant column) or only mutation strings in the sequence column (seed ranganathan), which
/// are applied to the reference here so that models always see full sequences.
/// </summary>
public sealed class TargetVariants
{
    /// <summary>Letters accepted in full sequences (any case): amino acids, ambiguity codes, gap and stop.</summary>
    public const string SequenceLetters = "ACDEFGHIKLMNPQRSTVWYXBZUO-*";

    /// <summary>Row problems listed individually before the rest are counted.</summary>
    private const int ListedProblems = 5;

    private readonly string[] _sequenceOfRow;
    private readonly string?[]? _mutantOfRow;

    private TargetVariants(string[] sequences, string?[]? mutants, ReferenceSequence? reference)
    {
        _sequenceOfRow = sequences;
        _mutantOfRow = mutants;
        Reference = reference;
    }

    /// <summary>True when the target has mutation strings (a <c>mutation_col</c>).</summary>
    public bool HasMutants => _mutantOfRow is not null;

    /// <summary>The target's reference sequence, if any.</summary>
    public ReferenceSequence? Reference { get; }

    /// <summary>The full variant sequence of table row <paramref name="row"/>.</summary>
    public string SequenceOf(int row) => _sequenceOfRow[row];

    /// <summary>The mutation string of table row <paramref name="row"/> (empty when the row has none); null without a mutant column.</summary>
    public string? MutantOf(int row) => _mutantOfRow is null ? null : _mutantOfRow[row] ?? "";

    /// <summary>
    /// Resolves every row of <paramref name="view"/>. With <paramref name="problems"/> null the first problem
    /// is thrown as an <see cref="InvalidInputException"/> (loading); otherwise problems are added there
    /// (the first few rows by line, then a count) and null is returned when there were any (validate).
    /// </summary>
    public static TargetVariants? Resolve(Dataset dataset, TargetView view, ICollection<string>? problems = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(view);
        int before = problems?.Count ?? 0, rowProblems = 0;
        void Problem(string message)
        {
            if (problems is null) throw new InvalidInputException(message);
            problems.Add(message);
        }
        void RowProblem(InvalidInputException e)
        {
            if (problems is null) throw e;
            if (rowProblems++ < ListedProblems) problems.Add(e.Message);
        }

        var target = view.Target;
        var table = dataset.Assays;
        var constants = dataset.Target(target).Constants;
        TextColumn? mutantColumn = null;
        if (constants.TryGetValue(Dataset.MutationColumnConstant, out var mc))
        {
            if (mc is string name && table.TryGetColumn(name, out var col) && col is TextColumn text) mutantColumn = text;
            else Problem($"target '{target}': constant 'mutation_col' names no text column ('{mc}')");
        }
        ReferenceSequence? reference = null;
        try
        {
            reference = dataset.ReferenceSequence(target);
        }
        catch (InvalidInputException e)
        {
            Problem(e.Message);
        }
        if (mutantColumn is not null && reference is null && problems?.Count == before)
            Problem($"target '{target}': 'mutation_col' is set but there is no reference 'sequence' constant");
        if (problems is not null && problems.Count > before) return null;

        bool sequencesAreMutants = mutantColumn?.Name == AssayTable.SequenceColumn;
        var sequences = new string[table.RowCount];
        var mutants = mutantColumn is null ? null : new string?[table.RowCount];
        foreach (int r in view.Rows)
        {
            var where = $"assays line {r + 2}";
            var sequence = table.Sequences[r]!;
            sequences[r] = sequence;
            try
            {
                if (mutantColumn is null)
                {
                    CheckLetters(sequence, where);
                    continue;
                }
                var mutant = mutantColumn.Values[r];
                mutants![r] = mutant;
                if (string.IsNullOrWhiteSpace(mutant))
                {
                    CheckLetters(sequence, where);
                    continue;
                }
                var variant = Mutant.Parse(mutant, where).Apply(reference!.Sequence, reference.Offset, where);
                if (sequencesAreMutants) sequences[r] = variant;
                else if (!string.Equals(variant, sequence, StringComparison.OrdinalIgnoreCase))
                    throw new InvalidInputException($"{where}: sequence is not the reference with {mutant} applied");
            }
            catch (InvalidInputException e)
            {
                RowProblem(e);
            }
        }
        if (rowProblems > ListedProblems) problems!.Add($"target '{target}': {rowProblems - ListedProblems} more rows with invalid sequences or mutations");
        return rowProblems > 0 ? null : new TargetVariants(sequences, mutants, reference);
    }

    private static void CheckLetters(string sequence, string where)
    {
        foreach (var c in sequence)
            if (!SequenceLetters.Contains(char.ToUpperInvariant(c), StringComparison.Ordinal))
                throw new InvalidInputException($"{where}: sequence holds '{(char.IsControl(c) ? $"U+{(int)c:X4}" : c)}', not an amino-acid letter");
    }
}
