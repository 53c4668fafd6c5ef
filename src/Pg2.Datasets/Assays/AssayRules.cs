using Pg2.Contracts;

namespace Pg2.Datasets.Assays;

/// <summary>
/// pg2-dataset's ingest rules applied to a freshly read CSV (FORMATS.md §A.3): canonical renames,
/// the default <c>engineering_round = 1</c>, the uniqueness rule and the predefined split values.
/// </summary>
internal static class AssayRules
{
    /// <summary>Values allowed in the <c>split</c> column.</summary>
    public static readonly string[] SplitValues = ["train", "valid", "test"];

    public static AssayTable Apply(AssayTable raw, AssaysMeta meta, string source)
    {
        if (raw.RowCount == 0)
            throw new InvalidInputException($"{source}: no assay rows (only a header)");
        var renames = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [meta.SequenceFeature] = AssayTable.SequenceColumn,
        };
        if (meta.EngineeringRoundFeature.Length > 0) renames[meta.EngineeringRoundFeature] = AssayTable.EngineeringRoundColumn;
        if (meta.SplitFeature.Length > 0) renames[meta.SplitFeature] = AssayTable.SplitColumn;

        var columns = new List<AssayColumn>(raw.Columns.Count + 1);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in raw.Columns)
        {
            var name = renames.GetValueOrDefault(c.Name, c.Name);
            if (!names.Add(name))
                throw new InvalidInputException(
                    $"{source}: column '{c.Name}' is renamed to '{name}', but a column '{name}' already exists");
            columns.Add(name == c.Name ? c : c.Renamed(name));
        }
        if (!names.Contains(AssayTable.SequenceColumn))
            throw new InvalidInputException($"{source}: no column '{meta.SequenceFeature}' (the manifest's sequence_feature)");
        if (!names.Contains(AssayTable.EngineeringRoundColumn))
            columns.Add(new NumericColumn(AssayTable.EngineeringRoundColumn, Ones(raw.RowCount)));
        if (columns.First(c => c.Name == AssayTable.SequenceColumn) is NumericColumn n)
            columns[columns.IndexOf(n)] = new TextColumn(AssayTable.SequenceColumn,
                Enumerable.Range(0, n.Count).Select(i => n.IsNull(i) ? null : n.Format(i)).ToArray());
        var table = new AssayTable(columns);

        var features = meta.Assays.Values.SelectMany(t => t.Features).Distinct(StringComparer.Ordinal).ToList();
        CheckUnique(table, [AssayTable.EngineeringRoundColumn, AssayTable.SequenceColumn, .. features], source);
        if (table.TryGetColumn(AssayTable.SplitColumn, out var split)) CheckSplitValues(split, source);
        return table;
    }

    /// <summary>Rows must be unique over <paramref name="key"/>; the first duplicate is an error naming both lines.</summary>
    public static void CheckUnique(AssayTable table, IReadOnlyList<string> key, string source)
    {
        var all = key.Where(k => table.TryGetColumn(k, out _)).Select(k => table[k]).ToArray();
        // A constant column (the default engineering_round = 1) cannot tell rows apart: leave it out.
        var cols = all.Where(c => !IsConstant(c)).ToArray();
        int n = table.RowCount;
        var hashes = new int[n];
        foreach (var c in cols)
        {
            var h = c.CellHashes();
            for (int r = 0; r < n; r++) hashes[r] = HashCode.Combine(hashes[r], h[r]);
        }
        // Open addressing on the row hashes; equal hashes are confirmed cell by cell.
        int size = (int)Math.Min(1L << 30, Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)n * 2)));
        var slots = new int[size];
        Array.Fill(slots, -1);
        int mask = size - 1;
        for (int r = 0; r < n; r++)
        {
            int i = hashes[r] & mask;
            while (slots[i] >= 0)
            {
                int other = slots[i];
                if (hashes[other] == hashes[r] && RowsEqual(cols, other, r))
                    throw new InvalidInputException(
                        $"{source} line {r + 2}: duplicates line {other + 2} (rows must be unique over {string.Join(", ", all.Select(c => c.Name))})");
                i = (i + 1) & mask;
            }
            slots[i] = r;
        }
    }

    private static bool RowsEqual(AssayColumn[] cols, int a, int b)
    {
        foreach (var c in cols)
            if (!c.CellEquals(a, b)) return false;
        return true;
    }

    private static bool IsConstant(AssayColumn c)
    {
        if (c is not NumericColumn n || n.Count == 0) return false;
        var v = n.Values;
        double first = v[0];
        if (double.IsNaN(first)) return false;
        return !v.AsSpan().ContainsAnyExcept(first);
    }

    private static void CheckSplitValues(AssayColumn split, string source)
    {
        for (int r = 0; r < split.Count; r++)
        {
            var v = split.Format(r);
            if (Array.IndexOf(SplitValues, v) < 0)
                throw new InvalidInputException($"{source} line {r + 2}: split value '{v}' is not one of train, valid, test");
        }
    }

    private static double[] Ones(int n)
    {
        var a = new double[n];
        Array.Fill(a, 1.0);
        return a;
    }
}
