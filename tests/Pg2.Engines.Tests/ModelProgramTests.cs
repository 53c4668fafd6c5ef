using Pg2.Contracts;
using Pg2.Engines.Local;

namespace Pg2.Engines.Tests;

/// <summary>Which program a model folder is (C# project or Python package), and the local engine running a Python one.</summary>
public sealed class ModelProgramTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg2-model-program-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { /* best effort */ }
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void FolderWithOneProject_IsDotNet()
    {
        Write("m.csproj", "<Project />");
        Write("src/tool/__main__.py", "");
        var p = ModelProgram.Of(_dir, "m");
        Assert.Equal(ModelLanguage.DotNet, p.Language);
        Assert.Equal(Path.Combine(_dir, "m.csproj"), p.Project);
        Assert.False(ModelProgram.IsPython(_dir));
    }

    [Fact]
    public void SrcPackageWithMain_IsPython_RunFromSrc()
    {
        Write("src/pg2_model_x/__main__.py", "");
        Write("src/pg2_dataset/__init__.py", ""); // a library next to it is not an entry point
        var p = ModelProgram.Of(_dir, "x");
        Assert.Equal(ModelLanguage.Python, p.Language);
        Assert.Equal("pg2_model_x", p.PythonPackage);
        Assert.Equal(Path.Combine(_dir, "src"), p.PythonRoot);
        Assert.True(ModelProgram.IsPython(_dir));
    }

    [Fact]
    public void TwoEntryPoints_OrNone_IsOneLineNamingTheFolder()
    {
        var none = Assert.Throws<InvalidInputException>(() => ModelProgram.Of(_dir, "x"));
        Assert.Contains("no .csproj and no Python package with __main__.py", none.Message);
        Write("src/a/__main__.py", "");
        Write("b/__main__.py", "");
        var two = Assert.Throws<InvalidInputException>(() => ModelProgram.Of(_dir, "x"));
        Assert.Contains("several Python packages", two.Message);
        Assert.Contains(_dir, two.Message);
    }

    [Fact]
    public async Task LocalEngine_RunsAPythonFolderWithPythonDashM_AndHandsACardWithModelCardFile()
    {
        // A stdlib-only model: ping prints pong; train writes its arguments where --output-dir says.
        Write("src/echo_model/__main__.py", """
            import os, sys
            if sys.argv[1] == "ping":
                print("pong")
            else:
                out = sys.argv[sys.argv.index("--output-dir") + 1]
                open(os.path.join(out, "args.txt"), "w").write("\n".join(sys.argv[1:]) + "\n" + os.environ["PYTHONPATH"])
            """);
        var card = Write("README.md", "---\nname: echo\n---\n");
        var output = Directory.CreateDirectory(Path.Combine(_dir, "job", "output")).FullName;
        using var engine = new LocalEngine();
        var artifact = await engine.PrepareAsync(new ModelSource("echo", _dir, null, card), TextWriter.Null, CancellationToken.None);
        Assert.StartsWith("python:", artifact.Id);

        var request = new JobRequest("t1", artifact, Path.Combine(_dir, "d.zip"), card, _dir, output, ["--split", "modulo"], ModelResources.None);
        await using (var ping = await engine.StartAsync(request with { Command = JobCommand.Ping }, CancellationToken.None))
        {
            Assert.Equal(0, (await ping.WaitAsync(CancellationToken.None)).ExitCode);
            Assert.Contains("pong", await ping.LogsAsync(CancellationToken.None));
        }
        await using (var train = await engine.StartAsync(request, CancellationToken.None))
        {
            var exit = await train.WaitAsync(CancellationToken.None);
            Assert.True(exit.ExitCode == 0, await train.LogsAsync(CancellationToken.None));
        }
        var lines = File.ReadAllLines(Path.Combine(output, "args.txt"));
        Assert.Equal("train", lines[0]);
        Assert.Equal(card, lines[Array.IndexOf(lines, "--model-card-file") + 1]);
        Assert.DoesNotContain("--model-toml-file", lines);
        Assert.Equal(["--split", "modulo"], lines[^3..^1]);
        Assert.Equal(Path.Combine(_dir, "src"), lines[^1]);
    }
}
