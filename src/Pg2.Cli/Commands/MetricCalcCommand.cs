using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pg2.Datasets;
using Pg2.Datasets.IO;
using Pg2.Metrics;
using Spectre.Console;

namespace Pg2.Cli.Commands;

/// <summary>
/// <c>pg2 metric calc</c>: metrics of one predictions CSV (columns <c>test</c> and <c>pred</c>, by name),
/// written as CSV (<c>Metric,Value</c>, like the original) or as one JSON object.
/// </summary>
internal sealed class MetricCalcCommand : Command
{
    private readonly Option<FileInfo> _outputPath = new("--output-path")
    {
        Description = "Predictions CSV written by a model (columns 'test' and 'pred').",
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
    };
    private readonly Option<int?> _topK = new("--top-k")
    {
        Description = "k for the 'recovery' metric.",
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
    private readonly Option<int> _bootstrap = new("--bootstrap")
    {
        Description = "Also report a bootstrap standard error (<metric>_se) from this many resamples (0 = off).",
    };
    private readonly Option<int> _seed = new("--seed")
    {
        Description = "Seed of the bootstrap resampling.",
    };
    private readonly Option<bool> _json = new("--json") { Description = "Print the result as JSON on stdout." };
    private readonly Option<bool> _quiet = new("--quiet") { Description = "Print nothing on stdout." };

    public MetricCalcCommand() : base("calc", "Compute metrics of a predictions CSV.")
    {
        Options.Add(_outputPath);
        Options.Add(_metricPath);
        Options.Add(_metrics);
        Options.Add(_binaryColumn);
        Options.Add(_cutoff);
        Options.Add(_topK);
        Options.Add(_truthColumn);
        Options.Add(_predictionColumn);
        Options.Add(_bootstrap);
        Options.Add(_seed);
        Options.Add(_json);
        Options.Add(_quiet);
        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        var input = parse.GetValue(_outputPath)!.FullName;
        var output = parse.GetValue(_metricPath)!.FullName;
        var format = Path.GetExtension(output).ToLowerInvariant() switch
        {
            ".csv" => MetricsFormat.Csv,
            ".json" => MetricsFormat.Json,
            _ => throw new InvalidInputException($"--metric-path {output}: expected a .csv or .json file name", ExitCodes.Usage),
        };
        var binaryColumn = parse.GetValue(_binaryColumn);
        var cutoff = parse.GetValue(_cutoff);
        if (binaryColumn is not null && cutoff is not null)
            throw new InvalidInputException("give --binary-column or --cutoff, not both", ExitCodes.Usage);
        int resamples = parse.GetValue(_bootstrap);
        if (resamples is < 0 or 1)
            throw new InvalidInputException($"--bootstrap {resamples}: expected 0 (off) or at least 2 resamples", ExitCodes.Usage);
        var names = SplitNames(parse.GetValue(_metrics));

        try
        {
            var metrics = MetricRegistry.Default.Resolve(names.Count == 0 ? MetricRegistry.DefaultSelection : names);
            var table = PredictionTable.Read(input, parse.GetValue(_truthColumn)!, parse.GetValue(_predictionColumn)!, binaryColumn);
            var context = new ScoringContext(table.Truth, table.Score, table.Labels, cutoff, parse.GetValue(_topK));
            var results = metrics.Select(m => m.Compute(context)).ToList();
            var errors = resamples == 0
                ? []
                : metrics.Select(m => new MetricResult(m.Name + "_se", Bootstrap.StandardError(m, context, resamples, parse.GetValue(_seed)))).ToList();

            if (table.DroppedRows > 0)
                Console.Error.WriteLine($"pg2: note: dropped {table.DroppedRows} row(s) with a missing value; scored {table.Count}");
            if (binaryColumn is null && cutoff is null && metrics.Any(m => m is RocAuc or MatthewsCorrelation))
                Console.Error.WriteLine($"pg2: note: auc/mcc labels: {context.LabelRule}; pass --binary-column or --cutoff to choose");
            foreach (var r in results.Where(r => r.Warning is not null))
                Console.Error.WriteLine($"pg2: warning: {r.Name}: {r.Warning}");

            var report = new MetricsReport(results, errors, table.Count, table.DroppedRows);
            AtomicFile.WriteAllText(output, format == MetricsFormat.Csv ? report.ToCsv() : report.ToJson());
            if (parse.GetValue(_json)) Console.Out.WriteLine(report.ToJson());
            else if (!parse.GetValue(_quiet)) report.Print();
            return ExitCodes.Success;
        }
        catch (MetricInputException e)
        {
            throw new InvalidInputException(e.Message, e);
        }
    }

    private static List<string> SplitNames(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    private enum MetricsFormat { Csv, Json }

    /// <summary>The metric values of one run, with row counts, in the two file formats.</summary>
    private sealed record MetricsReport(IReadOnlyList<MetricResult> Results, IReadOnlyList<MetricResult> StandardErrors, int Rows, int Dropped)
    {
        private IEnumerable<(string Name, string Value)> Rows_()
        {
            foreach (var r in Results.Concat(StandardErrors)) yield return (r.Name, Format(r.Value));
            yield return ("rows_scored", Rows.ToString(CultureInfo.InvariantCulture));
            yield return ("rows_dropped", Dropped.ToString(CultureInfo.InvariantCulture));
        }

        public string ToCsv()
        {
            var sb = new StringBuilder("Metric,Value\n");
            foreach (var (name, value) in Rows_()) sb.Append(name).Append(',').Append(value).Append('\n');
            return sb.ToString();
        }

        public string ToJson()
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                foreach (var r in Results.Concat(StandardErrors))
                {
                    // JSON has no NaN: an undefined metric is null, as in pg2-benchmark's files.
                    if (double.IsNaN(r.Value)) w.WriteNull(r.Name);
                    else w.WriteNumber(r.Name, r.Value);
                }
                w.WriteNumber("rows_scored", Rows);
                w.WriteNumber("rows_dropped", Dropped);
                var warned = Results.Where(r => r.Warning is not null).ToList();
                if (warned.Count > 0)
                {
                    w.WriteStartObject("warnings");
                    foreach (var r in warned) w.WriteString(r.Name, r.Warning);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        }

        public void Print()
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            var grid = new Table().AddColumn("Metric").AddColumn(new TableColumn("Value").RightAligned());
            foreach (var (name, value) in Rows_()) grid.AddRow(Markup.Escape(name), value);
            console.Write(grid);
        }

        private static string Format(double v) => double.IsNaN(v) ? "NaN" : v.ToString("R", CultureInfo.InvariantCulture);
    }
}
