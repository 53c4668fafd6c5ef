using Pg2.Contracts;
using Pg2.Datasets;
using Pg2.Sdk.Alignments;
using Pg2.Sdk.Hosting;

namespace Pg2.Sdk.Tests.Alignments;

public sealed class AlignmentVariantsTests
{
    private static (ModelContext Context, ModelRows Rows, StringWriter Log) Load(string archive)
    {
        var dataset = Dataset.FromPath(archive);
        var target = dataset.Targets.First();
        var manifest = ModelManifest.Parse("name = \"msa-model\"\n", "manifest.toml");
        var log = new StringWriter();
        var view = dataset.ForTarget(target);
        return (new ModelContext(manifest, manifest.HyperParameters, dataset, target, log), new RowResolver(dataset, view).Rows(view), log);
    }

    [Fact]
    public void Of_DatasetWithAlignment_GivesEveryRowItsSubstitutionsOnTheFocusSites()
    {
        var (context, rows, log) = Load(Path.Combine(TestData.RepositoryRoot, "benchmarks/data/ENVZ_ECOLI_Ghose_2023.zip"));
        var variants = AlignmentVariants.Of(context, rows);

        Assert.Same(context.Dataset.Msa, variants.Alignment);
        Assert.Equal(rows.Count, variants.Variants.Length);
        Assert.NotNull(rows.Mutants);
        for (int i = 0; i < rows.Count; i++)
        {
            var v = variants.Variants[i];
            Assert.Equal(rows.Mutants[i].Split(':').Length, v.Substitutions);
            Assert.Equal(v.Substitutions, v.Changes.Length + v.Unmodelled);
        }
        Assert.Contains(variants.Variants, v => v.Changes.Length > 0);
        Assert.Contains("focus sites", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Of_DatasetWithoutAlignment_IsAnInputErrorNamingTheDatasetAndTheModel()
    {
        var (context, rows, _) = Load(TestData.Neime);
        var error = Assert.Throws<InvalidInputException>(() => AlignmentVariants.Of(context, rows));
        Assert.Contains($"dataset '{context.Dataset.Name}' has no multiple sequence alignment", error.Message, StringComparison.Ordinal);
        Assert.Contains("msa-model needs one", error.Message, StringComparison.Ordinal);
    }
}
