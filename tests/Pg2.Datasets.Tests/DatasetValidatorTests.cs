using Pg2.Datasets.Alignments;

namespace Pg2.Datasets.Tests;

public class DatasetValidatorTests
{
    [Fact]
    public void Validate_SeedAndPgdataArchives_HaveNoProblems()
    {
        Assert.Empty(DatasetValidator.Validate(TestData.Seed("ranganathan")));
        Assert.Empty(DatasetValidator.Validate(TestData.Pgdata("NEIME_2019")));
    }

    [Fact]
    public void Validate_AlignmentFocusNotMatchingReference_IsAProblem()
    {
        var d = Dataset.FromPath(TestData.Pgdata("NEIME_2019"));
        var wrong = new Alignment([">X/1-12"[1..]], ["WWWWWWWWWWWW"]);
        var broken = new Dataset(d.Manifest, d.Assays, wrong, d.Structures);
        var problems = DatasetValidator.Validate(broken);
        Assert.Contains(problems, p => p.Contains("differs from the reference", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UnloadableArchive_ReportsTheLoadError()
    {
        var path = TestData.Zip(("assays.csv", "a\n1\n"));
        var problems = DatasetValidator.Validate(path);
        Assert.Single(problems);
        Assert.Contains("no manifest.toml", problems[0], StringComparison.Ordinal);
    }
}
