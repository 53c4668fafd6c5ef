using System.Globalization;
using nietras.SeparatedValues;

namespace Pg2.Metrics.Leaderboards;

/// <summary>Which of ProteinGym's benchmarks a published table belongs to.</summary>
public enum PublishedSetting
{
    /// <summary><c>benchmarks/DMS_zero_shot/substitutions</c>: 97 models, five metrics.</summary>
    ZeroShot,
    /// <summary><c>benchmarks/DMS_supervised/substitutions</c>: 11 models, Spearman and MSE, per fold scheme.</summary>
    Supervised,
}

/// <summary>
/// One of ProteinGym's published DMS-level tables: one row per assay (<c>DMS_id</c>), one column per
/// published model, values rounded to 3 decimals. Empty cells are NaN (the model has no value there).
/// </summary>
public sealed class PublishedTable
{
    readonly Dictionary<string, int> _assayIndex;
    readonly Dictionary<string, int> _modelIndex;
    readonly double[][] _values; // [model][assay]

    PublishedTable(PublishedSetting setting, string metric, string? scheme, List<string> models, List<string> assays, double[][] values, AssayCatalog? catalog)
    {
        Setting = setting;
        Metric = metric;
        Scheme = scheme;
        Models = models;
        Assays = assays;
        _values = values;
        Catalog = catalog;
        _assayIndex = assays.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => p.i, StringComparer.Ordinal);
        _modelIndex = models.Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i, StringComparer.Ordinal);
    }

    /// <summary>Zero-shot or supervised.</summary>
    public PublishedSetting Setting { get; }
    /// <summary>The pg2 metric name (<c>spearman</c>, <c>auc</c>, <c>mcc</c>, <c>ndcg</c>, <c>top_recall</c>, <c>mse</c>).</summary>
    public string Metric { get; }
    /// <summary>The fold scheme of a supervised table (<c>random</c>, <c>modulo</c>, <c>contiguous</c>); null for zero-shot.</summary>
    public string? Scheme { get; }
    /// <summary>Published model names, in the table's column order.</summary>
    public IReadOnlyList<string> Models { get; }
    /// <summary>Assay ids (<c>DMS_id</c>), in the table's row order.</summary>
    public IReadOnlyList<string> Assays { get; }
    /// <summary>The assay metadata the zero-shot tables carry in their trailing columns; null for tables without it.</summary>
    public AssayCatalog? Catalog { get; }
    /// <summary>Whether larger values are better (all metrics but MSE).</summary>
    public bool HigherIsBetter => Metric != "mse";

    /// <summary>Whether the table has a row for <paramref name="dmsId"/>.</summary>
    public bool HasAssay(string dmsId) => _assayIndex.ContainsKey(dmsId);

    /// <summary>The published value of <paramref name="model"/> on <paramref name="dmsId"/>; NaN when absent.</summary>
    public double this[string model, string dmsId] =>
        _modelIndex.TryGetValue(model, out var m) && _assayIndex.TryGetValue(dmsId, out var a) ? _values[m][a] : double.NaN;

    /// <summary>One model's column: DMS_id → value (NaN cells left out).</summary>
    public IReadOnlyDictionary<string, double> Column(string model)
    {
        var m = _modelIndex.TryGetValue(model, out var i) ? i : throw new MetricInputException($"published {Metric} table: no model '{model}'");
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int a = 0; a < Assays.Count; a++)
            if (!double.IsNaN(_values[m][a])) result[Assays[a]] = _values[m][a];
        return result;
    }

    /// <summary>
    /// The cell-wise mean of tables of one metric over the same models (the supervised fold schemes):
    /// assays in every table, a cell NaN where any table has none. Over assays where every model has all
    /// its values, ProteinGym's aggregation of this table equals the mean of the per-table aggregations
    /// (every step is a mean over the same groups).
    /// </summary>
    internal static PublishedTable MeanOf(IReadOnlyList<PublishedTable> tables, string scheme)
    {
        var first = tables[0];
        if (tables.Any(t => t.Metric != first.Metric || !t.Models.SequenceEqual(first.Models)))
            throw new InvalidOperationException("published tables to average must share their metric and models");
        var assays = first.Assays.Where(a => tables.All(t => t.HasAssay(a))).ToList();
        var values = first.Models.Select(m => assays.Select(a => tables.Average(t => t[m, a])).ToArray()).ToArray();
        return new PublishedTable(first.Setting, first.Metric, scheme, [.. first.Models], assays, values, first.Catalog);
    }

    /// <summary>The metadata columns of ProteinGym's zero-shot DMS-level tables (after the model columns).</summary>
    static readonly string[] MetadataColumns = ["Number of Mutants", "Selection Type", "UniProt ID", "MSA_Neff_L_category", "Taxon"];

    /// <summary>
    /// Parses a DMS-level CSV as ProteinGym publishes it: first column <c>DMS ID</c> or <c>DMS_id</c>, then one
    /// column per model, then (zero-shot) the metadata columns <c>Number of Mutants, Selection Type, UniProt ID,
    /// MSA_Neff_L_category, Taxon</c>, read into <see cref="Catalog"/>.
    /// </summary>
    /// <exception cref="MetricInputException">A header or cell is not as expected; the message names <paramref name="source"/> and the line.</exception>
    public static PublishedTable Parse(TextReader text, string source, PublishedSetting setting, string metric, string? scheme)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = Sep.Reader(o => o with { Sep = new Sep(','), Unescape = true }).From(text);
        var names = reader.Header.ColNames;
        if (names.Count < 2 || names[0] is not ("DMS ID" or "DMS_id"))
            throw new MetricInputException($"{source}: the first column must be 'DMS ID' or 'DMS_id'");
        var meta = MetadataColumns.Select(c => names.ToList().IndexOf(c)).ToArray();
        var hasMeta = meta.All(i => i > 0);
        var modelColumns = Enumerable.Range(1, names.Count - 1).Where(i => !hasMeta || !meta.Contains(i)).ToList();
        var models = modelColumns.Select(i => names[i]).ToList();
        var columns = models.Select(_ => new List<double>()).ToList();
        var assays = new List<string>();
        var infos = new List<AssayInfo>();
        int line = 1;
        foreach (var row in reader)
        {
            line++;
            var id = row[0].ToString().Trim();
            if (id.Length == 0) throw new MetricInputException($"{source}: line {line}: empty DMS id");
            assays.Add(id);
            for (int k = 0; k < modelColumns.Count; k++)
            {
                var cell = row[modelColumns[k]].ToString().Trim();
                double v = double.NaN;
                if (cell.Length > 0 && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out v))
                    throw new MetricInputException($"{source}: line {line}, column '{models[k]}': expected a number, got \"{cell}\"");
                columns[k].Add(v);
            }
            if (hasMeta)
                infos.Add(new AssayInfo(id, row[meta[2]].ToString().Trim(), row[meta[1]].ToString().Trim(),
                    AssayCatalog.DepthCategory(row[meta[3]].ToString()), row[meta[4]].ToString().Trim() is { Length: > 0 } t ? t : null));
        }
        return new PublishedTable(setting, metric, scheme, models, assays, [.. columns.Select(c => c.ToArray())], hasMeta ? new AssayCatalog(infos) : null);
    }
}
