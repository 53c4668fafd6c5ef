using System.IO.Compression;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pg2.Contracts;
using Pg2.Datasets.Alignments;
using Pg2.Datasets.Archives;
using Pg2.Fuzzing;

namespace Pg2.Datasets.Tests.Fuzz;

/// <summary>
/// Fuzz properties of the dataset readers: mutated archives (seed zip and .pgdata), alignments and assay
/// CSVs either load or fail with an <see cref="InvalidInputException"/> of one line, within the memory
/// budget of <see cref="FuzzOracle"/>. Seeds are fixed (Replay) so CI runs the same cases every time;
/// a failure prints the shrunk case (seed name and edits) to turn into a regression test.
/// </summary>
public sealed class DatasetFuzzTests : IDisposable
{
    private static readonly Arbitrary<ArchiveCase> Archives = FuzzGen.Archives(FuzzCorpus.Archives);
    private static readonly Arbitrary<TextCase> Alignments = FuzzGen.Texts(FuzzCorpus.Alignments);
    private static readonly Arbitrary<TextCase> AssayCsvs = FuzzGen.Texts(FuzzCorpus.AssayCsvs);

    private readonly string _dir = TestData.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static bool IsUserFacing(Exception e) => e is InvalidInputException;

    [Fact]
    public void ArchiveSeeds_AreValidBeforeMutation()
    {
        foreach (var seed in FuzzCorpus.Archives)
        {
            var path = Path.Combine(_dir, seed.Name.Replace('/', '_') + ".zip");
            File.WriteAllBytes(path, ArchiveCase.Zip(seed.Value, CompressionLevel.Fastest));
            Assert.True(DatasetValidator.Validate(path) is { Count: 0 } problems, $"{seed.Name}: {string.Join(" | ", DatasetValidator.Validate(path))}");
        }
    }

    [Fact]
    public void AlignmentSeeds_ReadBeforeMutation()
    {
        foreach (var seed in FuzzCorpus.Alignments)
        {
            var msa = AlignmentReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(seed.Value)), AlignmentReader.FormatOf(seed.Name), seed.Name);
            Assert.Equal(FuzzCorpus.AlignmentRecords, msa.Depth);
        }
    }

    [Property(MaxTest = 2000, Replay = "(20261201,7)", QuietOnSuccess = true)]
    public Property MutatedArchive_ValidatesOrFailsWithOneLine() => Prop.ForAll(Archives, c =>
    {
        var bytes = c.Build();
        var path = Write(bytes, "dataset.zip");
        IReadOnlyList<string> problems = [];
        FuzzOracle.Check(c, bytes.Length, () => problems = DatasetValidator.Validate(path), IsUserFacing);
        foreach (var p in problems) FuzzOracle.AssertOneLine(p, c);
    });

    /// <summary>What a model does with a loaded archive: every target's rows, reference, split and alignment.</summary>
    [Property(MaxTest = 1200, Replay = "(20261202,11)", QuietOnSuccess = true)]
    public Property MutatedArchive_LoadsForModelsOrFailsWithOneLine() => Prop.ForAll(Archives, c =>
    {
        var bytes = c.Build();
        var path = Write(bytes, "dataset.pgdata");
        FuzzOracle.Check(c, bytes.Length, () =>
        {
            var dataset = Dataset.FromPath(path);
            foreach (var target in dataset.Targets)
            {
                _ = dataset.ForTarget(target);
                _ = dataset.ReferenceSequence(target);
                _ = dataset.SplitStrategy(target);
            }
            if (dataset.Msa is { } msa) _ = SequenceWeights.Compute(EncodedAlignment.Encode(msa));
        }, IsUserFacing);
    });

    [Property(MaxTest = 1000, Replay = "(20261203,13)", QuietOnSuccess = true)]
    public Property MutatedAlignment_ReadsOrFailsWithOneLine() => Prop.ForAll(Alignments, c =>
    {
        var bytes = c.Build();
        FuzzOracle.Check(c, bytes.Length, () =>
        {
            var msa = AlignmentReader.Read(new MemoryStream(bytes), AlignmentReader.FormatOf(c.Seed.Name), c.Seed.Name);
            _ = msa.FocusSequence;
            _ = SequenceWeights.Compute(EncodedAlignment.Encode(msa));
        }, IsUserFacing);
    });

    /// <summary><c>pg2 dataset create</c> on a mutated ProteinGym assay CSV.</summary>
    [Property(MaxTest = 800, Replay = "(20261204,17)", QuietOnSuccess = true)]
    public Property MutatedAssayCsv_ImportsOrFailsWithOneLine() => Prop.ForAll(AssayCsvs, c =>
    {
        var bytes = c.Build();
        var path = Write(bytes, c.Seed.Name);
        FuzzOracle.Check(c, bytes.Length, () => _ = ProteinGymImport.Create(path), IsUserFacing);
    });

    private string Write(byte[] bytes, string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
