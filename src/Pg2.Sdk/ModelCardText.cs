using System.Globalization;
using Pg2.Contracts;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pg2.Sdk;

/// <summary>
/// Reads a model card's YAML front matter (FORMATS.md §C.6): the text between a first line
/// <c>---</c> and the next line <c>---</c> (or <c>...</c>), as a mapping of plain values. Scalars
/// follow YAML 1.2's core schema (plain <c>true</c>/<c>false</c>, integers, floats, <c>null</c>/<c>~</c>;
/// quoted scalars are strings); sequences become lists, mappings dictionaries.
/// Hostile input: one line naming the file (and the YAML line) for anything malformed; aliases are
/// refused (they are how a tiny file expands into a huge document) and nesting is bounded.
/// </summary>
internal static class ModelCardText
{
    const int MaxDepth = 32;

    /// <summary>The front matter's top-level mapping, with keys in file order.</summary>
    public static List<KeyValuePair<string, object?>> FrontMatter(string text, string source)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd('\r', ' ', '\t') != "---")
            throw new InvalidInputException($"{source}: a model card starts with a front matter line '---' (YAML between two '---' lines)");
        int end = -1;
        for (int i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r', ' ', '\t');
            if (line is "---" or "...") { end = i; break; }
        }
        if (end < 0) throw new InvalidInputException($"{source}: the front matter has no closing '---' line");
        var yaml = string.Join('\n', lines[1..end]);

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            // Line numbers count from the file's first line (the opening '---').
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"{source}: line {e.Start.Line + 1}: front matter is not valid YAML: {MessageText.Shown(FirstLine(e), 120)}"));
        }
        catch (ArgumentException e)
        {
            // YamlDotNet's mapping reports a repeated key this way.
            throw new InvalidInputException($"{source}: front matter: {MessageText.Shown(e.Message, 120)}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            return [];
        if (stream.Documents.Count > 1)
            throw new InvalidInputException($"{source}: the front matter holds several YAML documents; give one mapping");
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InvalidInputException($"{source}: the front matter must be a mapping of keys (name: ..., hyper_parameters: ...)");
        var result = new List<KeyValuePair<string, object?>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (k, v) in root.Children)
        {
            var key = Key(k, source);
            if (!seen.Add(key)) throw new InvalidInputException($"{source}: line {Line(k)}: key '{MessageText.Shown(key)}' is given twice");
            result.Add(new(key, Value(v, source, key, 1)));
        }
        return result;
    }

    static string FirstLine(YamlException e)
    {
        var m = e.InnerException?.Message ?? e.Message;
        var cut = m.IndexOf(')', StringComparison.Ordinal);
        // YamlDotNet prefixes "(Line: a, Col: b, Idx: c) - (...)" to its messages; keep the reason.
        var dash = m.LastIndexOf(": ", StringComparison.Ordinal);
        return cut > 0 && dash > cut ? m[(dash + 2)..] : m;
    }

    static long Line(YamlNode node) => node.Start.Line + 1;

    static string Key(YamlNode node, string source) => node is YamlScalarNode { Value: { } s }
        ? s
        : throw new InvalidInputException($"{source}: line {Line(node)}: front matter keys must be plain strings");

    static object? Value(YamlNode node, string source, string key, int depth)
    {
        if (depth > MaxDepth) throw new InvalidInputException($"{source}: line {Line(node)}: '{MessageText.Shown(key)}' nests deeper than {MaxDepth} levels");
        if (!node.Anchor.IsEmpty)
            throw new InvalidInputException($"{source}: line {Line(node)}: '{MessageText.Shown(key)}': YAML anchors and aliases are not accepted in a model card");
        switch (node)
        {
            case YamlScalarNode scalar:
                return Scalar(scalar);
            case YamlSequenceNode seq:
                return seq.Children.Select(c => Value(c, source, key, depth + 1)).ToList();
            case YamlMappingNode map:
                var d = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (k, v) in map.Children)
                {
                    var name = Key(k, source);
                    if (!d.TryAdd(name, Value(v, source, $"{key}.{name}", depth + 1)))
                        throw new InvalidInputException($"{source}: line {Line(k)}: key '{MessageText.Shown(key)}.{MessageText.Shown(name)}' is given twice");
                }
                return d;
            default:
                throw new InvalidInputException($"{source}: line {Line(node)}: '{MessageText.Shown(key)}': unsupported YAML node");
        }
    }

    // YAML 1.2 core schema for plain scalars; anything quoted stays a string.
    static object? Scalar(YamlScalarNode node)
    {
        var s = node.Value ?? "";
        if (node.Style is not ScalarStyle.Plain) return s;
        switch (s)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return true;
            case "false" or "False" or "FALSE": return false;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF": return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN": return double.NaN;
        }
        if (IsInteger(s) && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (s.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h)) return h;
        if (IsFloat(s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        return s;
    }

    static bool IsInteger(string s)
    {
        int i = s.Length > 0 && s[0] is '-' or '+' ? 1 : 0;
        if (i == s.Length) return false;
        for (; i < s.Length; i++) if (!char.IsAsciiDigit(s[i])) return false;
        return true;
    }

    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    static bool IsFloat(string s)
    {
        int i = 0, n = s.Length;
        if (i < n && s[i] is '-' or '+') i++;
        int digits = 0;
        while (i < n && char.IsAsciiDigit(s[i])) { i++; digits++; }
        if (i < n && s[i] == '.') { i++; while (i < n && char.IsAsciiDigit(s[i])) { i++; digits++; } }
        if (digits == 0) return false;
        if (i < n && s[i] is 'e' or 'E')
        {
            i++;
            if (i < n && s[i] is '-' or '+') i++;
            int exp = 0;
            while (i < n && char.IsAsciiDigit(s[i])) { i++; exp++; }
            if (exp == 0) return false;
        }
        return i == n;
    }
}
