using Pg2.Contracts;

namespace Pg2.Engines.Tests;

/// <summary>The one process runner every engine and command uses (Pg2.Contracts).</summary>
public sealed class ChildProcessTests
{
    static bool Alive(int pid)
    {
        // A killed child of a process that never reaps it stays a zombie ('Z'): it no longer runs.
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try { return File.ReadAllText(stat).Split(' ')[2] != "Z"; }
        catch (IOException) { return false; }
    }

    static async Task<int> FirstLineAsync(ChildProcess child)
    {
        for (var i = 0; i < 100 && child.Output.Length == 0; i++) await Task.Delay(50);
        return int.Parse(child.Output.Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task CancellingTheWait_KillsTheWholeProcessTree()
    {
        // The shell starts a grandchild and prints its pid: a kill of the shell alone would orphan it.
        using var child = ChildProcess.Start("/bin/sh", ["-c", "sleep 300 & echo $!; wait"]);
        var grandchild = await FirstLineAsync(child);
        Assert.True(Alive(grandchild));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => child.WaitAsync(cancel.Token));
        for (var i = 0; i < 100 && Alive(grandchild); i++) await Task.Delay(50);
        Assert.False(Alive(grandchild), $"grandchild {grandchild} still runs");
        Assert.False(Alive(child.Id), $"child {child.Id} still runs");
    }

    [Fact]
    public async Task Dispose_KillsTheWholeProcessTree()
    {
        int grandchild;
        using (var child = ChildProcess.Start("/bin/sh", ["-c", "sleep 300 & echo $!; wait"]))
            grandchild = await FirstLineAsync(child);
        for (var i = 0; i < 100 && Alive(grandchild); i++) await Task.Delay(50);
        Assert.False(Alive(grandchild), $"grandchild {grandchild} still runs");
    }

    [Fact]
    public async Task Run_GivesExitCode_InterleavedLog_OutputAlone_AndFeedsStandardInput()
    {
        var result = await ChildProcess.RunAsync("/bin/sh", ["-c", "read x; echo out:$x; echo err >&2; exit 3"], CancellationToken.None,
            standardInput: "hello\n");
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out:hello\n", result.Output);
        Assert.Contains("out:hello\n", result.Log, StringComparison.Ordinal);
        Assert.Contains("err\n", result.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingProgram_IsOneLineInputError()
    {
        var e = Assert.Throws<InvalidInputException>(() => ChildProcess.Start("/nonexistent/program", []));
        Assert.Contains("cannot start '/nonexistent/program'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tail_KeepsTheLastNonEmptyLines()
    {
        Assert.Equal("b | c", ChildProcess.Tail("a\n\nb\n c \n\n", 2));
    }
}
