using System.Globalization;
using System.Text;
using Pg2.Contracts;

namespace Pg2.Datasets.Archives;

/// <summary>Reads and writes the seed archive's <c>manifest.toml</c> (FORMATS.md §A.2).</summary>
internal static class SeedManifestToml
{
    public const string FileName = "manifest.toml";

    public static DatasetManifest Parse(string text, string file)
    {
        var root = TomlSection.Parse(text, file);
        return new DatasetManifest
        {
            Name = DatasetName(root.String("name"), $"{file}: 'name'"),
            Description = root.String("description"),
            Doi = root.String("doi"),
            Source = root.String("source"),
            Xref = root.String("xref"),
            AssaysMeta = root.Section("assays_meta") is { } a ? ParseAssaysMeta(a, file) : null,
            StructuresMeta = root.Section("structures_meta") is { } s ? new StructuresMeta { FilePath = s.String("file_path") } : null,
            MsaMeta = root.Section("msa_meta") is { } m
                ? new MsaMeta
                {
                    FilePath = m.String("file_path"), FileFormat = m.String("file_format"), GapChars = m.Strings("gap_chars"),
                    WeightsPath = m.String("weights_path"),
                }
                : null,
        };
    }

    /// <summary>The dataset name becomes part of file names, so it follows <see cref="SafeName"/>; empty is left to validate.</summary>
    internal static string DatasetName(string name, string where) => name.Length == 0 ? name : SafeName.Check(name, where);

    private static AssaysMeta ParseAssaysMeta(TomlSection a, string file)
    {
        var sequenceFeature = a.String("sequence_feature", "sequence");
        if (sequenceFeature.Length == 0)
            throw new InvalidInputException($"{file}: '{a.Name("sequence_feature")}' must not be empty");
        var targets = new Dictionary<string, TargetMeta>(StringComparer.Ordinal);
        if (a.Section("assays") is { } assays)
        {
            foreach (var target in assays.Keys)
            {
                var t = assays.Section(target)!;
                var constants = new Dictionary<string, object>(StringComparer.Ordinal);
                if (t.Section("constants") is { } c)
                    foreach (var key in c.Keys)
                    {
                        var value = c.Scalar(key);
                        if (value is double d && !double.IsFinite(d))
                            throw new InvalidInputException($"{file}: '{c.Name(key)}' must be a finite number");
                        constants[key] = value;
                    }
                targets[target] = new TargetMeta
                {
                    Description = t.String("description"),
                    Features = t.Strings("features"),
                    Constants = constants,
                };
            }
        }
        var folds = new Dictionary<string, string>(StringComparer.Ordinal);
        if (a.Section("folds") is { } f)
            foreach (var scheme in f.Keys)
            {
                if (scheme is not ("random" or "modulo" or "contiguous"))
                    throw new InvalidInputException($"{file}: '{f.Name(scheme)}': unknown fold scheme (expected random, modulo or contiguous)");
                var column = f.String(scheme);
                if (column.Length == 0) throw new InvalidInputException($"{file}: '{f.Name(scheme)}' must name a column");
                folds[scheme] = column;
            }
        // 'columns' is a computed field: present in archives but recomputed, as the original does.
        _ = a.Strings("columns");
        return new AssaysMeta
        {
            FilePath = a.String("file_path"),
            SequenceFeature = sequenceFeature,
            EngineeringRoundFeature = a.String("engineering_round_feature"),
            SplitFeature = a.String("split_feature"),
            SplitStrategy = a.String("split_strategy"),
            Assays = targets,
            Folds = folds,
        };
    }

    public static string Format(DatasetManifest m)
    {
        var sb = new StringBuilder();
        Line(sb, "name", m.Name);
        Line(sb, "description", m.Description);
        Line(sb, "doi", m.Doi);
        Line(sb, "source", m.Source);
        Line(sb, "xref", m.Xref);
        if (m.AssaysMeta is { } a)
        {
            sb.Append("\n[assays_meta]\n");
            Line(sb, "file_path", a.FilePath);
            Line(sb, "sequence_feature", a.SequenceFeature);
            Line(sb, "engineering_round_feature", a.EngineeringRoundFeature);
            Line(sb, "split_feature", a.SplitFeature);
            Line(sb, "split_strategy", a.SplitStrategy);
            sb.Append("columns = ").Append(Array(a.Columns)).Append('\n');
            foreach (var (target, t) in a.Assays)
            {
                sb.Append("\n[assays_meta.assays.").Append(Key(target)).Append("]\n");
                Line(sb, "description", t.Description);
                sb.Append("features = ").Append(Array(t.Features)).Append('\n');
                sb.Append("\n[assays_meta.assays.").Append(Key(target)).Append(".constants]\n");
                foreach (var (key, value) in t.Constants)
                    sb.Append(Key(key)).Append(" = ").Append(Value(value)).Append('\n');
            }
            if (a.Folds.Count > 0)
            {
                sb.Append("\n[assays_meta.folds]\n");
                foreach (var (scheme, column) in a.Folds) Line(sb, Key(scheme), column);
            }
        }
        if (m.StructuresMeta is { } s)
        {
            sb.Append("\n[structures_meta]\n");
            Line(sb, "file_path", s.FilePath);
        }
        if (m.MsaMeta is { } msa)
        {
            sb.Append("\n[msa_meta]\n");
            Line(sb, "file_path", msa.FilePath);
            Line(sb, "file_format", msa.FileFormat);
            sb.Append("gap_chars = ").Append(Array(msa.GapChars)).Append('\n');
            if (msa.WeightsPath.Length > 0) Line(sb, "weights_path", msa.WeightsPath);
        }
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, string key, string value) =>
        sb.Append(key).Append(" = ").Append(Quote(value)).Append('\n');

    private static string Array(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(Quote)) + "]";

    private static string Value(object v) => v switch
    {
        string s => Quote(s),
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(v.ToString() ?? ""),
    };

    private static string Key(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? key : Quote(key);

    internal static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
