using System.CommandLine;

namespace Pg2.Cli.Commands;

/// <summary>
/// A pg2 command, in the shape of Spectre.Console.Cli's commands: its settings are bound from the
/// parse result, validated, then the command runs asynchronously with the invocation's cancellation
/// token (cancelled by Ctrl-C or SIGTERM, see <see cref="TerminationSignals"/>). It prints only to
/// the <see cref="Pg2Console"/> it was given.
/// </summary>
internal abstract class Pg2Command<TSettings> : Command
{
    protected Pg2Command(string name, string description, Pg2Console console) : base(name, description)
    {
        Console = console;
        SetAction((parse, cancel) =>
        {
            var settings = Bind(parse);
            Validate(settings);
            return ExecuteAsync(settings, cancel);
        });
    }

    /// <summary>The console this command prints to (named so that it stands in for <see cref="System.Console"/>).</summary>
    protected Pg2Console Console { get; }

    /// <summary>The settings of one invocation, read from its parse result.</summary>
    protected abstract TSettings Bind(ParseResult parse);

    /// <summary>Throws <see cref="Pg2.Contracts.InvalidInputException"/> (exit 2) for settings the parser cannot reject by itself.</summary>
    protected virtual void Validate(TSettings settings) { }

    /// <summary>Runs the command; returns its exit code.</summary>
    protected abstract Task<int> ExecuteAsync(TSettings settings, CancellationToken cancel);
}
