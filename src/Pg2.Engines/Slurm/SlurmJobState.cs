using System.Globalization;

namespace Pg2.Engines.Slurm;

/// <summary>What pg2 does about a Slurm job state.</summary>
internal enum SlurmOutcome
{
    /// <summary>Not ended yet (pending, running, completing, suspended, ...): poll again.</summary>
    Waiting,
    /// <summary>Ended by itself: the exit code says how (<c>COMPLETED</c>, <c>FAILED</c>).</summary>
    Exited,
    /// <summary>Stopped at its time limit (<c>TIMEOUT</c>, <c>DEADLINE</c>).</summary>
    TimedOut,
    /// <summary>Killed for memory (<c>OUT_OF_MEMORY</c>; needs the cgroup plugins).</summary>
    OutOfMemory,
    /// <summary>The cluster lost it (<c>NODE_FAIL</c>, <c>PREEMPTED</c>, <c>BOOT_FAIL</c>): submit again.</summary>
    Retry,
    /// <summary>Cancelled (by pg2 or someone else).</summary>
    Cancelled,
}

/// <summary>
/// One job as <c>scontrol show job -o &lt;id&gt;</c> prints it (one line of <c>Key=Value</c> pairs):
/// its <c>JobState</c>, <c>Reason</c> and <c>ExitCode</c> (<c>code:signal</c>).
/// </summary>
/// <param name="State">The state, e.g. <c>RUNNING</c>, <c>TIMEOUT</c>.</param>
/// <param name="Reason">Slurm's reason (why pending, why ended), or <c>None</c>.</param>
/// <param name="ExitCode">The batch script's exit code; 128 + the signal when a signal ended it.</param>
internal sealed record SlurmJobState(string State, string Reason, int ExitCode)
{
    /// <summary>Reads a <c>scontrol show job -o</c> line; null when it has no <c>JobState</c>.</summary>
    public static SlurmJobState? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        string? state = null, reason = null, exit = null;
        foreach (var field in line.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = field.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            switch (field[..eq])
            {
                case "JobState": state ??= field[(eq + 1)..]; break;
                case "Reason": reason ??= field[(eq + 1)..]; break;
                case "ExitCode": exit ??= field[(eq + 1)..]; break;
            }
        }
        if (state is null) return null;
        var code = 0;
        if (exit?.Split(':') is [var c, var s] && int.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ci)
            && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var si))
            code = si > 0 ? 128 + si : ci;
        return new SlurmJobState(state, reason ?? "None", code);
    }

    /// <summary>What the state means for pg2 (docs/cluster.md has the table).</summary>
    public SlurmOutcome Outcome => State switch
    {
        "COMPLETED" or "FAILED" or "SPECIAL_EXIT" => SlurmOutcome.Exited,
        "TIMEOUT" or "DEADLINE" => SlurmOutcome.TimedOut,
        "OUT_OF_MEMORY" => SlurmOutcome.OutOfMemory,
        "NODE_FAIL" or "PREEMPTED" or "BOOT_FAIL" => SlurmOutcome.Retry,
        "CANCELLED" or "REVOKED" => SlurmOutcome.Cancelled,
        _ => SlurmOutcome.Waiting,
    };
}
