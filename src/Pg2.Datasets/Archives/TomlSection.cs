using Tomlyn.Model;
using Pg2.Contracts;

namespace Pg2.Datasets.Archives;

/// <summary>
/// A TOML table with typed, checked access; every error names the file and the key's dotted path.
/// </summary>
internal sealed class TomlSection(TomlTable table, string file, string path)
{
    /// <summary>The underlying table.</summary>
    public TomlTable Table { get; } = table;

    /// <summary>Parses <paramref name="text"/>; a syntax error names the file, line and column.</summary>
    public static TomlSection Parse(string text, string file) => new(TomlDocument.Parse(text, file), file, "");

    public bool Has(string key) => Table.ContainsKey(key);

    public IEnumerable<string> Keys => Table.Keys;

    public string String(string key, string fallback = "")
    {
        if (!Table.TryGetValue(key, out var v) || v is null) return fallback;
        return v as string ?? throw Wrong(key, "a string", v);
    }

    public string RequiredString(string key)
    {
        if (!Table.ContainsKey(key))
            throw new InvalidInputException($"{file}: missing required key '{Name(key)}'");
        return String(key);
    }

    public IReadOnlyList<string> Strings(string key)
    {
        if (!Table.TryGetValue(key, out var v) || v is null) return [];
        if (v is not TomlArray a) throw Wrong(key, "an array of strings", v);
        var list = new List<string>(a.Count);
        foreach (var item in a)
            list.Add(item as string ?? throw Wrong(key, "an array of strings", item));
        return list;
    }

    public TomlSection? Section(string key)
    {
        if (!Table.TryGetValue(key, out var v) || v is null) return null;
        return v is TomlTable t ? new TomlSection(t, file, Name(key)) : throw Wrong(key, "a table", v);
    }

    public IReadOnlyList<TomlSection> Sections(string key)
    {
        if (!Table.TryGetValue(key, out var v) || v is null) return [];
        if (v is TomlTableArray arr)
            return arr.Select((t, i) => new TomlSection(t, file, $"{Name(key)}[{i}]")).ToList();
        if (v is TomlArray a && a.All(x => x is TomlTable))
            return a.Select((t, i) => new TomlSection((TomlTable)t!, file, $"{Name(key)}[{i}]")).ToList();
        throw Wrong(key, "an array of tables", v);
    }

    /// <summary>A scalar as number (double) or string; booleans/arrays/tables are an error.</summary>
    public object Scalar(string key)
    {
        var v = Table[key];
        return v switch
        {
            string s => s,
            long l => (double)l,
            int i => (double)i,
            double d => d,
            float f => (double)f,
            _ => throw Wrong(key, "a number or a string", v),
        };
    }

    public string Name(string key) => path.Length == 0 ? key : $"{path}.{key}";

    private InvalidInputException Wrong(string key, string expected, object? got) =>
        new($"{file}: '{Name(key)}' must be {expected}, got {Describe(got)}");

    private static string Describe(object? v) => v switch
    {
        null => "nothing",
        string s => $"string \"{s}\"",
        bool b => $"boolean {(b ? "true" : "false")}",
        long or int or double or float => $"number {v}",
        TomlTable => "a table",
        TomlArray or TomlTableArray => "an array",
        _ => v.GetType().Name,
    };
}
