using Spectre.Console;

namespace Pg2.Cli;

/// <summary>
/// Where a command prints: the process's console when pg2 runs, string writers in tests. Passed to
/// every command, so that nothing writes to the process-wide <see cref="System.Console"/> and
/// invocations can run side by side.
/// </summary>
internal sealed class Pg2Console
{
    readonly Lazy<IAnsiConsole> _ansi;

    public Pg2Console(TextWriter output, TextWriter error, bool interactive = false)
    {
        Out = output;
        Error = error;
        Interactive = interactive;
        _ansi = new(() =>
        {
            // Redirected output (CI logs, files, tests) gets plain text, 160 columns wide: it has no width, and 80 would wrap the leaderboard.
            var console = AnsiConsole.Create(interactive
                ? new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) }
                : new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
            if (!interactive) console.Profile.Width = 160;
            return console;
        });
    }

    /// <summary>The process's standard output and error; interactive when stdout is a terminal.</summary>
    public static Pg2Console Process() => new(System.Console.Out, System.Console.Error, !System.Console.IsOutputRedirected);

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Output goes to a terminal: live progress is drawn.</summary>
    public bool Interactive { get; }

    /// <summary>Tables and markup, written to <see cref="Out"/>.</summary>
    public IAnsiConsole Ansi => _ansi.Value;
}
