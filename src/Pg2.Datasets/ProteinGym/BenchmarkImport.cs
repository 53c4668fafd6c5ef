using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pg2.Contracts;

namespace Pg2.Datasets.ProteinGym;

/// <summary>What <c>pg2 proteingym import</c> is given.</summary>
/// <param name="Reference">ProteinGym's <c>DMS_substitutions.csv</c>.</param>
/// <param name="Assays">The <c>DMS_ProteinGym_substitutions</c> folder or zip.</param>
/// <param name="Folds">CV fold folders or zips (<c>cv_folds_singles_substitutions</c>, <c>cv_folds_multiples_substitutions</c>).</param>
/// <param name="Msas">The <c>DMS_msa_files</c> folder or zip, or null.</param>
/// <param name="Weights">The <c>DMS_msa_weights</c> folder or zip, or null.</param>
/// <param name="Output">Folder for the archives and the index.</param>
/// <param name="Only">DMS ids to import (null: all).</param>
/// <param name="Jobs">Assays imported at once.</param>
public sealed record BenchmarkImportOptions(string Reference, string Assays, IReadOnlyList<string> Folds, string? Msas,
    string? Weights, string Output, IReadOnlyList<string>? Only, int Jobs);

/// <summary>How one assay fared.</summary>
public enum ImportStatus
{
    /// <summary>Archive written.</summary>
    Imported,
    /// <summary>Archive already up to date (same inputs as its last import).</summary>
    UpToDate,
    /// <summary>Not imported; <see cref="ImportEntry.Reason"/> says why.</summary>
    Skipped,
}

/// <summary>One line of the import index.</summary>
public sealed record ImportEntry
{
    /// <summary>The assay.</summary>
    public string DmsId { get; init; } = "";
    /// <summary>Imported, up to date or skipped.</summary>
    public ImportStatus Status { get; init; }
    /// <summary>Why it was skipped (one line naming file, row and field).</summary>
    public string? Reason { get; init; }
    /// <summary>The archive's file name inside the output folder.</summary>
    public string? Archive { get; init; }
    /// <summary>Assay rows.</summary>
    public int? Rows { get; init; }
    /// <summary>Rows with several substitutions.</summary>
    public int? MultipleMutants { get; init; }
    /// <summary>Alignment records, when an alignment was imported.</summary>
    public int? MsaDepth { get; init; }
    /// <summary>Whether ProteinGym's weights are in the archive.</summary>
    public bool Weights { get; init; }
    /// <summary>Fold scheme → ProteinGym column carried.</summary>
    public IReadOnlyDictionary<string, string>? Folds { get; init; }
    /// <summary>Accepted oddities.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>Hash of the inputs: an archive whose inputs hash the same is not rebuilt.</summary>
    public string? Fingerprint { get; init; }
}

/// <summary>The index written beside the archives (<c>index.json</c>).</summary>
public sealed record ImportIndex
{
    /// <summary>File name inside the output folder.</summary>
    public const string FileName = "index.json";
    /// <summary>The reference file used.</summary>
    public string Reference { get; init; } = "";
    /// <summary>Every assay of the reference (selected by <c>--only</c>), reference order.</summary>
    public IReadOnlyList<ImportEntry> Assays { get; init; } = [];

    /// <summary>JSON as written.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads a previous index; null when there is none or it does not parse (then everything is rebuilt).</summary>
    public static ImportIndex? TryRead(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<ImportIndex>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// <c>pg2 proteingym import</c>: every assay of ProteinGym's reference file, from the download as distributed
/// (folders or zips), into one archive per assay plus <see cref="ImportIndex"/>; several assays at once,
/// resumable (an archive whose inputs have not changed is kept), a bad assay skipped with its reason.
/// </summary>
public static class BenchmarkImport
{
    // Bump when the archive layout changes, so old archives are rebuilt.
    private const string LayoutVersion = "pg2-proteingym-import/1";

    /// <summary>
    /// Runs the import; <paramref name="planned"/> hears how many assays there are, <paramref name="progress"/>
    /// of each as it finishes (any thread).
    /// </summary>
    /// <exception cref="InvalidInputException">The reference file or a source cannot be read, or <c>--only</c> names an unknown id.</exception>
    public static ImportIndex Run(BenchmarkImportOptions options, Action<ImportEntry>? progress = null, CancellationToken cancel = default,
        Action<int>? planned = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var reference = ProteinGymReference.Read(options.Reference);
        var assays = DistributionSource.Open(options.Assays, "--assays");
        var folds = options.Folds.Select(f => DistributionSource.Open(f, "--folds")).ToList();
        var msas = options.Msas is null ? null : DistributionSource.Open(options.Msas, "--msas");
        var weights = options.Weights is null ? null : DistributionSource.Open(options.Weights, "--weights");
        var output = OutputFolder.Ensure(options.Output, "-o");

        var selected = reference.Assays;
        if (options.Only is { Count: > 0 } only)
        {
            var known = reference.Assays.Select(a => a.DmsId).ToHashSet(StringComparer.Ordinal);
            foreach (var id in only)
                if (!known.Contains(id))
                    throw new InvalidInputException($"--only: '{MessageText.Shown(id, 80)}' is not a DMS_id of {options.Reference}");
            var wanted = only.ToHashSet(StringComparer.Ordinal);
            selected = reference.Assays.Where(a => wanted.Contains(a.DmsId)).ToList();
        }

        planned?.Invoke(selected.Count);
        var previous = (ImportIndex.TryRead(output)?.Assays ?? [])
            .Where(e => e.Fingerprint is not null && e.Status != ImportStatus.Skipped)
            .GroupBy(e => e.DmsId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var entries = new ImportEntry[selected.Count];
        var gate = new object();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Jobs), CancellationToken = cancel };
        Parallel.For(0, selected.Count, parallel, i =>
        {
            var entry = ImportOne(selected[i], assays, folds, msas, weights, output, previous);
            lock (gate)
            {
                entries[i] = entry;
                // Written after every assay, so an interrupted import resumes where it stopped.
                WriteIndex(output, options.Reference, entries.Where(e => e is not null).ToList());
            }
            progress?.Invoke(entry);
        });
        var index = new ImportIndex { Reference = options.Reference, Assays = entries };
        WriteIndex(output, options.Reference, entries);
        return index;
    }

    private static void WriteIndex(string output, string reference, IReadOnlyList<ImportEntry> entries) =>
        AtomicFile.WriteAllText(Path.Combine(output, ImportIndex.FileName),
            JsonSerializer.Serialize(new ImportIndex { Reference = reference, Assays = entries }, ImportIndex.Json) + "\n");

    private static ImportEntry ImportOne(ReferenceAssay assay, DistributionSource assays, IReadOnlyList<DistributionSource> folds,
        DistributionSource? msas, DistributionSource? weights, string output, Dictionary<string, ImportEntry> previous)
    {
        var id = assay.DmsId;
        try
        {
            SafeName.Check(id, assay.Where("DMS_id"));
            var inputs = new AssayImport.Inputs(
                One(assays, assay, "DMS_filename", required: true)!,
                folds.SelectMany(f => f.Find(assay.FileName("DMS_filename"))).ToList(),
                msas is null ? null : One(msas, assay, "MSA_filename", required: true),
                weights is null || assay.Cell("weight_file_name").Length == 0 ? null : One(weights, assay, "weight_file_name", required: false));
            var archive = id + ".zip";
            var path = Path.Combine(output, archive);
            var fingerprint = Fingerprint(assay, inputs);
            if (previous.TryGetValue(id, out var last) && last.Fingerprint == fingerprint && File.Exists(path))
                return last with { Status = ImportStatus.UpToDate };
            var result = AssayImport.Run(assay, inputs, path);
            var warnings = result.Warnings.ToList();
            if (weights is not null && inputs.Weights is null)
                warnings.Add($"{weights.Path} has no '{assay.Cell("weight_file_name")}' (weight_file_name); weights left out");
            return new ImportEntry
            {
                DmsId = id, Status = ImportStatus.Imported, Archive = archive, Rows = result.Rows,
                MultipleMutants = result.MultipleMutants, MsaDepth = result.MsaDepth, Weights = result.Weights,
                Folds = result.FoldColumns, Warnings = warnings, Fingerprint = fingerprint,
            };
        }
        catch (InvalidInputException e)
        {
            return new ImportEntry { DmsId = id, Status = ImportStatus.Skipped, Reason = e.Message };
        }
        catch (IOException e)
        {
            return new ImportEntry { DmsId = id, Status = ImportStatus.Skipped, Reason = $"{id}: {e.Message}" };
        }
    }

    private static DistributionFile? One(DistributionSource source, ReferenceAssay assay, string column, bool required)
    {
        var name = assay.FileName(column);
        var found = source.Find(name);
        return found.Count switch
        {
            1 => found[0],
            0 when !required => null,
            0 => throw new InvalidInputException($"{source.Option} {source.Path}: no file '{name}' ({assay.Where(column)})"),
            _ => throw new InvalidInputException(
                $"{source.Option} {source.Path}: {found.Count} files named '{name}' ({string.Join(", ", found.Take(3).Select(f => f.Key))}); ambiguous"),
        };
    }

    private static string Fingerprint(ReferenceAssay assay, AssayImport.Inputs inputs)
    {
        var text = new StringBuilder(LayoutVersion).Append('\n');
        foreach (var (k, v) in assay.Cells.OrderBy(c => c.Key, StringComparer.Ordinal)) text.Append(k).Append('=').Append(v).Append('\n');
        foreach (var f in new[] { inputs.Assay, inputs.Msa, inputs.Weights }.Concat(inputs.Folds))
            text.Append(f is null ? "-" : $"{f.Where}|{f.Length}|{f.Stamp}").Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
