using System.Globalization;
using System.IO.Compression;
using System.Text;
using Pg2.Datasets.Numpy;

namespace Pg2.Testing;

/// <summary>
/// A small ProteinGym download in its exact layout — <c>DMS_substitutions.csv</c>,
/// <c>DMS_ProteinGym_substitutions/</c>, <c>cv_folds_singles_substitutions/</c>,
/// <c>cv_folds_multiples_substitutions/</c>, <c>DMS_msa_files/</c>, <c>DMS_msa_weights/</c> — as folders or
/// as the zips ProteinGym distributes, built from the shared assays (../shared/data/proteingym):
/// <list type="bullet">
/// <item><c>ENVZ_ECOLI_Ghose_2023</c>: the real singles, its alignment and a weights file (one per record), fold columns.</item>
/// <item><c>DYR_ECOLI_Thompson_2019</c>: 300 rows; an alignment covering only residues 11–150
/// (<c>MSA_start</c>/<c>MSA_end</c>) whose focus differs from <c>target_seq</c> at residue 20.</item>
/// <item><c>ENVZ_ECOLI_Doubles_2023</c>: a multi-mutant assay (singles + generated doubles) with a singles
/// and a multiples fold file (<c>fold_rand_multiples</c>).</item>
/// </list>
/// The fold numbers are drawn here (seeded), so a test can compare what pg2 reads with what the file says.
/// </summary>
public sealed class ProteinGymDownload
{
    /// <summary>The single-mutant assay with everything.</summary>
    public const string Envz = "ENVZ_ECOLI_Ghose_2023";
    /// <summary>The assay whose alignment covers a region and differs at one position.</summary>
    public const string Dyr = "DYR_ECOLI_Thompson_2019";
    /// <summary>The multi-mutant assay.</summary>
    public const string Doubles = "ENVZ_ECOLI_Doubles_2023";

    /// <summary>First and last residue the DYR alignment covers.</summary>
    public const int DyrMsaStart = 11, DyrMsaEnd = 150;

    private ProteinGymDownload(string root, bool zipped)
    {
        Root = root;
        Zipped = zipped;
    }

    /// <summary>The folder holding everything.</summary>
    public string Root { get; }
    /// <summary>True when the parts are zips.</summary>
    public bool Zipped { get; }
    /// <summary>The reference file.</summary>
    public string Reference => Path.Combine(Root, "DMS_substitutions.csv");
    /// <summary><c>DMS_ProteinGym_substitutions</c> (folder or zip).</summary>
    public string Assays => Part("DMS_ProteinGym_substitutions");
    /// <summary><c>cv_folds_singles_substitutions</c>.</summary>
    public string SinglesFolds => Part("cv_folds_singles_substitutions");
    /// <summary><c>cv_folds_multiples_substitutions</c>.</summary>
    public string MultiplesFolds => Part("cv_folds_multiples_substitutions");
    /// <summary><c>DMS_msa_files</c>.</summary>
    public string Msas => Part("DMS_msa_files");
    /// <summary><c>DMS_msa_weights</c>.</summary>
    public string Weights => Part("DMS_msa_weights");

    /// <summary>Fold columns written, per assay: column → (mutant → fold).</summary>
    public Dictionary<string, Dictionary<string, Dictionary<string, int>>> Folds { get; } = new(StringComparer.Ordinal);
    /// <summary>The weights written for the ENVZ alignment.</summary>
    public double[] EnvzWeights { get; private set; } = [];

    private string Part(string name) => Path.Combine(Root, Zipped ? name + ".zip" : name);

    /// <summary>The command line's arguments for the whole download.</summary>
    public string[] ImportArguments(string output) =>
        ["proteingym", "import", "--assays", Assays, "--folds", SinglesFolds, "--folds", MultiplesFolds, "--msas", Msas,
         "--weights", Weights, "--reference", Reference, "-o", output];

    /// <summary>Writes the download under <paramref name="root"/> (folders, then zipped when asked).</summary>
    public static ProteinGymDownload Build(string root, bool zipped)
    {
        var d = new ProteinGymDownload(root, zipped);
        d.Write();
        if (zipped)
            foreach (var part in new[] { "DMS_ProteinGym_substitutions", "cv_folds_singles_substitutions", "cv_folds_multiples_substitutions", "DMS_msa_files", "DMS_msa_weights" })
            {
                // ProteinGym's zips hold their files under the folder's name.
                ZipFile.CreateFromDirectory(Path.Combine(root, part), Path.Combine(root, part + ".zip"), CompressionLevel.Fastest, includeBaseDirectory: true);
                Directory.Delete(Path.Combine(root, part), recursive: true);
            }
        return d;
    }

    private void Write()
    {
        var shared = Repository.SharedData("proteingym");
        var referenceLines = File.ReadAllLines(Path.Combine(shared, "DMS_substitutions.csv"));
        var header = SplitCsv(referenceLines[0]);
        Dictionary<string, string> Row(string id) =>
            header.Zip(SplitCsv(referenceLines.First(l => l.Split(',')[1] == id))).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        var envz = Row(Envz);
        var dyr = Row(Dyr);

        // ENVZ: everything real, folds drawn here, one weight per alignment record.
        var envzRows = ReadAssay(Path.Combine(shared, Envz, Envz + ".csv"));
        WriteAssay(Envz, envzRows);
        WriteFolds("cv_folds_singles_substitutions", Envz, envzRows, Singles);
        var envzMsa = File.ReadAllText(Path.Combine(shared, Envz, "ENVZ_ECOLI_extreme_filtered.a2m"));
        WriteFile("DMS_msa_files", envz["MSA_filename"], envzMsa);
        int records = envzMsa.Count(c => c == '>');
        EnvzWeights = Enumerable.Range(0, records).Select(i => 1.0 / (1 + i % 4)).ToArray();
        Directory.CreateDirectory(Path.Combine(Root, "DMS_msa_weights"));
        NpyFile.Write(Path.Combine(Root, "DMS_msa_weights", envz["weight_file_name"]), EnvzWeights);

        // DYR: 300 rows; the alignment cut to residues 11..150, residue 20 of its focus changed.
        var dyrRows = ReadAssay(Path.Combine(shared, Dyr, Dyr + ".csv")).Take(300).ToList();
        WriteAssay(Dyr, dyrRows);
        WriteFolds("cv_folds_singles_substitutions", Dyr, dyrRows, Singles);
        WriteFile("DMS_msa_files", dyr["MSA_filename"], RegionAlignment(Path.Combine(shared, Dyr, "DHFR.a2m"), dyr["target_seq"]));
        dyr["MSA_start"] = DyrMsaStart.ToString(CultureInfo.InvariantCulture);
        dyr["MSA_end"] = DyrMsaEnd.ToString(CultureInfo.InvariantCulture);
        dyr["MSA_len"] = (DyrMsaEnd - DyrMsaStart + 1).ToString(CultureInfo.InvariantCulture);

        // Doubles: singles plus generated double mutants of ENVZ; singles folds + a multiples fold file.
        var target = envz["target_seq"];
        var doubles = envzRows.Take(400).ToList();
        var singles = doubles.Where((_, i) => i % 7 == 0).ToList();
        for (int i = 0; i + 1 < singles.Count; i++)
        {
            var (a, b) = (singles[i].Mutant, singles[i + 1].Mutant);
            if (Position(a) == Position(b)) continue;
            var chars = target.ToCharArray();
            foreach (var m in new[] { a, b }) chars[Position(m) - 1] = m[^1];
            var first = Position(a) < Position(b) ? (a, b) : (b, a);
            doubles.Add(($"{first.Item1}:{first.Item2}", new string(chars), singles[i].Score + singles[i + 1].Score, "0"));
        }
        WriteAssay(Doubles, doubles);
        WriteFolds("cv_folds_singles_substitutions", Doubles, doubles.Where(r => !r.Mutant.Contains(':')).ToList(), Singles);
        WriteFolds("cv_folds_multiples_substitutions", Doubles, doubles, ["fold_rand_multiples"]);
        var doublesRow = new Dictionary<string, string>(envz, StringComparer.Ordinal)
        {
            ["DMS_id"] = Doubles, ["DMS_filename"] = Doubles + ".csv", ["includes_multiple_mutants"] = "TRUE",
            ["DMS_total_number_mutants"] = doubles.Count.ToString(CultureInfo.InvariantCulture), ["weight_file_name"] = "",
        };

        var reference = new StringBuilder(referenceLines[0]).Append('\n');
        foreach (var row in new[] { envz, dyr, doublesRow })
            reference.Append(string.Join(',', header.Select(h => Quote(row[h])))).Append('\n');
        Directory.CreateDirectory(Root);
        File.WriteAllText(Reference, reference.ToString());
    }

    private static readonly string[] Singles = ["fold_random_5", "fold_modulo_5", "fold_contiguous_5"];

    private static int Position(string mutant) => int.Parse(mutant.AsSpan(1, mutant.IndexOf(':') is > 0 and var c ? c - 2 : mutant.Length - 2), CultureInfo.InvariantCulture);

    private void WriteFolds(string part, string id, List<(string Mutant, string Sequence, double Score, string Bin)> rows, string[] columns)
    {
        var rng = new Random(id.Length);
        var positions = rows.Select(r => Position(r.Mutant)).Distinct().Order().ToList();
        var byColumn = Folds.TryGetValue(id, out var f) ? f : Folds[id] = new(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            var folds = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var r in rows)
            {
                int rank = positions.IndexOf(Position(r.Mutant));
                folds[r.Mutant] = column switch
                {
                    "fold_modulo_5" => rank % 5,
                    "fold_contiguous_5" => Math.Min(4, rank * 5 / positions.Count),
                    _ => rng.Next(5),
                };
            }
            byColumn[column] = folds;
        }
        var text = new StringBuilder("mutant,mutated_sequence,DMS_score,DMS_score_bin," + string.Join(',', columns) + "\n");
        foreach (var r in rows)
            text.Append(CultureInfo.InvariantCulture, $"{r.Mutant},{r.Sequence},{r.Score.ToString("R", CultureInfo.InvariantCulture)},{r.Bin},{string.Join(',', columns.Select(c => byColumn[c][r.Mutant]))}\n");
        WriteFile(part, id + ".csv", text.ToString());
    }

    private void WriteAssay(string id, List<(string Mutant, string Sequence, double Score, string Bin)> rows)
    {
        var text = new StringBuilder("mutant,mutated_sequence,DMS_score,DMS_score_bin\n");
        foreach (var r in rows) text.Append(CultureInfo.InvariantCulture, $"{r.Mutant},{r.Sequence},{r.Score.ToString("R", CultureInfo.InvariantCulture)},{r.Bin}\n");
        WriteFile("DMS_ProteinGym_substitutions", id + ".csv", text.ToString());
    }

    private void WriteFile(string part, string name, string text)
    {
        var dir = Path.Combine(Root, part);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name), text);
    }

    private static List<(string Mutant, string Sequence, double Score, string Bin)> ReadAssay(string path) =>
        File.ReadLines(path).Skip(1).Select(l => l.Split(','))
            .Select(c => (c[0], c[1], double.Parse(c[2], CultureInfo.InvariantCulture), c[3])).ToList();

    // The DHFR alignment's first 200 records, cut to the columns of focus residues 11..150, with focus residue 20 changed.
    private static string RegionAlignment(string path, string targetSeq)
    {
        var records = new List<(string Id, StringBuilder Row)>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith('>'))
            {
                if (records.Count == 200) break;
                records.Add((line[1..], new StringBuilder()));
            }
            else records[^1].Row.Append(line.Trim());
        }
        var focus = records[0].Row.ToString();
        int first = -1, last = -1, residue = 0, changed = -1;
        for (int c = 0; c < focus.Length; c++)
        {
            if (focus[c] is '-' or '.') continue;
            residue++;
            if (residue == DyrMsaStart) first = c;
            if (residue == DyrMsaEnd) last = c;
            if (residue == 20) changed = c;
        }
        var text = new StringBuilder();
        for (int i = 0; i < records.Count; i++)
        {
            var row = records[i].Row.ToString()[first..(last + 1)].ToCharArray();
            if (i == 0)
            {
                int at = changed - first;
                row[at] = targetSeq[19] == 'W' ? 'F' : 'W';
            }
            text.Append('>').Append(i == 0 ? "DYR_ECOLI" : records[i].Id).Append('\n').Append(row).Append('\n');
        }
        return text.ToString();
    }

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells;
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n']) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
