using Pg2.Contracts;
using Pg2.Datasets.Assays;
using Pg2.Datasets.ProteinGym;
using Pg2.Datasets.Splits;
using Pg2.Testing;

namespace Pg2.Datasets.Tests.ProteinGym;

public sealed class BenchmarkImportTests : IDisposable
{
    private readonly TempFolder _temp = new("pgimport");

    public void Dispose() => _temp.Dispose();

    private static BenchmarkImportOptions Options(ProteinGymDownload d, string output, IReadOnlyList<string>? only = null) =>
        new(d.Reference, d.Assays, [d.SinglesFolds, d.MultiplesFolds], d.Msas, d.Weights, output, only, 2);

    private ProteinGymDownload Download(bool zipped = false) => ProteinGymDownload.Build(_temp[zipped ? "zips" : "folders"], zipped);

    private static Dictionary<string, ImportEntry> ById(ImportIndex index) => index.Assays.ToDictionary(e => e.DmsId);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Import_TheDownload_WritesAnArchivePerAssayThatValidates(bool zipped)
    {
        var d = Download(zipped);
        var index = BenchmarkImport.Run(Options(d, _temp["out"]));
        Assert.All(index.Assays, e => Assert.Equal(ImportStatus.Imported, e.Status));
        Assert.Equal([ProteinGymDownload.Envz, ProteinGymDownload.Dyr, ProteinGymDownload.Doubles], index.Assays.Select(e => e.DmsId));
        foreach (var e in index.Assays)
            Assert.Empty(DatasetValidator.Validate(Path.Combine(_temp["out"], e.Archive!)));
        Assert.True(File.Exists(Path.Combine(_temp["out"], ImportIndex.FileName)));
    }

    [Fact]
    public void Import_FoldersAndZips_GiveTheSameArchives()
    {
        var a = BenchmarkImport.Run(Options(Download(false), _temp["a"]));
        var b = BenchmarkImport.Run(Options(Download(true), _temp["b"]));
        foreach (var (x, y) in a.Assays.Zip(b.Assays))
        {
            var (dx, dy) = (Dataset.FromPath(Path.Combine(_temp["a"], x.Archive!)), Dataset.FromPath(Path.Combine(_temp["b"], y.Archive!)));
            Assert.Equal(dx.Assays.Sequences, dy.Assays.Sequences);
            Assert.Equal(dx.Assays.Numeric("DMS_score"), dy.Assays.Numeric("DMS_score"));
            Assert.Equal(dx.Msa?.Rows, dy.Msa?.Rows);
        }
    }

    [Theory]
    [InlineData(ProteinGymDownload.Envz, "fold_random_5", FoldScheme.Random)]
    [InlineData(ProteinGymDownload.Envz, "fold_modulo_5", FoldScheme.Modulo)]
    [InlineData(ProteinGymDownload.Envz, "fold_contiguous_5", FoldScheme.Contiguous)]
    [InlineData(ProteinGymDownload.Dyr, "fold_modulo_5", FoldScheme.Modulo)]
    [InlineData(ProteinGymDownload.Doubles, "fold_rand_multiples", FoldScheme.Random)]
    [InlineData(ProteinGymDownload.Doubles, "fold_contiguous_5", FoldScheme.Contiguous)]
    public void ArchiveFolds_AreTheFilesFoldColumns(string id, string column, FoldScheme scheme)
    {
        var d = Download();
        BenchmarkImport.Run(Options(d, _temp["out"], [id]));
        var dataset = Dataset.FromPath(Path.Combine(_temp["out"], id + ".zip"));
        var view = dataset.ForTarget("DMS_score");
        var folds = dataset.ArchiveFolds(view, scheme)!;
        var mutants = (TextColumn)dataset.Assays["mutant"];
        var expected = d.Folds[id][column];
        Assert.Equal(expected.Count, folds.View.Count);
        for (int i = 0; i < folds.View.Count; i++)
            Assert.Equal(expected[mutants.Values[folds.View.Rows[i]]!], folds.FoldOfRow[i]);
    }

    [Fact]
    public void Import_MultiMutantAssay_KeepsEveryRowAndTheMultiplesFoldColumn()
    {
        var d = Download();
        var entry = ById(BenchmarkImport.Run(Options(d, _temp["out"], [ProteinGymDownload.Doubles])))[ProteinGymDownload.Doubles];
        var dataset = Dataset.FromPath(Path.Combine(_temp["out"], entry.Archive!));
        Assert.True(entry.MultipleMutants > 0);
        Assert.Equal(d.Folds[ProteinGymDownload.Doubles]["fold_rand_multiples"].Count, entry.Rows);
        // Random folds are the multiples file's, over every row; singles' folds leave the double mutants out.
        Assert.Equal(entry.Rows, dataset.ArchiveFolds(dataset.ForTarget("DMS_score"), FoldScheme.Random)!.View.Count);
        Assert.Equal(entry.Rows - entry.MultipleMutants, dataset.ArchiveFolds(dataset.ForTarget("DMS_score"), FoldScheme.Modulo)!.View.Count);
    }

    [Fact]
    public void Import_RegionAlignment_HonoursMsaStartAndAcceptsOneFocusMismatch()
    {
        var d = Download();
        var entry = ById(BenchmarkImport.Run(Options(d, _temp["out"], [ProteinGymDownload.Dyr])))[ProteinGymDownload.Dyr];
        var dataset = Dataset.FromPath(Path.Combine(_temp["out"], entry.Archive!));
        Assert.Equal($"DYR_ECOLI/{ProteinGymDownload.DyrMsaStart}-{ProteinGymDownload.DyrMsaEnd}", dataset.Msa!.FocusId);
        Assert.Equal(ProteinGymDownload.DyrMsaStart, dataset.Msa.RegionStart);
        var warning = Assert.Single(entry.Warnings, w => w.Contains("differs from target_seq", StringComparison.Ordinal));
        Assert.Contains("1 position(s) (residue 20", warning, StringComparison.Ordinal);
        Assert.Equal("Prokaryote", dataset.Target("DMS_score").Constants["taxon"]);
        Assert.Equal(159.0, dataset.Target("DMS_score").Constants["seq_len"]);
    }

    [Fact]
    public void Import_Weights_AreOnePerAlignmentRecord()
    {
        var d = Download();
        var entry = ById(BenchmarkImport.Run(Options(d, _temp["out"], [ProteinGymDownload.Envz])))[ProteinGymDownload.Envz];
        Assert.True(entry.Weights);
        var dataset = Dataset.FromPath(Path.Combine(_temp["out"], entry.Archive!));
        Assert.Equal(d.EnvzWeights, dataset.AlignmentWeights!);
        Assert.Equal(dataset.Msa!.Depth, dataset.AlignmentWeights!.Count);
    }

    [Fact]
    public void Import_Again_SkipsUpToDateArchivesAndRedoesAChangedOne()
    {
        var d = Download();
        BenchmarkImport.Run(Options(d, _temp["out"]));
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(_temp["out"], ProteinGymDownload.Envz + ".zip"));
        var again = BenchmarkImport.Run(Options(d, _temp["out"]));
        Assert.All(again.Assays, e => Assert.Equal(ImportStatus.UpToDate, e.Status));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(_temp["out"], ProteinGymDownload.Envz + ".zip")));

        var csv = Path.Combine(d.Assays, ProteinGymDownload.Dyr + ".csv");
        var lines = File.ReadAllLines(csv);
        var cells = lines[^1].Split(',');
        cells[2] = "0.125";
        lines[^1] = string.Join(',', cells);
        File.WriteAllLines(csv, lines);
        var third = ById(BenchmarkImport.Run(Options(d, _temp["out"])));
        Assert.Equal(ImportStatus.Imported, third[ProteinGymDownload.Dyr].Status);
        Assert.Equal(0.125, Dataset.FromPath(Path.Combine(_temp["out"], ProteinGymDownload.Dyr + ".zip")).Assays.Numeric("DMS_score")[^1]);
        Assert.Equal(ImportStatus.UpToDate, third[ProteinGymDownload.Envz].Status);
    }

    [Fact]
    public void Import_Only_ImportsTheNamedAssays()
    {
        var index = BenchmarkImport.Run(Options(Download(), _temp["out"], [ProteinGymDownload.Dyr]));
        Assert.Equal([ProteinGymDownload.Dyr], index.Assays.Select(e => e.DmsId));
        Assert.False(File.Exists(Path.Combine(_temp["out"], ProteinGymDownload.Envz + ".zip")));
    }

    [Fact]
    public void Import_OnlyUnknownId_IsRefused()
    {
        var e = Assert.Throws<InvalidInputException>(() => BenchmarkImport.Run(Options(Download(), _temp["out"], ["NOPE"])));
        Assert.Contains("--only: 'NOPE' is not a DMS_id", e.Message, StringComparison.Ordinal);
    }

    private static void Edit(string path, Func<string, string> change) => File.WriteAllText(path, change(File.ReadAllText(path)));

    public static TheoryData<string, string> Hostile => new()
    {
        { "wrong-wild-type", "line 2: mutant 'W10C' against ENVZ_ECOLI_Ghose_2023's target_seq" },
        { "bad-score", "line 3: DMS_score: 'high' is not a number" },
        { "duplicate", "line 4: mutant 'A10C' appears twice" },
        { "fold-row-not-in-assay", "cv_folds_singles_substitutions" },
        { "bad-fold", "fold_modulo_5 'x' is not a fold number" },
        { "path-in-reference", "DMS_filename: '../x.csv' is not a plain file name" },
        { "focus-too-long", "MSA_start/MSA_end say the alignment covers residues 1-50" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Import_HostileAssay_IsSkippedWithOneLineNamingFileRowAndField(string kind, string expected)
    {
        var d = Download();
        var csv = Path.Combine(d.Assays, ProteinGymDownload.Envz + ".csv");
        var folds = Path.Combine(d.SinglesFolds, ProteinGymDownload.Envz + ".csv");
        switch (kind)
        {
            case "wrong-wild-type": Edit(csv, t => t.Replace("\nA10C,", "\nW10C,", StringComparison.Ordinal)); break;
            case "bad-score": var lines = File.ReadAllLines(csv); lines[2] = string.Join(',', lines[2].Split(',')[..2]) + ",high,0"; File.WriteAllLines(csv, lines); break;
            case "duplicate": var l = File.ReadAllLines(csv).ToList(); l.Insert(3, l[1]); File.WriteAllLines(csv, l); break;
            case "fold-row-not-in-assay": var a = File.ReadAllLines(csv).ToList(); a.RemoveAt(5); File.WriteAllLines(csv, a); break;
            case "bad-fold": var f = File.ReadAllLines(folds); var cells = f[3].Split(','); cells[5] = "x"; f[3] = string.Join(',', cells); File.WriteAllLines(folds, f); break;
            case "path-in-reference": Edit(d.Reference, t => t.Replace(ProteinGymDownload.Envz + ".csv", "../x.csv", StringComparison.Ordinal)); break;
            case "focus-too-long": Edit(d.Reference, t => t.Replace(",ENVZ_ECOLI_2023-08-07_b02.a2m,1,60,", ",ENVZ_ECOLI_2023-08-07_b02.a2m,1,50,", StringComparison.Ordinal)); break;
        }
        var entry = ById(BenchmarkImport.Run(Options(d, _temp["out"])))[ProteinGymDownload.Envz];
        Assert.Equal(ImportStatus.Skipped, entry.Status);
        Assert.Contains(expected, entry.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', entry.Reason!);
        Assert.False(File.Exists(Path.Combine(_temp["out"], ProteinGymDownload.Envz + ".zip")));
    }

    [Fact]
    public void Import_WeightsNotOnePerRecord_ImportsWithoutThemAndSaysWhy()
    {
        var d = Download();
        var weights = Directory.GetFiles(d.Weights).Single();
        Pg2.Datasets.Numpy.NpyFile.Write(weights, [1.0, 2.0]);
        var entry = ById(BenchmarkImport.Run(Options(d, _temp["out"])))[ProteinGymDownload.Envz];
        Assert.Equal(ImportStatus.Imported, entry.Status);
        Assert.False(entry.Weights);
        Assert.Contains(entry.Warnings, w => w.Contains("2 weights for 2,472 alignment records", StringComparison.Ordinal));
        Assert.Null(Dataset.FromPath(Path.Combine(_temp["out"], entry.Archive!)).AlignmentWeights);
    }

    [Fact]
    public void Import_ReferenceWithoutTargetSeq_IsRefused()
    {
        var d = Download();
        Edit(d.Reference, t => t.Replace("target_seq", "sequence", StringComparison.Ordinal));
        var e = Assert.Throws<InvalidInputException>(() => BenchmarkImport.Run(Options(d, _temp["out"])));
        Assert.Contains("no column 'target_seq'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_MissingSource_IsFileNotFound()
    {
        var d = Download();
        var e = Assert.Throws<InvalidInputException>(() => BenchmarkImport.Run(Options(d, _temp["out"]) with { Msas = _temp["nowhere"] }));
        Assert.Equal(ExitCodes.FileNotFound, e.ExitCode);
        Assert.Contains("--msas", e.Message, StringComparison.Ordinal);
    }
}
