namespace Pg2.Testing;

/// <summary>What one command-line invocation returned and printed.</summary>
/// <param name="Code">The exit code.</param>
/// <param name="Out">Everything written to standard output.</param>
/// <param name="Err">Everything written to standard error.</param>
public sealed record CliResult(int Code, string Out, string Err)
{
    /// <summary>
    /// Runs an in-process invocation that prints to the two writers it is given (never to the
    /// process-wide console, so tests can run in parallel) and captures what it printed.
    /// </summary>
    public static async Task<CliResult> CaptureAsync(Func<TextWriter, TextWriter, Task<int>> invoke)
    {
        ArgumentNullException.ThrowIfNull(invoke);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await invoke(output, error).ConfigureAwait(false);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <inheritdoc />
    public override string ToString() => $"exit {Code}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}
