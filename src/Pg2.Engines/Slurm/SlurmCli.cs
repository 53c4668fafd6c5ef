using System.Globalization;
using Pg2.Contracts;

namespace Pg2.Engines.Slurm;

/// <summary>Slurm's commands (<c>sbatch</c>, <c>scontrol</c>, <c>scancel</c>) run through <see cref="ChildProcess"/>.</summary>
internal sealed class SlurmCli(string? binDir)
{
    string Tool(string name) => binDir is null ? name : Path.Combine(binDir, name);

    /// <summary>Submits <paramref name="script"/>; returns the job id.</summary>
    public async Task<long> SubmitAsync(string script, CancellationToken cancel)
    {
        var (code, log, output) = await RunAsync("sbatch", ["--parsable", script], cancel).ConfigureAwait(false);
        // --parsable prints "<id>" or "<id>;<cluster>".
        var first = output.Trim().Split(';')[0];
        if (code != 0 || !long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            throw new InvalidInputException($"sbatch refused the job (exit {code}): {ChildProcess.Tail(log, 3)}");
        return id;
    }

    /// <summary>The job's state; null when Slurm no longer knows the id (ended longer than <c>MinJobAge</c> ago).</summary>
    public async Task<SlurmJobState?> StateAsync(long id, CancellationToken cancel)
    {
        var (code, log, output) = await RunAsync("scontrol", ["show", "job", "-o", id.ToString(CultureInfo.InvariantCulture)], cancel).ConfigureAwait(false);
        if (code != 0)
            return log.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase) ? null
                : throw new InvalidInputException($"scontrol show job {id} failed (exit {code}): {ChildProcess.Tail(log, 3)}");
        return SlurmJobState.Parse(output) ?? throw new InvalidInputException($"scontrol show job {id}: no JobState in \"{ChildProcess.Tail(output, 1)}\"");
    }

    /// <summary>Cancels the jobs <paramref name="ids"/> (pg2's own; nobody else's).</summary>
    public async Task CancelAsync(IReadOnlyCollection<long> ids)
    {
        if (ids.Count == 0) return;
        await RunAsync("scancel", [.. ids.Select(i => i.ToString(CultureInfo.InvariantCulture))], CancellationToken.None).ConfigureAwait(false);
    }

    async Task<ChildProcessResult> RunAsync(string tool, IReadOnlyList<string> args, CancellationToken cancel)
    {
        try
        {
            return await ChildProcess.RunAsync(Tool(tool), args, cancel).ConfigureAwait(false);
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"slurm engine: {e.Message}; is Slurm installed here (set PG2_SLURM_BIN to its folder)?");
        }
    }
}
