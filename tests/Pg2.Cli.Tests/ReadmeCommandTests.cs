using System.Text.RegularExpressions;
using Pg2.Contracts;
using Pg2.Testing;
using Xunit.Abstractions;

namespace Pg2.Cli.Tests;

/// <summary>
/// The <c>./pg2 …</c> lines of README.md's bash blocks: every documented command has help and
/// parses as written; those that need neither Docker, a cloud account nor a placeholder file
/// (<c>my.zip</c>, <c>X.csv</c>) run with the built CLI from the checkout's root, with every
/// output sent to a temp folder, and exit 0.
/// </summary>
public sealed partial class ReadmeCommandTests(ITestOutputHelper log) : IDisposable
{
    readonly TempFolder _dir = new("readme");

    public void Dispose() => _dir.Dispose();

    /// <summary>One README line, after the <c>./pg2</c>: its words, optional <c>[...]</c> parts marked.</summary>
    internal sealed record ReadmeCommand(string Text, string[] Words, string[] Required)
    {
        public bool Elided => Words.Contains("...");
    }

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex(@"\s#.*$")]
    private static partial Regex Comment();

    internal static List<ReadmeCommand> Commands()
    {
        var text = File.ReadAllText(Repository.File("README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var commands = new List<ReadmeCommand>();
        foreach (Match block in BashBlock().Matches(text))
        {
            var joined = block.Groups[1].Value.Replace("\\\n", " ", StringComparison.Ordinal);
            foreach (var raw in joined.Split('\n'))
            {
                var line = Comment().Replace(raw, "").Trim();
                if (!line.StartsWith("./pg2 ", StringComparison.Ordinal)) continue;
                var words = line["./pg2 ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // "[--metrics spearman,auc]": optional; parsed with it, run without it.
                var required = new List<string>();
                var depth = 0;
                foreach (var w in words)
                {
                    if (w.StartsWith('[')) depth++;
                    if (depth == 0) required.Add(w);
                    if (w.EndsWith(']')) depth--;
                }
                commands.Add(new ReadmeCommand(line, [.. words.Select(w => w.Trim('[', ']'))], [.. required]));
            }
        }
        return commands;
    }

    [Fact]
    public void Readme_DocumentsPg2Commands()
    {
        var commands = Commands();
        Assert.True(commands.Count >= 10, $"found only {commands.Count} ./pg2 lines in README.md's bash blocks");
    }

    [Fact]
    public async Task EveryReadmeCommand_HasHelp_AndParsesAsWritten()
    {
        foreach (var c in Commands())
        {
            var path = CommandPath(c.Words);
            Assert.True(path.Count >= 2, $"README: '{c.Text}' names no command");
            var help = await Cli.RunAsync([.. path, "--help"]);
            Assert.True(help.Code == ExitCodes.Success, $"README: '{c.Text}': pg2 {string.Join(' ', path)} --help\n{help}");
            Assert.Contains("Usage:", help.Out, StringComparison.Ordinal);
            if (c.Elided) continue; // "create-training-job --model-name pls ..." stands for more options
            var parse = Pg2App.BuildRoot(new Pg2Console(TextWriter.Null, TextWriter.Null)).Parse(c.Words);
            Assert.True(parse.Errors.Count == 0, $"README: '{c.Text}': {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        }
    }

    [Fact]
    public async Task ReadmeCommandsThatRunOffline_ExitZero()
    {
        var ran = new List<string>();
        var results = _dir["results"];
        foreach (var c in Commands())
        {
            var args = Offline(c, results);
            if (args is null)
            {
                log.WriteLine($"not run (Docker, cloud or a placeholder file): {c.Text}");
                continue;
            }
            var run = await Pg2Process.RunAsync(Repository.Root, args, TimeSpan.FromMinutes(5));
            log.WriteLine($"ran: pg2 {string.Join(' ', args)} -> exit {run.Code}");
            Assert.True(run.Code == ExitCodes.Success, $"README: '{c.Text}' run as pg2 {string.Join(' ', args)}\n{run}");
            ran.Add(c.Text);
        }
        // Today: the quick start, dataset inspect, generate-dummy-data and benchmark report.
        Assert.Contains(ran, t => t.StartsWith("./pg2 benchmark run benchmarks/quickstart.toml", StringComparison.Ordinal));
        Assert.True(ran.Count >= 3, "ran only: " + string.Join(" | ", ran));
    }

    /// <summary>The command words (<c>dataset inspect</c>) at the start of a line.</summary>
    static List<string> CommandPath(string[] words)
    {
        System.CommandLine.Command command = Pg2App.BuildRoot(new Pg2Console(TextWriter.Null, TextWriter.Null));
        var path = new List<string>();
        foreach (var w in words)
        {
            var sub = command.Subcommands.FirstOrDefault(s => s.Name == w);
            if (sub is null) break;
            path.Add(w);
            command = sub;
        }
        return path;
    }

    static readonly string[] OutputOptions = ["-o", "--output", "--metric-path", "--results"];

    /// <summary>
    /// The line's required words with its outputs moved under <paramref name="results"/>'s folder, or
    /// null when it needs Docker, Podman, a cloud account, or an input file the checkout does not have.
    /// </summary>
    static string[]? Offline(ReadmeCommand c, string results)
    {
        var words = c.Required;
        var path = CommandPath(words);
        var command = string.Join(' ', path);
        if (c.Elided || path[0] == "sagemaker" || command is "model build" or "model push" or "model new") return null;
        if (words.Any(w => w is "docker" or "podman" or "sagemaker")) return null;
        var temp = Path.GetDirectoryName(results)!;
        var args = new List<string>(path);
        var positional = 0;
        for (var i = path.Count; i < words.Length; i++)
        {
            var w = words[i];
            if (OutputOptions.Contains(w) && i + 1 < words.Length)
            {
                args.Add(w);
                args.Add(w == "--results" ? results : Path.Combine(temp, Path.GetFileName(words[++i])));
                continue;
            }
            if (!w.StartsWith('-')) positional++;
            // Outputs given as arguments: the converted archive, the results folder a report reads.
            if (command == "dataset convert" && positional == 2 || command == "benchmark report" && positional == 1)
            {
                args.Add(command == "benchmark report" ? results : Path.Combine(temp, Path.GetFileName(w)));
                continue;
            }
            if (LooksLikeFile(w) && !File.Exists(Repository.File(w)) && !Directory.Exists(Repository.File(w))) return null;
            args.Add(w);
        }
        if (command == "benchmark run" && !args.Contains("--results")) args.AddRange(["--results", results]);
        return [.. args];
    }

    static bool LooksLikeFile(string word) =>
        !word.StartsWith('-') && (word.Contains('/', StringComparison.Ordinal) || Regex.IsMatch(word, @"\.[A-Za-z][A-Za-z0-9]*$"));
}
