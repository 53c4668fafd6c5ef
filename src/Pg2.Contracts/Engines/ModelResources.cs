using System.Globalization;

namespace Pg2.Contracts;

/// <summary>
/// What one job of a model needs: CPU cores, memory, GPUs and a time limit — declared once (the
/// model's <c>[resources]</c> table or card), overridable per game and on the command line, and
/// mapped by each engine to its own request (container limits, <c>sbatch</c> options, an instance
/// type). These are also pg2's limits: the time limit is the job's timeout, the memory the cap it
/// runs under. A null field is not stated: the engine's default applies.
/// </summary>
/// <param name="Cpus">CPU cores (may be fractional where the engine allows it).</param>
/// <param name="MemoryBytes">Memory in bytes.</param>
/// <param name="Gpus">Number of GPUs; 0 or null = none.</param>
/// <param name="Time">Wall-clock limit of one job.</param>
public sealed record ModelResources(double? Cpus = null, long? MemoryBytes = null, int? Gpus = null, TimeSpan? Time = null)
{
    /// <summary>Nothing stated.</summary>
    public static ModelResources None { get; } = new();

    /// <summary>The keys of a resources table, in the order they are written.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["cpus", "memory", "gpus", "time"];

    /// <summary>The smallest memory a job may be given (container engines refuse less).</summary>
    public const long MinimumMemoryBytes = 6L << 20;

    /// <summary>True when at least one GPU is asked for.</summary>
    public bool NeedsGpu => Gpus is > 0;

    /// <summary>These values where stated, <paramref name="baseline"/>'s elsewhere (an override over a declaration).</summary>
    public ModelResources Over(ModelResources baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return new(Cpus ?? baseline.Cpus, MemoryBytes ?? baseline.MemoryBytes, Gpus ?? baseline.Gpus, Time ?? baseline.Time);
    }

    /// <summary>
    /// Reads a resources table (<c>cpus</c> a positive number, <c>memory</c> bytes or a size such as
    /// <c>"4g"</c>, <c>gpus</c> a count, <c>time</c> seconds or a duration such as <c>"90m"</c> or
    /// <c>"1:30:00"</c>); numbers may also be given as strings (YAML). <paramref name="where"/> names
    /// the file and table in errors.
    /// </summary>
    /// <exception cref="InvalidInputException">An unknown key or a value of the wrong kind.</exception>
    public static ModelResources Parse(IEnumerable<KeyValuePair<string, object?>> table, string where)
    {
        ArgumentNullException.ThrowIfNull(table);
        var r = None;
        foreach (var (key, value) in table)
        {
            var at = $"{where}.{key}";
            r = key switch
            {
                "cpus" => r with { Cpus = Number(value, at) is var c and > 0 && double.IsFinite(c) ? c : throw Bad(at, "a positive number of cores", value) },
                "memory" => r with { MemoryBytes = value is string s ? ParseBytes(s, at) : Number(value, at) is var m and >= MinimumMemoryBytes and < long.MaxValue ? (long)m : throw Bad(at, "a size such as \"512m\" or \"4g\" (at least 6 MiB)", value) },
                "gpus" => r with { Gpus = Number(value, at) is var g and >= 0 and <= 1024 && g == Math.Floor(g) ? (int)g : throw Bad(at, "a whole number of GPUs", value) },
                "time" => r with { Time = value is string t ? ParseDuration(t, at) : Number(value, at) is var sec and > 0 && double.IsFinite(sec) ? TimeSpan.FromSeconds(sec) : throw Bad(at, "a positive duration in seconds or like \"90m\"", value) },
                _ => throw new InvalidInputException($"{where}: unknown key '{key}'; expected one of: {string.Join(", ", Keys)}"),
            };
        }
        return r;
    }

    static double Number(object? value, string at) => value switch
    {
        long l => l,
        int i => i,
        double d => d,
        float f => f,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
        _ => throw Bad(at, "a number", value),
    };

    static InvalidInputException Bad(string at, string expected, object? value) =>
        new($"{at}: expected {expected}, got {(value is string s ? $"\"{s}\"" : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "nothing")}");

    /// <summary>A duration: seconds, a number with a unit (<c>90s</c>, <c>10m</c>, <c>1h</c>, <c>2d</c>, <c>500ms</c>) or <c>[d-]h:mm:ss</c> (<c>mm:ss</c> with two parts, as Slurm reads it).</summary>
    /// <exception cref="InvalidInputException">Not a positive duration; the exit code is <paramref name="exitCode"/>.</exception>
    public static TimeSpan ParseDuration(string text, string where, int exitCode = ExitCodes.InvalidInput)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        if (t.Contains(':', StringComparison.Ordinal))
        {
            var dash = t.IndexOf('-', StringComparison.Ordinal);
            var days = 0;
            if (dash > 0 && !int.TryParse(t[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out days)) days = -1;
            var parts = t[(dash + 1)..].Split(':');
            if (days >= 0 && parts.Length is 2 or 3 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
            {
                var n = parts.Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
                var seconds = n.Length == 3 ? n[0] * 3600 + n[1] * 60 + n[2] : n[0] * 60 + n[1]; // two parts are mm:ss, as Slurm reads them
                if (days * 86_400L + seconds > 0) return TimeSpan.FromSeconds(days * 86_400L + seconds);
            }
            throw new InvalidInputException($"{where}: expected a positive duration like 90, 90s, 10m, 1h or 1:30:00, got \"{text}\"", exitCode);
        }
        var (number, scale) = t.EndsWith("ms", StringComparison.Ordinal) ? (t[..^2], 0.001)
            : t.EndsWith('s') ? (t[..^1], 1.0) : t.EndsWith('m') ? (t[..^1], 60.0) : t.EndsWith('h') ? (t[..^1], 3600.0)
            : t.EndsWith('d') ? (t[..^1], 86_400.0) : (t, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v <= 0 || !double.IsFinite(v) || v * scale > TimeSpan.MaxValue.TotalSeconds / 2)
            throw new InvalidInputException($"{where}: expected a positive duration like 90, 90s, 10m, 1h or 1:30:00, got \"{text}\"", exitCode);
        return TimeSpan.FromSeconds(v * scale);
    }

    /// <summary>A size: bytes or a number with a unit (<c>512k</c>, <c>512m</c>, <c>4g</c>, <c>1t</c>; <c>GB</c>, <c>GiB</c> read the same), at least 6 MiB.</summary>
    /// <exception cref="InvalidInputException">Not such a size; the exit code is <paramref name="exitCode"/>.</exception>
    public static long ParseBytes(string text, string where, int exitCode = ExitCodes.InvalidInput)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant().TrimEnd('b').TrimEnd('i');
        var scale = t.Length == 0 ? 1L : t[^1] switch { 'k' => 1L << 10, 'm' => 1L << 20, 'g' => 1L << 30, 't' => 1L << 40, _ => 1L };
        if (scale != 1) t = t[..^1];
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v <= 0 || !double.IsFinite(v) || v * scale >= long.MaxValue)
            throw new InvalidInputException($"{where}: expected a size like 512m or 4g, got \"{text}\"", exitCode);
        var bytes = (long)(v * scale);
        if (bytes < MinimumMemoryBytes)
            throw new InvalidInputException($"{where}: {text} is below the 6 MiB container engines accept", exitCode);
        return bytes;
    }

    /// <summary>The stated values as one stable line (<c>cpus=2;memory=4294967296;gpus=1;time=3600</c>) for job records and cache checks.</summary>
    public string Key => string.Join(';', Keys.Zip(Values()).Select(p => $"{p.First}={p.Second ?? "none"}"));

    IEnumerable<string?> Values()
    {
        yield return Cpus?.ToString(CultureInfo.InvariantCulture);
        yield return MemoryBytes?.ToString(CultureInfo.InvariantCulture);
        yield return Gpus?.ToString(CultureInfo.InvariantCulture);
        yield return Time?.TotalSeconds.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>For people: <c>2 cpus, 4 GiB memory, 1 gpu, time 1h</c>, or <c>the engine's defaults</c> when nothing is stated.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Cpus is { } c) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{c} cpu{(c == 1 ? "" : "s")}"));
        if (MemoryBytes is { } m) parts.Add(ShowBytes(m) + " memory");
        if (Gpus is { } g) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{g} gpu{(g == 1 ? "" : "s")}"));
        if (Time is { } t) parts.Add("time " + ShowDuration(t));
        return parts.Count == 0 ? "the engine's defaults" : string.Join(", ", parts);
    }

    /// <summary>A size in the largest binary unit that keeps it readable: <c>512 MiB</c>, <c>4 GiB</c>.</summary>
    public static string ShowBytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double v = bytes;
        var u = 0;
        while (v >= 1024 && u < units.Length - 1) { v /= 1024; u++; }
        return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(v, 2)} {units[u]}");
    }

    /// <summary>A duration as <c>90s</c>, <c>10m</c>, <c>1h30m</c>.</summary>
    public static string ShowDuration(TimeSpan t)
    {
        if (t.TotalSeconds < 60 || t.TotalSeconds % 60 != 0) return t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
        var minutes = (long)t.TotalMinutes;
        return minutes % 60 == 0 ? $"{minutes / 60}h" : minutes < 60 ? $"{minutes}m" : $"{minutes / 60}h{minutes % 60}m";
    }
}
