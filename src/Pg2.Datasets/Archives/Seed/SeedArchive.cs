using System.IO.Compression;
using System.Text;
using Pg2.Datasets.Alignments;
using Pg2.Datasets.Assays;
using Pg2.Datasets.Numpy;
using Pg2.Contracts;

namespace Pg2.Datasets.Archives;

/// <summary>
/// The seed-era <c>dataset.zip</c> (FORMATS.md §A): <c>manifest.toml</c> + <c>assays.csv</c>, optionally an
/// alignment (<c>msa_meta</c>) and structures (<c>structures_meta</c>).
/// </summary>
internal static class SeedArchive
{
    /// <summary>Name of the assay CSV written by <see cref="Write"/>.</summary>
    public const string AssaysFile = "assays.csv";
    /// <summary>Name of the alignment written by <see cref="Write"/>.</summary>
    public const string MsaFile = "msa.a2m";
    /// <summary>Name of the alignment weights written by <see cref="Write"/>.</summary>
    public const string WeightsFile = "msa_weights.npy";

    /// <summary>Loads the dataset: FORMATS.md §A.3's algorithm.</summary>
    public static Dataset Read(ArchiveReader archive)
    {
        var manifestName = $"{archive.Path}:{SeedManifestToml.FileName}";
        var manifest = SeedManifestToml.Parse(archive.ReadAllText(SeedManifestToml.FileName), manifestName);
        var assays = manifest.AssaysMeta is { FilePath.Length: > 0 } meta
            ? ReadAssays(archive, meta, manifestName)
            : new AssayTable([]);
        var msa = manifest.MsaMeta is { FilePath.Length: > 0 } m ? ReadMsa(archive, m, manifestName) : null;
        var structures = manifest.StructuresMeta is { FilePath.Length: > 0 } s
            ? ReadStructures(archive, s.FilePath, manifestName)
            : null;
        var weights = manifest.MsaMeta is { WeightsPath.Length: > 0 } w ? ReadWeights(archive, w, manifestName) : null;
        if (weights is not null && msa is null)
            throw new InvalidInputException($"{manifestName}: [msa_meta] weights_path is set but file_path names no alignment");
        try
        {
            return new Dataset(manifest, assays, msa, structures) { AlignmentWeights = weights };
        }
        catch (InvalidInputException e) when (weights is not null)
        {
            throw new InvalidInputException($"{archive.Path}:{manifest.MsaMeta!.WeightsPath}: {e.Message}", e);
        }
    }

    private static double[] ReadWeights(ArchiveReader archive, MsaMeta meta, string manifestName)
    {
        var file = EntryName(archive, meta.WeightsPath, "[msa_meta] weights_path", manifestName);
        using var stream = archive.OpenRead(file);
        return NpyFile.ReadVector(stream, $"{archive.Path}:{file}", archive.SizeOf(file));
    }

    private static AssayTable ReadAssays(ArchiveReader archive, AssaysMeta meta, string manifestName)
    {
        var file = EntryName(archive, meta.FilePath, "[assays_meta] file_path", manifestName);
        var source = $"{archive.Path}:{file}";
        var numeric = new HashSet<string>(meta.Assays.Keys, StringComparer.Ordinal);
        if (meta.EngineeringRoundFeature.Length > 0) numeric.Add(meta.EngineeringRoundFeature);
        numeric.UnionWith(meta.Folds.Values);
        var text = new HashSet<string>(StringComparer.Ordinal) { meta.SequenceFeature };
        if (meta.SplitFeature.Length > 0) text.Add(meta.SplitFeature);
        numeric.ExceptWith(text);

        AssayTable raw;
        using (var stream = archive.OpenRead(file))
            raw = AssayCsvReader.Read(stream, source, meta.Columns, numeric, text, archive.SizeOf(file));
        return AssayRules.Apply(raw, meta, source);
    }

    private static Alignment ReadMsa(ArchiveReader archive, MsaMeta meta, string manifestName)
    {
        var file = EntryName(archive, meta.FilePath, "[msa_meta] file_path", manifestName);
        var format = meta.FileFormat.ToLowerInvariant() switch
        {
            "" => AlignmentReader.FormatOf(file),
            "a2m" => AlignmentFormat.A2m,
            "a3m" => AlignmentFormat.A3m,
            "fasta" or "afa" => AlignmentFormat.Fasta,
            _ => throw new InvalidInputException(
                $"{manifestName}: [msa_meta] file_format '{meta.FileFormat}' is not one of a2m, a3m, fasta"),
        };
        using var stream = archive.OpenRead(file);
        return AlignmentReader.Read(stream, format, $"{archive.Path}:{file}");
    }

    internal static Dictionary<string, byte[]> ReadStructures(ArchiveReader archive, string path, string manifestName)
    {
        var name = EntryName(archive, path, "structure path", manifestName, mayBeDirectory: true);
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (archive.Contains(name)) result[name] = archive.ReadAllBytes(name);
        else
        {
            var prefix = name.TrimEnd('/') + "/";
            foreach (var entry in archive.Names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList())
                result[entry] = archive.ReadAllBytes(entry);
        }
        return result;
    }

    /// <summary>Checks a manifest path and returns its archive entry name.</summary>
    internal static string EntryName(ArchiveReader archive, string path, string field, string manifestName, bool mayBeDirectory = false)
    {
        if (ArchiveReader.EscapesArchive(path))
            throw new InvalidInputException($"{manifestName}: {field} '{MessageText.Shown(path, 80)}' points outside the archive");
        var name = ArchiveReader.Normalize(path);
        if (archive.Contains(name)) return name;
        if (mayBeDirectory && archive.Names.Any(n => n.StartsWith(name.TrimEnd('/') + "/", StringComparison.Ordinal)))
            return name;
        throw new InvalidInputException(
            $"{manifestName}: {field} '{MessageText.Shown(path, 80)}' is not in the archive (it holds: {MessageText.Shown(string.Join(", ", archive.Names.Take(10)), 200)})");
    }

    /// <summary>Writes <paramref name="dataset"/> as a seed archive that <see cref="Read"/> loads back equal.</summary>
    public static void Write(Dataset dataset, Stream output)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var table = dataset.Assays;
        var manifest = dataset.Manifest;
        if (manifest.AssaysMeta is { } meta)
        {
            // The CSV carries canonical names, so the manifest points each feature at them.
            manifest = manifest with
            {
                AssaysMeta = meta with
                {
                    FilePath = AssaysFile,
                    SequenceFeature = AssayTable.SequenceColumn,
                    EngineeringRoundFeature = table.TryGetColumn(AssayTable.EngineeringRoundColumn, out _) ? AssayTable.EngineeringRoundColumn : "",
                    SplitFeature = table.TryGetColumn(AssayTable.SplitColumn, out _) ? AssayTable.SplitColumn : "",
                },
            };
            var entry = zip.CreateEntry(AssaysFile, CompressionLevel.Optimal);
            using var s = entry.Open();
            AssayCsvWriter.Write(table, s);
        }
        if (dataset.Msa is { } msa)
        {
            manifest = manifest with
            {
                MsaMeta = new MsaMeta
                {
                    FilePath = MsaFile, FileFormat = "a2m", GapChars = ["-", "."],
                    WeightsPath = dataset.AlignmentWeights is null ? "" : WeightsFile,
                },
            };
            var entry = zip.CreateEntry(MsaFile, CompressionLevel.Optimal);
            using var w = new StreamWriter(entry.Open(), new UTF8Encoding(false), 1 << 16);
            for (int i = 0; i < msa.Depth; i++)
            {
                w.Write('>');
                w.Write(msa.Ids[i]);
                w.Write('\n');
                w.Write(msa.Rows[i]);
                w.Write('\n');
            }
        }
        if (dataset.AlignmentWeights is { } weights)
        {
            var entry = zip.CreateEntry(WeightsFile, CompressionLevel.Optimal);
            using var s = entry.Open();
            NpyFile.Write(s, weights.ToArray());
        }
        if (dataset.Structures.Count > 0)
        {
            var paths = dataset.Structures.Keys.ToList();
            string structurePath = paths.Count == 1 ? paths[0] : CommonDirectory(paths);
            manifest = manifest with { StructuresMeta = new StructuresMeta { FilePath = structurePath } };
            foreach (var (path, bytes) in dataset.Structures)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                using var s = entry.Open();
                s.Write(bytes);
            }
        }
        var manifestEntry = zip.CreateEntry(SeedManifestToml.FileName, CompressionLevel.Optimal);
        using (var w = new StreamWriter(manifestEntry.Open(), new UTF8Encoding(false)))
            w.Write(SeedManifestToml.Format(manifest));
    }

    private static string CommonDirectory(IReadOnlyList<string> paths)
    {
        var dirs = paths.Select(p => p.Contains('/') ? p[..p.LastIndexOf('/')] : "").Distinct().ToList();
        return dirs.Count == 1 && dirs[0].Length > 0
            ? dirs[0]
            : throw new InvalidInputException("structures must share one directory to be saved in a seed archive");
    }
}
