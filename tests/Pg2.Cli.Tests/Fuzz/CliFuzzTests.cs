using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pg2.Contracts;
using Pg2.Fuzzing;

namespace Pg2.Cli.Tests.Fuzz;

/// <summary>
/// The fuzz suite at the command line, on a smaller budget than the library properties: <c>pg2</c> run
/// in-process on mutated inputs exits 0 with nothing on stderr, or exits with an input error code and
/// prints only <c>pg2: </c> lines (warnings and notes alone on success) (a problem list's items indented under its first line), never a stack trace.
/// </summary>
public sealed class CliFuzzTests : IDisposable
{
    private static readonly Arbitrary<ArchiveCase> Archives = FuzzGen.Archives(FuzzCorpus.Archives);

    private static readonly Arbitrary<TextCase> Predictions = FuzzGen.Texts(
    [
        new FuzzSeed<string>("predictions.csv", "sequence,test,pred,DMS_score_bin\nA1C,0.5,0.4,1\nA1D,-1.2,-0.3,0\nA1E,2.5,1.9,1\nA1F,0.1,0.0,0\nA1G,1.0,1.1,1\n"),
    ]);

    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-fuzz-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // FsCheck properties are synchronous; the CLI prints to its own writers, so cases may run in parallel with other tests.
    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (code, output, error) = Cli.RunAsync(args).GetAwaiter().GetResult();
        return (code, output, error);
    }

    private static void AssertCleanExit(int code, string err, object input)
    {
        if (code == ExitCodes.Success)
        {
            foreach (var line in err.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                Assert.True(line.StartsWith("pg2: warning: ", StringComparison.Ordinal) || line.StartsWith("pg2: note: ", StringComparison.Ordinal),
                    $"exit 0 with stderr line '{line}' for {input}");
            return;
        }
        Assert.True(code is ExitCodes.InvalidInput or ExitCodes.FileNotFound, $"exit {code} for {input}: {err}");
        var lines = err.TrimEnd('\n').Split('\n');
        Assert.True(lines[0].StartsWith("pg2: ", StringComparison.Ordinal), $"stderr does not start with 'pg2: ' for {input}: {err}");
        foreach (var line in lines.Skip(1))
            Assert.True(line.StartsWith("  - ", StringComparison.Ordinal), $"stray stderr line '{line}' for {input}");
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Property(MaxTest = 300, Replay = "(20261209,37)", QuietOnSuccess = true)]
    public Property DatasetValidate_MutatedArchive_ExitsCleanly() => Prop.ForAll(Archives, c =>
    {
        var path = Path.Combine(_dir, "dataset.zip");
        File.WriteAllBytes(path, c.Build());
        var (code, _, err) = Run("dataset", "validate", path, "--quiet");
        AssertCleanExit(code, err, c);
    });

    [Property(MaxTest = 200, Replay = "(20261210,41)", QuietOnSuccess = true)]
    public Property MetricCalc_MutatedPredictions_ExitsCleanly() => Prop.ForAll(Predictions, c =>
    {
        var input = Path.Combine(_dir, "predictions.csv");
        var output = Path.Combine(_dir, "metrics.json");
        File.Delete(output);
        File.WriteAllBytes(input, c.Build());
        var (code, _, err) = Run("metric", "calc", "--output-path", input, "--metric-path", output, "--binary-column", "DMS_score_bin");
        AssertCleanExit(code, err, c);
        if (code == ExitCodes.Success) JsonDocument.Parse(File.ReadAllBytes(output)).Dispose();
    });
}
