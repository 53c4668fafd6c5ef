namespace Pg2.Metrics;

/// <summary>A metric's value, with a warning when the value is NaN or rests on a convention.</summary>
/// <param name="Name">The metric's name.</param>
/// <param name="Value">The value; <see cref="double.NaN"/> when undefined for this data.</param>
/// <param name="Warning">Why the value is NaN or conventional (e.g. "prediction is constant"); null when none.</param>
public sealed record MetricResult(string Name, double Value, string? Warning = null)
{
    /// <summary>A NaN result with the reason.</summary>
    public static MetricResult Undefined(string name, string reason) => new(name, double.NaN, reason);
}
