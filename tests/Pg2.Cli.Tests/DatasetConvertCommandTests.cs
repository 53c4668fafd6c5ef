using Pg2.Contracts;
using Pg2.Datasets;
using Pg2.Datasets.Splits;
using Pg2.Testing;

namespace Pg2.Cli.Tests;

public sealed class DatasetConvertCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-convert-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string[]> SharedArchives() =>
    [
        ["seed", "dummy", "dataset.zip"], ["seed", "neime", "dataset.zip"], ["seed", "ranganathan", "dataset.zip"],
        ["pgdata-b1", "NEIME_2019.pgdata"], ["pgdata-b1", "charge_ladder.pgdata"], ["pgdata-b1", "ranganathan.pgdata"],
    ];

    [Theory]
    [MemberData(nameof(SharedArchives))]
    public async Task Convert_SeedToB1ToRc0ToSplitsAndBack_KeepsTheData(string[] archive)
    {
        var input = Repository.SharedData(archive);
        var original = Dataset.FromPath(input);
        string previous = input;
        foreach (var (to, name) in new[] { ("b1", "a.pgdata"), ("rc0", "b.pgdata"), ("splits", "c.splits.pgdata"), ("seed", "d.zip"), ("rc0", "e.pgdata") })
        {
            var output = Path.Combine(_dir, name);
            string[] args = to == "splits"
                ? ["dataset", "convert", previous, "-o", output, "--split", original.ReferenceSequence(original.Targets[0]) is null ? "random" : "random,modulo,contiguous", "--folds", "3"]
                : ["dataset", "convert", previous, "-o", output, "--to", to];
            var (code, stdout, err) = await Cli.RunAsync(args);
            Assert.True(code == ExitCodes.Success, $"{to}: {err}");
            Assert.Contains($"({to})", stdout, StringComparison.Ordinal);
            var d = Dataset.FromPath(output);
            Assert.Equal(original.Name, d.Name);
            Assert.Equal(original.Targets, d.Targets);
            Assert.Equal(original.Assays.RowCount, d.Assays.RowCount);
            foreach (var c in original.Assays.Columns)
                Assert.Equal(Enumerable.Range(0, c.Count).Select(c.Format), Enumerable.Range(0, c.Count).Select(d.Assays[c.Name].Format));
            foreach (var t in original.Targets) Assert.Equal(original.Target(t).Constants, d.Target(t).Constants);
            Assert.Equal(original.Msa?.Rows, d.Msa?.Rows);
            previous = output;
        }
    }

    [Fact]
    public async Task Convert_WithSplit_WritesPg2FoldsAsSlices()
    {
        var input = Repository.SharedData("seed", "ranganathan", "dataset.zip");
        var output = Path.Combine(_dir, "r.splits.pgdata");
        var (code, stdout, err) = await Cli.RunAsync("dataset", "convert", input, "-o", output, "--split", "random,modulo,contiguous");
        Assert.True(code == ExitCodes.Success, err);
        Assert.Contains("splits random (5 slices), modulo (5 slices), contiguous (5 slices)", stdout, StringComparison.Ordinal);
        var seed = Dataset.FromPath(input);
        var read = Dataset.FromPath(output);
        foreach (var scheme in new[] { "random", "modulo", "contiguous" })
        {
            var expected = FoldAssignment.For(seed, seed.ForTarget("cefotaxime"), FoldAssignment.ParseScheme(scheme));
            Assert.Equal(expected.FoldOfRow, FoldAssignment.FromSlices(read, read.ForTarget("cefotaxime"), scheme).FoldOfRow);
        }
    }

    [Theory]
    [InlineData("--to", "parquet", "is not one of")]
    [InlineData("--folds", "1", "--folds must be")]
    public async Task Convert_BadOption_IsAUsageError(string option, string value, string expected)
    {
        var input = Repository.SharedData("seed", "dummy", "dataset.zip");
        string[] args = option == "--folds"
            ? ["dataset", "convert", input, "-o", Path.Combine(_dir, "x.splits.pgdata"), "--split", "modulo", option, value]
            : ["dataset", "convert", input, "-o", Path.Combine(_dir, "x.zip"), option, value];
        var (code, _, err) = await Cli.RunAsync(args);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_ToSplitsWithoutSplit_SaysWhatIsMissing()
    {
        var (code, _, err) = await Cli.RunAsync("dataset", "convert", Repository.SharedData("seed", "dummy", "dataset.zip"), "-o", Path.Combine(_dir, "x.splits.pgdata"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("has no splits", err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd().Split('\n'));
    }
}
