using Pg2.Contracts;

namespace Pg2.Metrics;

/// <summary>
/// A user-facing problem with metric input: bad predictions file, unknown metric name, mismatched
/// columns. The message is one line naming the file, column or row. It is an
/// <see cref="InvalidInputException"/> (exit 3), so every caller maps it the same way.
/// </summary>
public sealed class MetricInputException : InvalidInputException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public MetricInputException(string message) : base(message) { }

    /// <summary>Creates the exception with a one-line message and its cause.</summary>
    public MetricInputException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception with a generic message (for serializers; prefer the one-line form).</summary>
    public MetricInputException() : base("invalid metric input") { }
}
