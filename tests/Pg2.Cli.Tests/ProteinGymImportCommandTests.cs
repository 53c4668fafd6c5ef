using System.Text.Json;
using Pg2.Contracts;
using Pg2.Testing;

namespace Pg2.Cli.Tests;

public sealed class ProteinGymImportCommandTests : IDisposable
{
    private readonly TempFolder _temp = new("pgimport-cli");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Import_ZippedDownload_EveryArchivePassesDatasetValidate()
    {
        var d = ProteinGymDownload.Build(_temp["download"], zipped: true);
        var (code, stdout, stderr) = await Cli.RunAsync([.. d.ImportArguments(_temp["out"]), "--json"]);
        Assert.True(code == 0, stderr);
        var assays = JsonDocument.Parse(stdout).RootElement.GetProperty("assays").EnumerateArray().ToList();
        Assert.Equal(3, assays.Count);
        foreach (var a in assays)
        {
            Assert.Equal("imported", a.GetProperty("status").GetString());
            var (validate, _, error) = await Cli.RunAsync("dataset", "validate", Path.Combine(_temp["out"], a.GetProperty("archive").GetString()!));
            Assert.True(validate == 0, error);
        }
    }

    [Fact]
    public async Task Import_Redirected_PrintsALinePerAssayThenUpToDateOnTheSecondRun()
    {
        var d = ProteinGymDownload.Build(_temp["download"], zipped: false);
        var (code, stdout, _) = await Cli.RunAsync([.. d.ImportArguments(_temp["out"]), "--only", ProteinGymDownload.Dyr]);
        Assert.Equal(0, code);
        Assert.Contains($"imported   {ProteinGymDownload.Dyr}: 300 rows", stdout, StringComparison.Ordinal);
        (code, stdout, _) = await Cli.RunAsync([.. d.ImportArguments(_temp["out"]), "--only", ProteinGymDownload.Dyr, "--quiet"]);
        Assert.Equal(0, code);
        Assert.Contains("1 assays: 0 imported, 1 up to date, 0 skipped", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_SkippedAssay_ExitsWithInvalidInputAndSaysWhy()
    {
        var d = ProteinGymDownload.Build(_temp["download"], zipped: false);
        File.Delete(Path.Combine(d.Msas, Directory.GetFiles(d.Msas).Select(Path.GetFileName).First(n => n!.StartsWith("DYR", StringComparison.Ordinal))!));
        var (code, stdout, _) = await Cli.RunAsync(d.ImportArguments(_temp["out"]));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains($"skipped {ProteinGymDownload.Dyr}: --msas", stdout, StringComparison.Ordinal);
        Assert.Contains("2 imported", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_MissingReference_IsOneLineAndFileNotFound()
    {
        var d = ProteinGymDownload.Build(_temp["download"], zipped: false);
        File.Delete(d.Reference);
        var (code, _, stderr) = await Cli.RunAsync(d.ImportArguments(_temp["out"]));
        Assert.Equal(ExitCodes.FileNotFound, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("DMS_substitutions.csv: file not found", stderr, StringComparison.Ordinal);
    }
}
