using System.IO.Compression;
using System.Text.Json;
using Pg2.Datasets;
using Pg2.Contracts;
using Pg2.Testing;

namespace Pg2.Cli.Tests;

public sealed class DatasetCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-dataset-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string SharedData(params string[] parts) => Repository.SharedData(parts);

    private static string ProteinGym(string id, string file) => SharedData("proteingym", id, file);

    private static void AssertOneCleanError(string err)
    {
        Assert.StartsWith("pg2: error: ", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal); // no stack trace
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Inspect_Json_ReportsRowsTargetsAndMsa()
    {
        var (code, stdout, _) = await Cli.RunAsync("dataset", "inspect", SharedData("pgdata-b1", "NEIME_2019.pgdata"), "--json");
        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("NEIME_2019", doc.RootElement.GetProperty("name").GetString());
        Assert.Equal(922, doc.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal(161, doc.RootElement.GetProperty("msa").GetProperty("width").GetInt32());
    }

    [Fact]
    public async Task Inspect_Table_ShowsNameAndFeatures()
    {
        var (code, stdout, _) = await Cli.RunAsync("dataset", "inspect", SharedData("seed", "dummy", "dataset.zip"));
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("charge_ladder", stdout, StringComparison.Ordinal);
        Assert.Contains("foo, bar", stdout, StringComparison.Ordinal);
        Assert.Contains("495", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_NotAZip_OneLineErrorExitInvalidInput()
    {
        var path = Path.Combine(_dir, "x.zip");
        File.WriteAllText(path, "hello");
        var (code, _, err) = await Cli.RunAsync("dataset", "inspect", path);
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneCleanError(err);
        Assert.Contains("not a zip archive", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_SeedArchives_AreValid()
    {
        foreach (var name in new[] { "dummy", "neime", "ranganathan" })
        {
            var (code, stdout, err) = await Cli.RunAsync("dataset", "validate", SharedData("seed", name, "dataset.zip"));
            Assert.True(code == ExitCodes.Success, err);
            Assert.Contains("valid", stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Validate_WildTypeMismatch_ListsProblemAndFails()
    {
        var path = Path.Combine(_dir, "bad.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var w = new StreamWriter(zip.CreateEntry("manifest.toml").Open()))
                w.Write("name = \"bad\"\n[assays_meta]\nfile_path = \"assays.csv\"\n[assays_meta.assays.y.constants]\nsequence = \"MKV\"\nmutation_col = \"sequence\"\noffset = 1\n");
            using (var w = new StreamWriter(zip.CreateEntry("assays.csv").Open()))
                w.Write("sequence,y\nM1A,1\nK2A,2\nV2A,3\n");
        }
        var (code, _, err) = await Cli.RunAsync("dataset", "validate", path);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("line 4", err, StringComparison.Ordinal);
        Assert.Contains("V2A", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_FromProteinGym_WithMsa_ValidatesAndHoldsMsa()
    {
        const string id = "DYR_ECOLI_Thompson_2019";
        var output = Path.Combine(_dir, id + ".zip");
        var (code, _, err) = await Cli.RunAsync("dataset", "create", "--from-proteingym", ProteinGym(id, id + ".csv"),
            "--msa", ProteinGym(id, "DHFR.a2m"), "--reference", SharedData("proteingym", "DMS_substitutions.csv"), "-o", output);
        Assert.True(code == ExitCodes.Success, err);
        Assert.Equal(ExitCodes.Success, (await Cli.RunAsync("dataset", "validate", output)).Code);

        var d = Dataset.FromPath(output);
        Assert.Equal(id, d.Name);
        Assert.Equal(["DMS_score", "DMS_score_bin"], d.Targets);
        Assert.Equal(2363, d.ForTarget("DMS_score").Count);
        Assert.Equal("DYR_ECOLI/1-159", d.Msa!.FocusId);
        var constants = d.Target("DMS_score").Constants;
        Assert.Equal(-0.5, constants["dms_score_bin_cutoff"]);
        Assert.Equal("DYR_ECOLI", constants["uniprot_id"]);
        Assert.Equal("mutant", constants["mutation_col"]);
        Assert.Equal(1, d.ReferenceSequence("DMS_score")!.Offset);
    }

    [Fact]
    public async Task Create_MsaOfAnotherProtein_FailsWithoutOutputFile()
    {
        const string id = "ENVZ_ECOLI_Ghose_2023";
        var output = Path.Combine(_dir, "out.zip");
        var (code, _, err) = await Cli.RunAsync("dataset", "create", "--from-proteingym", ProteinGym(id, id + ".csv"),
            "--msa", ProteinGym("DYR_ECOLI_Thompson_2019", "DHFR.a2m"), "-o", output);
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneCleanError(err);
        Assert.Matches("does not fit inside the reference|differs from the reference at", err);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir)); // no temporary leftovers either
    }

    [Fact]
    public async Task Create_WithoutReference_RebuildsWildTypeFromFirstRow()
    {
        const string id = "ENVZ_ECOLI_Ghose_2023";
        var output = Path.Combine(_dir, "envz.zip");
        var (code, _, err) = await Cli.RunAsync("dataset", "create", "--from-proteingym", ProteinGym(id, id + ".csv"), "-o", output);
        Assert.True(code == ExitCodes.Success, err);
        var d = Dataset.FromPath(output);
        Assert.Equal("LADDRTLLMAGVSHDLRTPLTRIRLATEMMSEQDGYLAESINKDIEECNAIIEQFIDYLR", d.ReferenceSequence("DMS_score")!.Sequence);
    }

    [Fact]
    public async Task Convert_Pgdata_WritesLoadableSeedZip()
    {
        var output = Path.Combine(_dir, "neime.zip");
        var (code, _, err) = await Cli.RunAsync("dataset", "convert", SharedData("pgdata-b1", "NEIME_2019.pgdata"), output);
        Assert.True(code == ExitCodes.Success, err);
        var d = Dataset.FromPath(output);
        Assert.Equal(922, d.Assays.RowCount);
        Assert.NotNull(d.Msa);
        Assert.Single(d.Structures);
    }

    [Fact]
    public async Task Convert_BadInput_LeavesNoPartialOutput()
    {
        var input = Path.Combine(_dir, "in.zip");
        using (var zip = ZipFile.Open(input, ZipArchiveMode.Create))
        {
            using (var w = new StreamWriter(zip.CreateEntry("manifest.toml").Open()))
                w.Write("name = \"x\"\n[assays_meta]\nfile_path = \"assays.csv\"\n[assays_meta.assays.y]\n");
            using (var w = new StreamWriter(zip.CreateEntry("assays.csv").Open()))
                w.Write("sequence,y\nAAA,1\nAAA,2\n");
        }
        var output = Path.Combine(_dir, "out.zip");
        var (code, _, err) = await Cli.RunAsync("dataset", "convert", input, output);
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneCleanError(err);
        Assert.Contains("duplicates line 2", err, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task GenerateDummyData_IsSeededAndLoads()
    {
        var a = Path.Combine(_dir, "a.zip");
        var b = Path.Combine(_dir, "b.zip");
        Assert.Equal(ExitCodes.Success, (await Cli.RunAsync("dataset", "generate-dummy-data", "-o", a, "--n-rows", "50", "--seed", "3")).Code);
        Assert.Equal(ExitCodes.Success, (await Cli.RunAsync("dataset", "generate-dummy-data", "-o", b, "--n-rows", "50", "--seed", "3")).Code);
        var da = Dataset.FromPath(a);
        var db = Dataset.FromPath(b);
        Assert.Equal(da.Assays.Sequences, db.Assays.Sequences);
        Assert.InRange(da.Assays.RowCount, 45, 50);
        Assert.Equal(["foo", "bar"], da.Features);
        Assert.Equal(100, da.Assays.Sequences[0]!.Length);
    }

    [Fact]
    public async Task Validate_MissingFile_ExitsFileNotFound()
    {
        var (code, _, err) = await Cli.RunAsync("dataset", "validate", Path.Combine(_dir, "nope.zip"));
        Assert.Equal(ExitCodes.FileNotFound, code);
        AssertOneCleanError(err);
    }
}
