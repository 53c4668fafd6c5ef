using Pg2.Datasets.Assays;
using Pg2.Datasets.Mutations;
using Pg2.Contracts;

namespace Pg2.Datasets;

/// <summary>
/// Every check <c>pg2 dataset validate</c> runs. Loading already enforces the archive, manifest and CSV rules
/// (a failure there is the single problem reported); the checks here look across parts: targets and
/// features, split strategy, sequences, mutation strings against the reference, and the alignment's focus
/// against the reference.
/// </summary>
public static class DatasetValidator
{
    private const string Residues = "ACDEFGHIKLMNPQRSTVWYXBZUO-*";

    /// <summary>Loads <paramref name="path"/> and returns its problems (empty = valid).</summary>
    public static IReadOnlyList<string> Validate(string path)
    {
        Dataset dataset;
        try
        {
            dataset = Dataset.FromPath(path);
        }
        catch (InvalidInputException e)
        {
            return [e.Message];
        }
        return Validate(dataset);
    }

    /// <summary>The cross-part problems of a loaded dataset (empty = valid).</summary>
    public static IReadOnlyList<string> Validate(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var problems = new List<string>();
        var meta = dataset.Manifest.AssaysMeta;
        if (dataset.Name.Length == 0) problems.Add("manifest: 'name' is empty");
        if (meta is null || meta.FilePath.Length == 0)
        {
            problems.Add("manifest: no [assays_meta] with a file_path: the dataset has no assays");
            return problems;
        }
        if (meta.Assays.Count == 0) problems.Add("manifest: [assays_meta.assays] declares no target");
        try
        {
            foreach (var t in dataset.Targets) _ = dataset.SplitStrategy(t);
        }
        catch (InvalidInputException e)
        {
            problems.Add(e.Message);
        }

        CheckSequences(dataset.Assays, problems);
        foreach (var target in dataset.Targets)
        {
            if (dataset.Assays[target] is not NumericColumn)
            {
                problems.Add($"target '{target}': column is not numeric");
                continue;
            }
            int n = dataset.ForTarget(target).Count;
            if (n == 0) problems.Add($"target '{target}': no row has both a sequence and a value");
            CheckConstants(dataset, target, problems);
        }
        return problems;
    }

    private static void CheckSequences(AssayTable table, List<string> problems)
    {
        var seq = table.Sequences;
        int bad = 0;
        for (int r = 0; r < seq.Length; r++)
        {
            var s = seq[r];
            if (string.IsNullOrEmpty(s)) continue;
            // Mutation strings (H24C) are checked against the reference; full sequences letter by letter.
            if (char.IsAsciiDigit(s.Length > 1 ? s[1] : 'x')) continue;
            foreach (var c in s)
            {
                if (Residues.Contains(char.ToUpperInvariant(c), StringComparison.Ordinal)) continue;
                if (bad++ < 5)
                    problems.Add($"assays line {r + 2}: sequence holds '{(char.IsControl(c) ? $"U+{(int)c:X4}" : c)}', not an amino-acid letter");
                break;
            }
        }
        if (bad > 5) problems.Add($"assays: {bad - 5} more rows with invalid sequence letters");
    }

    private static void CheckConstants(Dataset dataset, string target, List<string> problems)
    {
        var constants = dataset.Target(target).Constants;
        if (constants.TryGetValue(Dataset.BinCutoffConstant, out var cutoff) && cutoff is not double)
            problems.Add($"target '{target}': constant '{Dataset.BinCutoffConstant}' must be a number");
        ReferenceSequence? reference;
        try
        {
            reference = dataset.ReferenceSequence(target);
        }
        catch (InvalidInputException e)
        {
            problems.Add(e.Message);
            return;
        }
        if (constants.TryGetValue(Dataset.MutationColumnConstant, out var mc))
        {
            if (mc is not string col || !dataset.Assays.TryGetColumn(col, out var column))
                problems.Add($"target '{target}': constant 'mutation_col' names no column ('{mc}')");
            else if (reference is null)
                problems.Add($"target '{target}': 'mutation_col' is set but there is no reference 'sequence' constant");
            else CheckMutations(dataset, target, column, reference, problems);
        }
        if (reference is not null && dataset.Msa is { } msa)
        {
            var focus = msa.FocusSequence;
            int start = msa.RegionStart - reference.Offset;
            if (start < 0 || start + focus.Length > reference.Sequence.Length
                || !string.Equals(reference.Sequence.Substring(start, focus.Length), focus, StringComparison.OrdinalIgnoreCase))
                problems.Add(
                    $"alignment: focus '{msa.FocusId}' ({focus.Length} residues from residue {msa.RegionStart}) does not match target '{target}''s reference sequence there");
        }
    }

    private static void CheckMutations(Dataset dataset, string target, AssayColumn column, ReferenceSequence reference,
        List<string> problems)
    {
        var view = dataset.ForTarget(target);
        var sequences = dataset.Assays.Sequences;
        bool fullSequences = !ReferenceEquals(column, dataset.Assays[AssayTable.SequenceColumn]);
        int bad = 0;
        foreach (var r in view.Rows)
        {
            var where = $"assays line {r + 2}";
            try
            {
                var m = Mutant.Parse(column.Format(r), where);
                var variant = m.Apply(reference.Sequence, reference.Offset, where);
                if (fullSequences && !string.Equals(variant, sequences[r], StringComparison.OrdinalIgnoreCase))
                    throw new InvalidInputException($"{where}: sequence is not the reference with {m} applied");
            }
            catch (InvalidInputException e)
            {
                if (bad++ < 5) problems.Add(e.Message);
            }
        }
        if (bad > 5) problems.Add($"target '{target}': {bad - 5} more rows with invalid mutations");
    }
}
