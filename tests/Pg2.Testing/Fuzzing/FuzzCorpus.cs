using System.IO.Compression;
using System.Text;

namespace Pg2.Fuzzing;

/// <summary>
/// The valid inputs fuzz cases start from, cut to a few rows or records so that one case takes
/// milliseconds: the seed and <c>.pgdata</c> archives of <c>../shared/data</c>, the ProteinGym archives
/// of <c>benchmarks/data</c>, the ProteinGym alignments, and repository files (manifests, games).
/// </summary>
internal static class FuzzCorpus
{
    /// <summary>Data rows kept of each CSV entry.</summary>
    public const int CsvRows = 24;
    /// <summary>Records kept of each alignment.</summary>
    public const int AlignmentRecords = 6;

    public static string RepoRoot => Pg2.Testing.Repository.Root;

    public static string Repo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    public static string Shared(params string[] parts) => Path.Combine([RepoRoot, "..", "shared", "data", .. parts]);

    /// <summary>The archives, each cut down entry by entry (CSV rows, alignment records, structure lines).</summary>
    public static IReadOnlyList<FuzzSeed<IReadOnlyList<ArchiveEntry>>> Archives { get; } =
    [
        SlicedArchive("seed/dummy", Shared("seed", "dummy", "dataset.zip")),
        SlicedArchive("seed/neime", Shared("seed", "neime", "dataset.zip")),
        SlicedArchive("seed/ranganathan", Shared("seed", "ranganathan", "dataset.zip")),
        SlicedArchive("pgdata/NEIME_2019", Shared("pgdata-b1", "NEIME_2019.pgdata")),
        SlicedArchive("pgdata/charge_ladder", Shared("pgdata-b1", "charge_ladder.pgdata")),
        SlicedArchive("pgdata/ranganathan", Shared("pgdata-b1", "ranganathan.pgdata")),
        SlicedArchive("benchmarks/ENVZ_ECOLI", Repo("benchmarks", "data", "ENVZ_ECOLI_Ghose_2023.zip")),
        SlicedArchive("benchmarks/DYR_ECOLI", Repo("benchmarks", "data", "DYR_ECOLI_Thompson_2019.zip")),
    ];

    /// <summary>The first records of each ProteinGym alignment, keyed by file name (the extension picks the format).</summary>
    public static IReadOnlyList<FuzzSeed<string>> Alignments { get; } =
    [
        new("BLAT_ECOLX_ColabFold_2202.a3m", FirstRecords(Shared("proteingym", "BLAT_ECOLX_Jacquier_2013", "BLAT_ECOLX_ColabFold_2202.a3m"), AlignmentRecords)),
        new("DHFR.a2m", FirstRecords(Shared("proteingym", "DYR_ECOLI_Thompson_2019", "DHFR.a2m"), AlignmentRecords)),
        new("ENVZ_ECOLI_extreme_filtered.a2m", FirstRecords(Shared("proteingym", "ENVZ_ECOLI_Ghose_2023", "ENVZ_ECOLI_extreme_filtered.a2m"), AlignmentRecords)),
        new("msa.fasta", FirstRecords(Shared("pgdata-b1", "NEIME_2019.pgdata"), "msas/msa.fasta", AlignmentRecords)),
    ];

    /// <summary>First <see cref="CsvRows"/> data rows of each ProteinGym assay CSV.</summary>
    public static IReadOnlyList<FuzzSeed<string>> AssayCsvs { get; } =
    [
        new("BLAT_ECOLX_Jacquier_2013.csv", FirstLines(Shared("proteingym", "BLAT_ECOLX_Jacquier_2013", "BLAT_ECOLX_Jacquier_2013.csv"), CsvRows + 1)),
        new("DYR_ECOLI_Thompson_2019.csv", FirstLines(Shared("proteingym", "DYR_ECOLI_Thompson_2019", "DYR_ECOLI_Thompson_2019.csv"), CsvRows + 1)),
        new("ENVZ_ECOLI_Ghose_2023.csv", FirstLines(Shared("proteingym", "ENVZ_ECOLI_Ghose_2023", "ENVZ_ECOLI_Ghose_2023.csv"), CsvRows + 1)),
    ];

    private static FuzzSeed<IReadOnlyList<ArchiveEntry>> SlicedArchive(string name, string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entries = new List<ArchiveEntry>();
        foreach (var e in zip.Entries)
        {
            if (e.FullName.EndsWith('/')) continue;
            using var s = e.Open();
            using var reader = new StreamReader(s, Encoding.UTF8);
            var text = reader.ReadToEnd();
            var ext = Path.GetExtension(e.FullName).ToLowerInvariant();
            text = ext switch
            {
                ".csv" => Lines(text, CsvRows + 1),
                ".a2m" or ".a3m" or ".fasta" or ".fa" => Records(text, AlignmentRecords),
                ".pdb" or ".cif" => Lines(text, 30),
                _ => text,
            };
            entries.Add(new ArchiveEntry(e.FullName, Encoding.UTF8.GetBytes(text)));
        }
        return new FuzzSeed<IReadOnlyList<ArchiveEntry>>(name, entries);
    }

    /// <summary>The first <paramref name="count"/> lines (a trailing newline kept).</summary>
    public static string Lines(string text, int count)
    {
        int end = 0;
        for (int n = 0; n < count && end < text.Length; n++)
        {
            int next = text.IndexOf('\n', end);
            end = next < 0 ? text.Length : next + 1;
        }
        return text[..end];
    }

    /// <summary>The first <paramref name="count"/> FASTA records.</summary>
    public static string Records(string text, int count)
    {
        int seen = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '>' || (i > 0 && text[i - 1] != '\n')) continue;
            if (seen++ == count) return text[..i];
        }
        return text;
    }

    private static string FirstLines(string path, int count)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var sb = new StringBuilder();
        for (int n = 0; n < count && reader.ReadLine() is { } line; n++) sb.Append(line).Append('\n');
        return sb.ToString();
    }

    private static string FirstRecords(string path, int count)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return ReadRecords(reader, count);
    }

    private static string FirstRecords(string zipPath, string entry, int count)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open(), Encoding.UTF8);
        return ReadRecords(reader, count);
    }

    private static string ReadRecords(StreamReader reader, int count)
    {
        var sb = new StringBuilder();
        int seen = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('>') && seen++ == count) break;
            sb.Append(line).Append('\n');
        }
        return sb.ToString();
    }
}
