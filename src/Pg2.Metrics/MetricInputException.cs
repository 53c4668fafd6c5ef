namespace Pg2.Metrics;

/// <summary>
/// A user-facing problem with metric input: bad predictions file, unknown metric name, mismatched
/// columns. The message is one line naming the file, column or row. Callers (CLI, runner) map it to
/// their own exit code; this library stays free of the dataset layer.
/// </summary>
public sealed class MetricInputException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public MetricInputException(string message) : base(message) { }

    /// <summary>Creates the exception with a one-line message and its cause.</summary>
    public MetricInputException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception with no message (for serializers; prefer the one-line form).</summary>
    public MetricInputException() { }
}
