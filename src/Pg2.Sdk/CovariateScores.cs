using System.Globalization;
using nietras.SeparatedValues;
using Pg2.Contracts;

namespace Pg2.Sdk;

/// <summary>
/// Per-variant scores of one covariate (a zero-shot model's predictions, or a ProteinGym model-score
/// file), keyed by mutation string and/or full sequence. The runner reads the covariate's source with
/// <see cref="Read"/> and hands the model the canonical file <see cref="Write"/> makes
/// (<c>mutant,sequence,score</c>); the SDK reads that back and attaches a column per covariate to <see cref="ModelRows"/>.
/// </summary>
public sealed class CovariateScores
{
    /// <summary>The score column of the canonical file.</summary>
    public const string ScoreColumn = "score";

    // Columns of an assay or predictions file that are never the covariate's score.
    private static readonly HashSet<string> NotScores = new(StringComparer.OrdinalIgnoreCase)
        { "mutant", "mutated_sequence", "sequence", "test", "dms_score", "dms_score_bin", "fold", "target_mean", "target_std" };

    private readonly Dictionary<string, double> _byMutant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _bySequence = new(StringComparer.Ordinal);
    private readonly List<(string? Mutant, string? Sequence, double Score)> _rows = [];

    private CovariateScores(string source) => Source = source;

    /// <summary>The file the scores were read from.</summary>
    public string Source { get; }

    /// <summary>Number of scored variants.</summary>
    public int Count => _rows.Count;

    /// <summary>True when the scores are keyed by mutation string.</summary>
    public bool HasMutants => _byMutant.Count > 0;

    /// <summary>True when the scores are keyed by full sequence.</summary>
    public bool HasSequences => _bySequence.Count > 0;

    /// <summary>
    /// The score of a variant: by its mutation string when both sides have one (the order of the
    /// substitutions does not matter), else by its full sequence; null when the file has no score for it.
    /// </summary>
    public double? Find(string? mutant, string sequence)
    {
        if (mutant is not null && HasMutants)
            return _byMutant.TryGetValue(MutantKey(mutant), out var m) ? m : null;
        return _bySequence.TryGetValue(sequence, out var s) ? s : null;
    }

    /// <summary>
    /// Reads a score file: a key column <c>mutant</c> and/or <c>mutated_sequence</c> (or <c>sequence</c>),
    /// and the score column <paramref name="column"/>, by default <c>score</c>, else <c>pred</c>, else
    /// the only numeric column that is not an assay column (<c>DMS_score</c>, <c>test</c>, …). Rows
    /// with an empty or NaN score are left out (a variant that needs one is then reported missing).
    /// </summary>
    /// <exception cref="InvalidInputException">A column is missing or ambiguous, or a score is not a number; the message names the file, row and column.</exception>
    public static CovariateScores Read(string path, string? column = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new InvalidInputException($"covariate scores file not found: {path}", ExitCodes.FileNotFound);
        using var reader = Sep.Reader(o => o with { Sep = new Sep(','), Unescape = true, DisableColCountCheck = true, HasHeader = false }).FromFile(path);
        if (!reader.MoveNext()) throw new InvalidInputException($"{path}: empty file; expected a header with 'mutant' or 'mutated_sequence' and a score column");
        var names = new List<string>();
        for (int i = 0; i < reader.Current.ColCount; i++) names.Add(reader.Current[i].ToString().Trim());
        int mutantAt = names.IndexOf("mutant");
        int sequenceAt = names.IndexOf("mutated_sequence") is >= 0 and var ms ? ms : names.IndexOf("sequence");
        if (mutantAt < 0 && sequenceAt < 0)
            throw new InvalidInputException($"{path}: no 'mutant', 'mutated_sequence' or 'sequence' column to match variants by; columns found: {MessageText.Shown(string.Join(", ", names), 200)}");
        var result = new CovariateScores(path);
        var pending = new List<string[]>();
        int scoreAt = column is not null ? names.IndexOf(column)
            : names.IndexOf(ScoreColumn) is >= 0 and var sc ? sc
            : names.IndexOf("pred") is >= 0 and var pc ? pc
            : -2;
        if (scoreAt == -1)
            throw new InvalidInputException($"{path}: no column '{column}'; columns found: {MessageText.Shown(string.Join(", ", names), 200)}");
        int line = 1;
        while (reader.MoveNext())
        {
            line++;
            var row = reader.Current;
            if (scoreAt == -2)
            {
                // The score column is decided by the first data row: the one numeric column left.
                var cells = new string[row.ColCount];
                for (int i = 0; i < cells.Length; i++) cells[i] = row[i].ToString();
                var numeric = Enumerable.Range(0, Math.Min(cells.Length, names.Count))
                    .Where(i => !NotScores.Contains(names[i]) && double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out _)).ToList();
                if (numeric.Count != 1)
                    throw new InvalidInputException(numeric.Count == 0
                        ? $"{path}: no score column (no numeric column besides {string.Join(", ", names.Where(NotScores.Contains))}); name it with 'column'"
                        : $"{path}: several candidate score columns ({string.Join(", ", numeric.Select(i => names[i]))}); choose one with 'column'");
                scoreAt = numeric[0];
            }
            string? mutant = mutantAt >= 0 && mutantAt < row.ColCount ? NonEmpty(row[mutantAt].ToString()) : null;
            string? sequence = sequenceAt >= 0 && sequenceAt < row.ColCount ? NonEmpty(row[sequenceAt].ToString()) : null;
            string text = scoreAt < row.ColCount ? row[scoreAt].ToString().Trim() : "";
            if (text.Length == 0) continue;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || double.IsInfinity(score))
                throw new InvalidInputException($"{path}: line {line}, column '{names[scoreAt]}': expected a number, got '{MessageText.Shown(text)}'");
            if (double.IsNaN(score)) continue;
            if (mutant is null && sequence is null)
                throw new InvalidInputException($"{path}: line {line}: no mutant and no sequence; expected one to match the variant by");
            result.Add(mutant, sequence, score, $"{path}: line {line}");
        }
        return result;
    }

    private void Add(string? mutant, string? sequence, double score, string where)
    {
        if (mutant is not null && !_byMutant.TryAdd(MutantKey(mutant), score))
            throw new InvalidInputException($"{where}: variant {MessageText.Shown(mutant, 80)} is scored twice");
        if (sequence is not null) _bySequence.TryAdd(sequence, score);
        _rows.Add((mutant, sequence, score));
    }

    /// <summary>Writes the canonical file (<c>mutant,sequence,score</c>; a key the source lacks stays empty) atomically.</summary>
    public void Write(string path)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture }).To(text, leaveOpen: true))
        {
            foreach (var (mutant, sequence, score) in _rows)
            {
                using var row = csv.NewRow();
                row["mutant"].Set(mutant ?? "");
                row["sequence"].Set(sequence ?? "");
                row[ScoreColumn].Set(score.ToString("R", CultureInfo.InvariantCulture));
            }
        }
        if (_rows.Count == 0) text.Write("mutant,sequence,score\n");
        AtomicFile.WriteAllText(path, text.ToString());
    }

    // "A24C:G30D" and "G30D:A24C" are the same variant.
    private static string MutantKey(string mutant) =>
        mutant.Contains(':', StringComparison.Ordinal) ? string.Join(':', mutant.Split(':').Select(m => m.Trim()).Order(StringComparer.Ordinal)) : mutant.Trim();

    private static string? NonEmpty(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
