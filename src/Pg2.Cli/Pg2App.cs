using System.CommandLine;
using Pg2.Cli.Commands;
using Pg2.Datasets;
using Pg2.Contracts;

namespace Pg2.Cli;

/// <summary>
/// The <c>pg2</c> command tree and the one place that turns exceptions into exit codes:
/// user errors print one line, only bugs print a stack trace.
/// </summary>
public static class Pg2App
{
    /// <summary>Builds the command tree. Each command is a class under <c>Commands/</c>.</summary>
    public static RootCommand BuildRoot()
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
        CommandRegistry.Register(root, dataset, metric, model, benchmark);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var root = BuildRoot();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) Console.Error.WriteLine($"pg2: {e.Message}");
            Console.Error.WriteLine("Run 'pg2 --help' for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (InvalidInputException e)
        {
            Console.Error.WriteLine($"pg2: error: {e.Message}");
            return e.ExitCode;
        }
        catch (FileNotFoundException e)
        {
            Console.Error.WriteLine($"pg2: error: file not found: {e.FileName ?? e.Message}");
            return ExitCodes.FileNotFound;
        }
        catch (DirectoryNotFoundException e)
        {
            Console.Error.WriteLine($"pg2: error: {e.Message}");
            return ExitCodes.FileNotFound;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("pg2: interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // No user input should get here: one line, and the trace only on request.
            Console.Error.WriteLine($"pg2: internal error (a bug; please report it with the command line): {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            if (Environment.GetEnvironmentVariable("PG2_DEBUG") is { Length: > 0 }) Console.Error.WriteLine(e);
            return ExitCodes.InternalError;
        }
    }
}
