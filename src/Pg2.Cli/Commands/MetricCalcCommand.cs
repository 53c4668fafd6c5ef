using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pg2.Datasets;
using Pg2.Metrics;
using Pg2.Metrics.Folds;
using nietras.SeparatedValues;
using Spectre.Console;
using Pg2.Contracts;

namespace Pg2.Cli.Commands;

/// <summary>
/// <c>pg2 metric calc</c>: metrics of one predictions CSV (columns <c>test</c> and <c>pred</c>, by name),
/// written as CSV (<c>Metric,Value</c>, like the original) or as one JSON object; or of a folder in
/// ProteinGym's model-score layout (one <c>&lt;DMS_id&gt;.csv</c> per assay), one row per assay plus
/// ProteinGym's aggregate over them.
/// </summary>
internal sealed class MetricCalcCommand : Pg2Command<MetricCalcCommand.Settings>
{
    private readonly Option<FileInfo> _outputPath = new("--output-path")
    {
        Description = "Predictions CSV written by a model (columns 'test' and 'pred'), or a folder of ProteinGym score files (<DMS_id>.csv; truth 'DMS_score', labels 'DMS_score_bin', score --prediction-column).",
        Required = true,
    };
    private readonly Option<FileInfo> _metricPath = new("--metric-path")
    {
        Description = "Where to write the metrics: *.csv (header Metric,Value) or *.json (one object).",
        Required = true,
    };
    private readonly Option<string[]> _metrics = new("--metrics")
    {
        Description = "Metrics to compute, comma-separated (default: " + string.Join(",", MetricRegistry.DefaultSelection) + ").",
        AllowMultipleArgumentsPerToken = true,
    };
    private readonly Option<string?> _binaryColumn = new("--binary-column")
    {
        Description = "0/1 label column for auc and mcc (e.g. DMS_score_bin).",
    };
    private readonly Option<double?> _cutoff = new("--cutoff")
    {
        Description = "Label a row 1 when its truth is >= this (for auc and mcc). Default: the truth's median.",
        CustomParser = r => Number<double>(r, double.TryParse, "a finite number", double.IsFinite),
    };
    private readonly Option<int?> _topK = new("--top-k")
    {
        Description = "k for the 'recovery' metric.",
        CustomParser = r => Number<int>(r, int.TryParse, "an integer", _ => true),
    };
    private readonly Option<string> _truthColumn = new("--truth-column")
    {
        Description = "Column of measured values.",
        DefaultValueFactory = _ => PredictionTable.DefaultTruthColumn,
    };
    private readonly Option<string> _predictionColumn = new("--prediction-column")
    {
        Description = "Column of predictions.",
        DefaultValueFactory = _ => PredictionTable.DefaultScoreColumn,
    };
    private readonly Option<string?> _foldColumn = new("--fold-column")
    {
        Description = "Cross-validated predictions: score each fold, their mean ± std, and ProteinGym's pooled standardised value.",
    };
    /// <summary>The most bootstrap resamples (each rescoring every row): beyond this the standard error no longer changes.</summary>
    internal const int MaxResamples = 100_000;

    private readonly Option<int> _bootstrap = new("--bootstrap")
    {
        Description = $"Also report a bootstrap standard error (<metric>_se) from this many resamples (0 = off, else 2 to {MaxResamples}).",
        CustomParser = r => Number<int>(r, int.TryParse, $"0 (off) or 2 to {MaxResamples} resamples", v => v is 0 or (>= 2 and <= MaxResamples)) ?? 0,
    };
    private readonly Option<int> _seed = new("--seed")
    {
        Description = "Seed of the bootstrap resampling.",
        CustomParser = r => Number<int>(r, int.TryParse, "an integer", _ => true) ?? 0,
    };
    private readonly Option<bool> _json = new("--json") { Description = "Print the result as JSON on stdout." };
    private readonly Option<bool> _quiet = new("--quiet") { Description = "Print nothing on stdout." };

    public MetricCalcCommand(Pg2Console console) : base("calc", "Compute metrics of a predictions CSV.", console)
    {
        Options.Add(_outputPath);
        Options.Add(_metricPath);
        Options.Add(_metrics);
        Options.Add(_binaryColumn);
        Options.Add(_cutoff);
        Options.Add(_topK);
        Options.Add(_truthColumn);
        Options.Add(_predictionColumn);
        Options.Add(_foldColumn);
        Options.Add(_bootstrap);
        Options.Add(_seed);
        Options.Add(_json);
        Options.Add(_quiet);
    }

    /// <summary>One invocation's options; <see cref="Format"/> is null for a --metric-path that is neither .csv nor .json.</summary>
    internal sealed record Settings(string Input, string Output, MetricsFormat? Format, List<string> Names, string? BinaryColumn, double? Cutoff,
        int? TopK, string TruthColumn, string PredictionColumn, string? FoldColumn, int Resamples, int Seed, bool Json, bool Quiet);

    protected override Settings Bind(ParseResult parse)
    {
        var input = parse.GetValue(_outputPath)!.FullName;
        var output = parse.GetValue(_metricPath)!.FullName;
        MetricsFormat? format = Path.GetExtension(output).ToLowerInvariant() switch
        {
            ".csv" => MetricsFormat.Csv,
            ".json" => MetricsFormat.Json,
            _ => null,
        };
        return new(input, output, format, SplitNames(parse.GetValue(_metrics)), parse.GetValue(_binaryColumn),
            parse.GetValue(_cutoff), parse.GetValue(_topK), parse.GetValue(_truthColumn)!, parse.GetValue(_predictionColumn)!,
            parse.GetValue(_foldColumn), parse.GetValue(_bootstrap), parse.GetValue(_seed), parse.GetValue(_json), parse.GetValue(_quiet));
    }

    protected override void Validate(Settings settings)
    {
        if (settings.Format is null)
            throw new InvalidInputException($"--metric-path {settings.Output}: expected a .csv or .json file name", ExitCodes.Usage);
        if (settings.BinaryColumn is not null && settings.Cutoff is not null)
            throw new InvalidInputException("give --binary-column or --cutoff, not both", ExitCodes.Usage);
        if (Directory.Exists(settings.Input) && (settings.FoldColumn is not null || settings.Resamples > 0))
            throw new InvalidInputException($"--output-path {settings.Input} is a score folder: --fold-column and --bootstrap are for one predictions file", ExitCodes.Usage);
        if (settings.FoldColumn is not null && settings.Resamples > 0)
            throw new InvalidInputException("--bootstrap is for a single set of rows; it cannot be combined with --fold-column", ExitCodes.Usage);
    }

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var (names, binaryColumn, cutoff, foldColumn) = (settings.Names, settings.BinaryColumn, settings.Cutoff, settings.FoldColumn);
        try
        {
            var metrics = MetricRegistry.Default.Resolve(names.Count == 0 ? MetricRegistry.DefaultSelection : names);
            if (Directory.Exists(settings.Input)) return await ScoreFolderAsync(settings, metrics);
            var table = PredictionTable.Read(settings.Input, settings.TruthColumn, settings.PredictionColumn, binaryColumn, foldColumn);
            if (table.DroppedRows > 0)
                await Console.Error.WriteLineAsync($"pg2: note: dropped {table.DroppedRows} row(s) with a missing value; scored {table.Count}");
            var report = foldColumn is null
                ? SingleSet(table, metrics, cutoff, settings.TopK, settings.Resamples, settings.Seed)
                : CrossValidated(table, metrics, cutoff, settings.TopK);
            if (binaryColumn is null && cutoff is null && metrics.Any(m => m.NeedsLabels))
                await Console.Error.WriteLineAsync($"pg2: note: auc/mcc labels: {table.Context().LabelRule}; pass --binary-column or --cutoff to choose");
            foreach (var (name, warning) in report.Warnings)
                await Console.Error.WriteLineAsync($"pg2: warning: {name}: {warning}");

            AtomicFile.WriteAllText(settings.Output, settings.Format == MetricsFormat.Csv ? report.ToCsv() : report.Json);
            if (settings.Json) await Console.Out.WriteAsync(report.Json);
            else if (!settings.Quiet) report.Print(Console.Ansi);
            return ExitCodes.Success;
        }
        catch (MetricInputException e)
        {
            throw new InvalidInputException(e.Message, e);
        }
    }

    /// <summary>
    /// A folder of ProteinGym score files: each <c>&lt;DMS_id&gt;.csv</c> scored with the same reader and metrics
    /// (truth <c>DMS_score</c> unless --truth-column says otherwise, labels <c>DMS_score_bin</c> where the file
    /// has it), then ProteinGym's aggregate over the assays (by its rule where every id is a ProteinGym assay).
    /// </summary>
    private async Task<int> ScoreFolderAsync(Settings settings, IReadOnlyList<IMetric> metrics)
    {
        var files = Directory.GetFiles(settings.Input, "*.csv").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            throw new InvalidInputException($"{settings.Input}: no *.csv score files (expected one <DMS_id>.csv per assay)", ExitCodes.FileNotFound);
        var truth = settings.TruthColumn == PredictionTable.DefaultTruthColumn ? "DMS_score" : settings.TruthColumn;
        var perAssay = new List<(string DmsId, IReadOnlyList<MetricResult> Results)>();
        foreach (var file in files)
        {
            var label = settings.BinaryColumn ?? (settings.Cutoff is null && HeaderHas(file, "DMS_score_bin") ? "DMS_score_bin" : null);
            var table = PredictionTable.Read(file, truth, settings.PredictionColumn, label);
            perAssay.Add((Path.GetFileNameWithoutExtension(file), table.Scores(metrics, settings.Cutoff, settings.TopK)));
        }
        var catalog = Pg2.Metrics.Leaderboards.PublishedResults.Catalog;
        var proteinGym = perAssay.All(a => catalog.Contains(a.DmsId));
        var summary = metrics.ToDictionary(m => m.Name, m => Pg2.Metrics.Leaderboards.AssayAggregation.Summarise(
            perAssay.ToDictionary(a => a.DmsId, a => a.Results.First(r => r.Name == m.Name).Value), proteinGym ? catalog : null).Overall);
        string text;
        if (settings.Format == MetricsFormat.Csv)
        {
            using var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).ToText();
            void Row(string id, Func<string, double> value)
            {
                using var row = writer.NewRow();
                row["DMS_id"].Set(id);
                foreach (var m in metrics) row[m.Name].Set(double.IsFinite(value(m.Name)) ? value(m.Name).ToString("R", CultureInfo.InvariantCulture) : "NaN");
            }
            foreach (var (id, results) in perAssay) Row(id, n => results.First(r => r.Name == n).Value);
            Row(proteinGym ? "(ProteinGym aggregate)" : "(mean)", n => summary[n]);
            writer.Flush();
            text = writer.ToString();
        }
        else
        {
            text = MetricsJson.Document(w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("assays");
                foreach (var (id, results) in perAssay)
                {
                    w.WritePropertyName(id);
                    MetricsJson.WriteValues(w, results);
                }
                w.WriteEndObject();
                w.WriteString("aggregation", proteinGym ? "ProteinGym: per UniProt within function, per function, mean of functions" : "plain mean over assays");
                w.WritePropertyName("summary");
                MetricsJson.WriteValues(w, summary.Select(kv => new MetricResult(kv.Key, kv.Value)).ToList());
                w.WriteEndObject();
            });
        }
        AtomicFile.WriteAllText(settings.Output, text);
        if (settings.Json) await Console.Out.WriteAsync(text);
        else if (!settings.Quiet)
        {
            var grid = new Table().AddColumn("DMS_id");
            foreach (var m in metrics) grid.AddColumn(new TableColumn(m.Name).RightAligned());
            foreach (var (id, results) in perAssay) grid.AddRow([Markup.Escape(id), .. results.Select(r => double.IsFinite(r.Value) ? r.Value.ToString("0.000", CultureInfo.InvariantCulture) : "n/a")]);
            grid.AddRow([proteinGym ? "ProteinGym aggregate" : "mean", .. metrics.Select(m => double.IsFinite(summary[m.Name]) ? summary[m.Name].ToString("0.000", CultureInfo.InvariantCulture) : "n/a")]);
            Console.Ansi.Write(grid);
        }
        return ExitCodes.Success;
    }

    static bool HeaderHas(string file, string column)
    {
        using var reader = new StreamReader(file);
        return (reader.ReadLine() ?? "").Split(',').Any(c => c.Trim().Trim('"') == column);
    }

    private static MetricsReport SingleSet(PredictionTable table, IReadOnlyList<IMetric> metrics, double? cutoff, int? topK, int resamples, int seed)
    {
        // The same call the benchmark runner scores a job with.
        var results = table.Scores(metrics, cutoff, topK);
        var errors = resamples == 0
            ? []
            : metrics.Select(m => new MetricResult(m.Name + "_se", Bootstrap.StandardError(m, table.Context(cutoff, topK), resamples, seed))).ToList();
        var rows = results.Concat(errors).Select(r => (r.Name, r.Value)).ToList();
        var json = MetricsJson.Document(w =>
        {
            w.WriteStartObject();
            MetricsJson.WriteNumbers(w, results.Concat(errors));
            WriteCounts(w, table);
            WriteWarnings(w, results.Where(r => r.Warning is not null).Select(r => (r.Name, r.Warning!)));
            w.WriteEndObject();
        });
        return new MetricsReport(rows, table, json, results.Where(r => r.Warning is not null).Select(r => (r.Name, r.Warning!)).ToList());
    }

    private static MetricsReport CrossValidated(PredictionTable table, IReadOnlyList<IMetric> metrics, double? cutoff, int? topK)
    {
        var scores = CrossValidatedScores.Score(FoldedPredictions.From(table), metrics, cutoff, topK);
        var rows = new List<(string, double)>();
        var warnings = new List<(string, string)>();
        foreach (var (fold, results) in scores.PerFold.OrderBy(kv => kv.Key))
        {
            foreach (var r in results)
            {
                rows.Add(($"fold_{fold}.{r.Name}", r.Value));
                if (r.Warning is not null) warnings.Add(($"fold_{fold}.{r.Name}", r.Warning));
            }
        }
        foreach (var m in scores.PerFoldMean)
        {
            rows.Add(($"per_fold_mean.{m.Name}", m.Value));
            rows.Add(($"per_fold_mean.{m.Name}_std", m.StandardDeviation));
        }
        foreach (var m in scores.Pooled) rows.Add(($"pooled_standardised.{m.Name}", m.Value));
        var json = MetricsJson.Document(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("per_fold");
            foreach (var (fold, results) in scores.PerFold.OrderBy(kv => kv.Key))
            {
                w.WritePropertyName($"fold_{fold}");
                MetricsJson.WriteValues(w, results);
            }
            w.WriteEndObject();
            w.WritePropertyName("per_fold_mean");
            MetricsJson.WriteAggregated(w, scores.PerFoldMean);
            w.WritePropertyName("pooled_standardised");
            MetricsJson.WriteAggregated(w, scores.Pooled);
            WriteCounts(w, table);
            WriteWarnings(w, warnings);
            w.WriteEndObject();
        });
        return new MetricsReport(rows, table, json, warnings);
    }

    private static void WriteCounts(Utf8JsonWriter w, PredictionTable table)
    {
        w.WriteNumber("rows_scored", table.Count);
        w.WriteNumber("rows_dropped", table.DroppedRows);
    }

    private static void WriteWarnings(Utf8JsonWriter w, IEnumerable<(string Name, string Warning)> warnings)
    {
        var list = warnings.ToList();
        if (list.Count == 0) return;
        w.WriteStartObject("warnings");
        foreach (var (name, warning) in list) w.WriteString(name, warning);
        w.WriteEndObject();
    }

    private delegate bool TryParse<T>(string text, NumberStyles style, IFormatProvider provider, out T value);

    /// <summary>Parses an option's number, or records a plain error naming the option and what it expects (exit 2).</summary>
    private static T? Number<T>(System.CommandLine.Parsing.ArgumentResult r, TryParse<T> parse, string expected, Func<T, bool> allowed) where T : struct
    {
        var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
        var style = typeof(T) == typeof(double) ? NumberStyles.Float : NumberStyles.Integer;
        if (parse(text, style, CultureInfo.InvariantCulture, out var v) && allowed(v)) return v;
        var option = (r.Parent as System.CommandLine.Parsing.OptionResult)?.Option.Name ?? "option";
        r.AddError($"{option} '{text}': expected {expected}");
        return null;
    }

    private static List<string> SplitNames(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    internal enum MetricsFormat { Csv, Json }

    /// <summary>The values of one invocation, rendered for the two file formats and the console.</summary>
    private sealed record MetricsReport(
        IReadOnlyList<(string Name, double Value)> Values, PredictionTable Table, string Json,
        IReadOnlyList<(string Name, string Warning)> Warnings)
    {
        private IEnumerable<(string Name, string Value)> Rows()
        {
            foreach (var (name, value) in Values) yield return (name, Format(value));
            yield return ("rows_scored", Table.Count.ToString(CultureInfo.InvariantCulture));
            yield return ("rows_dropped", Table.DroppedRows.ToString(CultureInfo.InvariantCulture));
        }

        public string ToCsv()
        {
            using var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).ToText();
            foreach (var (name, value) in Rows())
            {
                using var row = writer.NewRow();
                row["Metric"].Set(name);
                row["Value"].Set(value);
            }
            writer.Flush();
            return writer.ToString();
        }

        public void Print(IAnsiConsole console)
        {
            var grid = new Table().AddColumn("Metric").AddColumn(new TableColumn("Value").RightAligned());
            foreach (var (name, value) in Rows()) grid.AddRow(Markup.Escape(name), value);
            console.Write(grid);
        }

        private static string Format(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "NaN";
    }
}
