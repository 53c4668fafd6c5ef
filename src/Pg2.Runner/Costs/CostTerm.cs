namespace Pg2.Runner.Costs;

/// <summary>
/// The named terms a cost formula is a linear combination of (each a product of <see cref="CostFeatures"/>):
/// R = rows, L = target length, A = alignment focus length, N = alignment depth; <c>min_rows_onehot</c> = min(R, 20·L), the order of a one-hot solver's smaller system. A family's formula picks
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
        // A one-hot solver that takes the smaller of the primal (20·L features) and the dual (R rows) system, as ridge does.
        ["min_rows_onehot2"] = f => Math.Pow(Math.Min(f.Rows, 20.0 * f.Length), 2),
        ["min_rows_onehot3"] = f => Math.Pow(Math.Min(f.Rows, 20.0 * f.Length), 3),
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
