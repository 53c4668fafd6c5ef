using Pg2.Contracts;
using Pg2.Engines.Images;

namespace Pg2.Engines.Tests;

/// <summary>Which Dockerfile builds a model folder: its own, else the checkout's shared models/Dockerfile.</summary>
public sealed class ImageBuildTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pg2-image-build-").FullName;

    public ImageBuildTests()
    {
        File.WriteAllText(Path.Combine(_root, "pg2.slnx"), "<Solution />");
        Directory.CreateDirectory(Path.Combine(_root, "models"));
        File.WriteAllText(Path.Combine(_root, "models", "Dockerfile"), "FROM scratch\nARG MODEL\nCOPY models/${MODEL}/ /m/\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder(string relative)
    {
        var dir = Path.Combine(_root, relative);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static IReadOnlyList<string> Arguments(string folder) =>
        ImageBuild.Arguments(new ModelSource("m", folder, null, Path.Combine(folder, "manifest.toml")), "pg2/m:latest");

    [Fact]
    public void FolderUnderModelsWithoutDockerfile_IsBuiltBySharedDockerfileNamingTheFolder() =>
        Assert.Equal(["build", "-t", "pg2/m:latest", "-f", Path.Combine(_root, "models", "Dockerfile"), "--build-arg", "MODEL=pls", _root],
            Arguments(Folder("models/pls")));

    [Fact]
    public void NestedFolderUnderModels_PassesItsPathUnderModels() =>
        Assert.Contains("MODEL=ci-templates.x/demo", Arguments(Folder("models/ci-templates.x/demo")));

    [Fact]
    public void FolderWithItsOwnDockerfile_IsBuiltByThatOne()
    {
        var dir = Folder("models/gpu");
        File.WriteAllText(Path.Combine(dir, "Dockerfile"), "FROM scratch\nCOPY models/gpu/ /m/\n");
        Assert.Equal(["build", "-t", "pg2/m:latest", "-f", Path.Combine(dir, "Dockerfile"), _root], Arguments(dir));
    }

    [Fact]
    public void FolderOutsideModelsWithoutDockerfile_IsAnInputErrorNamingTheFolder()
    {
        var dir = Folder("elsewhere/m");
        var error = Assert.Throws<InvalidInputException>(() => Arguments(dir));
        Assert.Contains(dir, error.Message, StringComparison.Ordinal);
        Assert.Contains("models/", error.Message, StringComparison.Ordinal);
    }
}
