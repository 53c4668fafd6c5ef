namespace Pg2.Runner.Costs;

/// <summary>
/// The named terms a cost formula is a linear combination of (each a product of <see cref="CostFeatures"/>):
/// R = rows, L = target length, A = alignment focus length, N = alignment depth. A family's formula picks
/// the terms its algorithm scales with (EVmutation's fit: N·A²; its memory: A²; PLS: R·L; ...).
/// </summary>
public static class CostTerm
{
    static readonly Dictionary<string, Func<CostFeatures, double>> Terms = new(StringComparer.Ordinal)
    {
        ["1"] = _ => 1,
        ["rows"] = f => f.Rows,
        ["length"] = f => f.Length,
        ["length2"] = f => (double)f.Length * f.Length,
        ["length3"] = f => (double)f.Length * f.Length * f.Length,
        ["rows_length"] = f => (double)f.Rows * f.Length,
        ["rows_length2"] = f => (double)f.Rows * f.Length * f.Length,
        ["alignment_length"] = f => f.AlignmentLength,
        ["alignment_length2"] = f => (double)f.AlignmentLength * f.AlignmentLength,
        ["depth"] = f => f.Depth,
        ["depth_alignment_length"] = f => (double)f.Depth * f.AlignmentLength,
        ["depth_alignment_length2"] = f => (double)f.Depth * f.AlignmentLength * f.AlignmentLength,
        ["depth2_alignment_length"] = f => (double)f.Depth * f.Depth * f.AlignmentLength,
    };

    /// <summary>Every term name, in a fixed order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Terms.Keys];

    /// <summary>Whether <paramref name="name"/> is a known term.</summary>
    public static bool IsKnown(string name) => Terms.ContainsKey(name);

    /// <summary>The value of term <paramref name="name"/> for <paramref name="features"/>.</summary>
    public static double Value(string name, CostFeatures features) => Terms[name](features);
}
