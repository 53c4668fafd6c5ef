using System.CommandLine;
using Pg2.Cli.Commands;
using Pg2.Contracts;

namespace Pg2.Cli;

/// <summary>
/// The <c>pg2</c> command tree and the one place that turns exceptions into exit codes:
/// user errors print one line, only bugs print a stack trace.
/// </summary>
public static class Pg2App
{
    /// <summary>Builds the command tree, printing to <paramref name="console"/>. Each command is a class under <c>Commands/</c>.</summary>
    internal static RootCommand BuildRoot(Pg2Console console)
    {
        var root = new RootCommand("pg2 — package protein fitness models and benchmark them on DMS data.");
        var dataset = new Command("dataset", "Inspect, validate, create and convert dataset archives.");
        root.Subcommands.Add(dataset);
        var metric = new Command("metric", "Compute metrics of a predictions file.");
        root.Subcommands.Add(metric);
        var model = new Command("model", "Build and validate models.");
        root.Subcommands.Add(model);
        var benchmark = new Command("benchmark", "Run games (datasets × models) and report leaderboards.");
        root.Subcommands.Add(benchmark);
        CommandRegistry.Register(console, root, dataset, metric, model, benchmark);
        return root;
    }

    /// <summary>Runs <paramref name="args"/> on the process's console; SIGINT and SIGTERM stop the command (exit 130).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        using var signals = new TerminationSignals();
        return await RunAsync(args, Pg2Console.Process(), signals.Token).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="args"/>, printing to <paramref name="output"/> and <paramref name="error"/>; cancelling <paramref name="cancel"/> stops the command (exit 130).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancel = default) =>
        RunAsync(args, new Pg2Console(output, error), cancel);

    static async Task<int> RunAsync(string[] args, Pg2Console console, CancellationToken cancel)
    {
        var root = BuildRoot(console);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line, like every other error: the parser's complaints, then where to look.
            var problems = string.Join("; ", parsed.Errors.Select(e => e.Message.ReplaceLineEndings(" ")));
            await console.Error.WriteLineAsync($"pg2: {problems} (run 'pg2 --help' for usage)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        var invocation = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null, // signals are TerminationSignals' job
            Output = console.Out,
            Error = console.Error,
        };
        try
        {
            return await parsed.InvokeAsync(invocation, cancel).ConfigureAwait(false);
        }
        catch (InvalidInputException e)
        {
            await console.Error.WriteLineAsync($"pg2: error: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (FileNotFoundException e)
        {
            await console.Error.WriteLineAsync($"pg2: error: file not found: {e.FileName ?? e.Message}").ConfigureAwait(false);
            return ExitCodes.FileNotFound;
        }
        catch (DirectoryNotFoundException e)
        {
            await console.Error.WriteLineAsync($"pg2: error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.FileNotFound;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("pg2: interrupted").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // No user input should get here: one line, and the trace only on request.
            await console.Error.WriteLineAsync($"pg2: internal error (a bug; please report it with the command line): {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            if (Environment.GetEnvironmentVariable("PG2_DEBUG") is { Length: > 0 }) await console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }
}
