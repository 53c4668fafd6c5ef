using Pg2.Datasets.Alignments;
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
        else if (!SafeName.IsValid(dataset.Name)) problems.Add($"manifest: 'name' = '{dataset.Name}' is not a valid name: use {SafeName.Rule}");
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

        foreach (var target in dataset.Targets)
        {
            if (dataset.Assays[target] is not NumericColumn)
            {
                problems.Add($"target '{target}': column is not numeric");
                continue;
            }
            var view = dataset.ForTarget(target);
            if (view.Count == 0) problems.Add($"target '{target}': no row has both a sequence and a value");
            CheckConstants(dataset, target, problems);
            // The same resolution a model's loading runs (Pg2.Sdk), so validate passes exactly what models accept.
            TargetVariants.Resolve(dataset, view, problems);
        }
        return problems.Distinct(StringComparer.Ordinal).ToList();
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
        catch (InvalidInputException)
        {
            return; // reported by TargetVariants
        }
        if (reference is not null && dataset.Msa is { } msa)
        {
            try
            {
                _ = FocusMatch.Check(msa.FocusSequence, msa.RegionStart, reference.Sequence, reference.Offset,
                    $"alignment focus '{msa.FocusId}' against target '{target}'");
            }
            catch (InvalidInputException e)
            {
                problems.Add(e.Message);
            }
        }
    }
}
