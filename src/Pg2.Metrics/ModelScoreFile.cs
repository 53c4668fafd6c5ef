using nietras.SeparatedValues;
using Pg2.Contracts;

namespace Pg2.Metrics;

/// <summary>
/// One file of ProteinGym's model-score layout: a folder of <c>&lt;DMS_id&gt;.csv</c> files, each with a
/// <c>mutant</c> column and a score column (and often <c>DMS_score</c>, <c>DMS_score_bin</c>,
/// <c>mutated_sequence</c>), as ProteinGym distributes the scores of its published models. A model that
/// ran elsewhere joins a pg2 leaderboard through such a folder.
/// </summary>
public static class ModelScoreFile
{
    /// <summary>The column naming each variant.</summary>
    public const string MutantColumn = "mutant";

    /// <summary>
    /// Reads <paramref name="path"/>: mutant → score of column <paramref name="column"/>. A missing score
    /// (empty, an NA marker, not finite) is NaN.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="MetricInputException">A column is missing or named twice, a mutant is empty or repeated,
    /// or a score is not a number; the message names the file and line.</exception>
    public static IReadOnlyDictionary<string, double> Read(string path, string column)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(column);
        if (!File.Exists(path)) throw new FileNotFoundException($"score file not found: {path}", path);
        using var reader = Sep.Reader(o => o with { Sep = new Sep(','), Unescape = true, DisableColCountCheck = true, HasHeader = false }).FromFile(path);
        var names = new List<string>();
        if (reader.MoveNext())
            for (int i = 0; i < reader.Current.ColCount; i++) names.Add(reader.Current[i].ToString());
        int Index(string name)
        {
            int found = names.IndexOf(name);
            if (found < 0)
                throw new MetricInputException($"{path}: no column '{name}'; columns found: {(names.Count == 0 ? "(none: empty file)" : MessageText.Shown(string.Join(", ", names), 200))}");
            if (names.IndexOf(name, found + 1) is >= 0 and var again)
                throw new MetricInputException($"{path}: column '{name}' appears more than once in the header (columns {found + 1} and {again + 1}); expected once");
            return found;
        }
        int mi = Index(MutantColumn), si = Index(column);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        int line = 1;
        foreach (var row in reader)
        {
            line++;
            if (row.ColCount <= Math.Max(mi, si))
                throw new MetricInputException($"{path}: line {line} has {row.ColCount} fields but the header has {names.Count}");
            var mutant = row[mi].ToString().Trim();
            if (mutant.Length == 0) throw new MetricInputException($"{path}: line {line}: empty '{MutantColumn}'");
            if (firstLine.TryGetValue(mutant, out var first))
                throw new MetricInputException($"{path}: line {line}: mutant '{MessageText.Shown(mutant)}' appears again (first on line {first}); expected one row per mutant");
            firstLine[mutant] = line;
            var v = PredictionTable.Cell(path, line, column, row[si].Span);
            scores[mutant] = double.IsFinite(v) ? v : double.NaN;
        }
        return scores;
    }
}
