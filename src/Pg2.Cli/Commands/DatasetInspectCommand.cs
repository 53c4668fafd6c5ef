using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pg2.Datasets;
using Pg2.Datasets.Assays;
using Spectre.Console;
using Pg2.Contracts;

namespace Pg2.Cli.Commands;

/// <summary><c>pg2 dataset inspect &lt;archive&gt; [--json]</c>: what a dataset archive holds, as a table or JSON.</summary>
internal sealed class DatasetInspectCommand : Pg2Command<DatasetInspectCommand.Settings>
{
    private readonly Argument<string> _archive = new("archive") { Description = "Dataset archive (.zip or .pgdata)." };
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON object instead of a table." };

    public DatasetInspectCommand(Pg2Console console) : base("inspect", "Show a dataset archive's name, targets, features, rows, sequence lengths, split and MSA.", console)
    {
        Arguments.Add(_archive);
        Options.Add(_json);
    }

    /// <summary>One invocation's options.</summary>
    internal sealed record Settings(string Archive, bool Json);

    protected override Settings Bind(ParseResult parse) => new(parse.GetValue(_archive)!, parse.GetValue(_json));

    protected override async Task<int> ExecuteAsync(Settings settings, CancellationToken cancel)
    {
        var dataset = Dataset.FromPath(settings.Archive);
        var summary = DatasetSummary.Of(dataset);
        if (settings.Json) await Console.Out.WriteLineAsync(summary.ToJson());
        else summary.Print(Console.Ansi);
        return ExitCodes.Success;
    }

    /// <summary>The facts <c>inspect</c> shows.</summary>
    private sealed record DatasetSummary(string Name, string Description, IReadOnlyList<(string Name, int Rows)> Targets,
        IReadOnlyList<string> Features, int Rows, int MinLength, int MaxLength, string Split, int? MsaDepth, int? MsaWidth,
        string? MsaFocus, int Structures, ReferenceSequence? Reference)
    {
        public static DatasetSummary Of(Dataset d)
        {
            int min = 0, max = 0;
            if (d.Assays.TryGetColumn(AssayTable.SequenceColumn, out var c) && c is TextColumn seq)
            {
                min = int.MaxValue;
                for (int r = 0; r < seq.Count; r++)
                {
                    if (seq.IsNull(r)) continue;
                    int n = seq.CellLength(r);
                    min = Math.Min(min, n);
                    max = Math.Max(max, n);
                }
                if (min == int.MaxValue) min = 0;
            }
            var meta = d.Manifest.AssaysMeta;
            string split = meta is null ? "" : meta.SplitFeature.Length > 0 ? $"predefined ({meta.SplitFeature})"
                : meta.SplitStrategy.Length > 0 ? meta.SplitStrategy : "RandomSplitStrategy (default)";
            var targets = d.Targets.Select(t => (t, SafeCount(d, t))).ToList();
            return new DatasetSummary(d.Name, d.Manifest.Description, targets, d.Features.Distinct().ToList(), d.Assays.RowCount,
                min, max, split, d.Msa?.Depth, d.Msa?.Width, d.Msa?.FocusId, d.Structures.Count,
                d.Targets.Count > 0 ? d.ReferenceSequence(d.Targets[0]) : null);
        }

        private static int SafeCount(Dataset d, string target)
        {
            try
            {
                return d.ForTarget(target).Count;
            }
            catch (InvalidInputException)
            {
                return 0;
            }
        }

        public void Print(IAnsiConsole console)
        {
            var table = new Table().AddColumn("Field").AddColumn("Value");
            void Row(string k, string v) => table.AddRow(Markup.Escape(k), Markup.Escape(v));
            Row("name", Name);
            if (Description.Length > 0) Row("description", Description);
            Row("targets", string.Join(", ", Targets.Select(t => $"{t.Name} ({t.Rows:N0} rows)")));
            Row("features", Features.Count == 0 ? "-" : string.Join(", ", Features));
            Row("rows", Rows.ToString("N0", CultureInfo.InvariantCulture));
            Row("sequence length", MinLength == MaxLength ? $"{MinLength}" : $"{MinLength}..{MaxLength}");
            Row("split", Split);
            if (Reference is { } rf)
                Row("reference", $"{rf.Sequence.Length} residues from residue {rf.Offset}{(rf.OffsetInferred ? " (offset inferred from the mutations)" : "")}");
            Row("msa", MsaDepth is null ? "-" : $"{MsaDepth:N0} sequences × {MsaWidth} columns (focus {MsaFocus})");
            Row("structures", Structures.ToString(CultureInfo.InvariantCulture));
            console.Write(table);
        }

        public string ToJson()
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("name", Name);
                w.WriteString("description", Description);
                w.WriteStartArray("targets");
                foreach (var (name, rows) in Targets)
                {
                    w.WriteStartObject();
                    w.WriteString("name", name);
                    w.WriteNumber("rows", rows);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("features");
                foreach (var f in Features) w.WriteStringValue(f);
                w.WriteEndArray();
                w.WriteNumber("rows", Rows);
                w.WriteNumber("min_sequence_length", MinLength);
                w.WriteNumber("max_sequence_length", MaxLength);
                w.WriteString("split", Split);
                if (Reference is null) w.WriteNull("reference");
                else
                {
                    w.WriteStartObject("reference");
                    w.WriteNumber("length", Reference.Sequence.Length);
                    w.WriteNumber("offset", Reference.Offset);
                    w.WriteBoolean("offset_inferred", Reference.OffsetInferred);
                    w.WriteEndObject();
                }
                if (MsaDepth is null) w.WriteNull("msa");
                else
                {
                    w.WriteStartObject("msa");
                    w.WriteNumber("depth", MsaDepth.Value);
                    w.WriteNumber("width", MsaWidth!.Value);
                    w.WriteString("focus", MsaFocus);
                    w.WriteEndObject();
                }
                w.WriteNumber("structures", Structures);
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }
}
