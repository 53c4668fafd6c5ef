using System.Globalization;
using nietras.SeparatedValues;
using Pg2.Contracts;

namespace Pg2.Datasets.ProteinGym;

/// <summary>
/// ProteinGym's reference file <c>DMS_substitutions.csv</c>: one row per assay with <c>DMS_id</c>,
/// <c>DMS_filename</c>, <c>target_seq</c>, <c>MSA_filename</c>, <c>MSA_start</c>, <c>MSA_end</c>,
/// <c>weight_file_name</c> and the metadata (UniProt_ID, taxon, selection type, MSA depth category ...).
/// </summary>
public sealed class ProteinGymReference
{
    /// <summary>Columns every reference file must have.</summary>
    public static readonly IReadOnlyList<string> RequiredColumns = ["DMS_id", "DMS_filename", "target_seq"];

    private ProteinGymReference(string path, IReadOnlyList<ReferenceAssay> assays)
    {
        Path = path;
        Assays = assays;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }
    /// <summary>The assays, file order.</summary>
    public IReadOnlyList<ReferenceAssay> Assays { get; }

    /// <summary>Reads the reference file; a missing file or column, or a repeated DMS_id, is an error.</summary>
    public static ProteinGymReference Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: file not found", ExitCodes.FileNotFound);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(stream);
        var names = reader.Header.ColNames;
        foreach (var c in RequiredColumns)
            if (!names.Contains(c))
                throw new InvalidInputException($"{path}: no column '{c}' (expected ProteinGym's DMS_substitutions.csv: DMS_id, DMS_filename, target_seq, MSA_filename, ...)");
        var assays = new List<ReferenceAssay>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in reader)
        {
            int line = row.LineNumberFrom;
            if (row.ColCount != names.Count)
                throw new InvalidInputException($"{path} line {line}: {row.ColCount} fields, expected {names.Count} like the header");
            var cells = new Dictionary<string, string>(names.Count, StringComparer.Ordinal);
            for (int i = 0; i < names.Count; i++) cells[names[i]] = row[i].ToString().Trim();
            var assay = new ReferenceAssay(path, line, cells);
            if (assay.DmsId.Length == 0) throw new InvalidInputException($"{path} line {line}: empty DMS_id");
            if (!seen.TryAdd(assay.DmsId, line))
                throw new InvalidInputException($"{path} line {line}: DMS_id '{MessageText.Shown(assay.DmsId, 80)}' repeats line {seen[assay.DmsId]}");
            assays.Add(assay);
        }
        if (assays.Count == 0) throw new InvalidInputException($"{path}: no assay rows (only a header)");
        return new ProteinGymReference(path, assays);
    }
}

/// <summary>One row of the reference file; fields are read (and checked) when asked for.</summary>
/// <param name="File">The reference file.</param>
/// <param name="Line">Its line.</param>
/// <param name="Cells">Every column's text.</param>
public sealed record ReferenceAssay(string File, int Line, IReadOnlyDictionary<string, string> Cells)
{
    /// <summary>The assay's id (<c>DMS_id</c>).</summary>
    public string DmsId => Cell("DMS_id");

    /// <summary>A column's text, empty when the file lacks the column.</summary>
    public string Cell(string column) => Cells.GetValueOrDefault(column, "");

    /// <summary>Names the row and column in messages.</summary>
    public string Where(string column) => $"{File} line {Line} ({DmsId}), {column}";

    /// <summary>A column that names a file inside a download: a plain file name, never a path.</summary>
    public string FileName(string column)
    {
        var name = Cell(column);
        if (name.Length == 0) throw new InvalidInputException($"{Where(column)}: empty, expected a file name");
        return SafeName.IsValid(name) ? name : throw new InvalidInputException(
            $"{Where(column)}: '{MessageText.Shown(name, 80)}' is not a plain file name ({SafeName.Rule})");
    }

    /// <summary>A column holding a whole number.</summary>
    public int Integer(string column)
    {
        var text = Cell(column);
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n)) return n;
        // pandas writes integer columns with missing values as floats ("24.0").
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue)
            return (int)d;
        throw new InvalidInputException($"{Where(column)}: '{MessageText.Shown(text, 40)}' is not a whole number");
    }
}
