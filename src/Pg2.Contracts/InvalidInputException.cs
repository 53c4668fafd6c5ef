namespace Pg2.Contracts;

/// <summary>
/// A user-facing input problem (malformed archive, TOML, CSV, wrong value ...). The CLI and the model
/// host print <see cref="Exception.Message"/> as one line and exit with <see cref="ExitCode"/>;
/// never a stack trace. Messages name the file, field or row and say what was expected.
/// </summary>
public class InvalidInputException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public InvalidInputException(string message, int exitCode = ExitCodes.InvalidInput)
        : base(message) => ExitCode = exitCode;

    /// <summary>Creates the exception with a one-line message and its cause.</summary>
    public InvalidInputException(string message, Exception inner, int exitCode = ExitCodes.InvalidInput)
        : base(message, inner) => ExitCode = exitCode;

    /// <summary>The process exit code this problem maps to.</summary>
    public int ExitCode { get; }
}
