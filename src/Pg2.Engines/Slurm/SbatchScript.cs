using System.Globalization;
using System.Text;
using Pg2.Contracts;
using Pg2.Engines.Local;
using Pg2.Engines.Podman;

namespace Pg2.Engines.Slurm;

/// <summary>
/// The batch script pg2 submits for one job: <c>#SBATCH</c> lines for its name, tag, log and
/// resources (<c>--cpus-per-task</c>, <c>--mem</c>, <c>--gres=gpu:N</c>, <c>--time</c>), the
/// partition and account, then the runtime's command with every argument single-quoted.
/// </summary>
internal static class SbatchScript
{
    /// <summary>
    /// The script for <paramref name="staged"/> (a request whose paths are on the shared folder) run in
    /// <paramref name="jobDir"/>; <paramref name="local"/> is the local engine's command for it (the <c>local</c> runtime).
    /// </summary>
    public static string For(JobRequest staged, string jobDir, string tag, SlurmEngineOptions options, LocalCommand? local = null)
    {
        var s = new StringBuilder("#!/bin/bash\n");
        foreach (var option in Options(staged, jobDir, tag, options)) s.Append("#SBATCH ").Append(option).Append('\n');
        s.Append(CultureInfo.InvariantCulture, $"# pg2 job {staged.Id}: model {staged.Artifact.Model.Name}, {staged.Resources}, runtime {options.Runtime.ToString().ToLowerInvariant()}\n");
        switch (options.Runtime)
        {
            case SlurmRuntime.Local:
                ArgumentNullException.ThrowIfNull(local);
                foreach (var (k, v) in local.Environment.OrderBy(p => p.Key, StringComparer.Ordinal))
                    s.Append(CultureInfo.InvariantCulture, $"export {k}={Quote(v)}\n");
                // exec: Slurm's signals (time limit, scancel) reach the model directly.
                s.Append("exec ").Append(Quote(local.File)).Append(' ').Append(string.Join(' ', local.Arguments.Select(Quote))).Append('\n');
                break;
            default:
                var cli = options.Runtime == SlurmRuntime.Docker ? ContainerCli.Docker : ContainerCli.Podman;
                var tool = cli == ContainerCli.Docker ? "docker" : "podman";
                var args = PodmanEngine.RunArguments(staged, cli);
                // The container is the daemon's child, not the job's: stop it when Slurm signals the job.
                s.Append(CultureInfo.InvariantCulture, $"trap '{tool} kill {PodmanEngine.ContainerName(staged)} >/dev/null 2>&1' TERM INT\n");
                s.Append(tool).Append(' ').Append(string.Join(' ', args.Select(Quote))).Append(" &\n");
                s.Append("wait $!\n");
                break;
        }
        return s.ToString();
    }

    static IEnumerable<string> Options(JobRequest staged, string jobDir, string tag, SlurmEngineOptions options)
    {
        var r = staged.Resources;
        yield return $"--job-name=pg2-{staged.Id}";
        yield return $"--comment={tag}";
        yield return $"--output={Path.Combine(jobDir, SlurmJobFiles.Log)}";
        yield return $"--chdir={jobDir}";
        yield return "--nodes=1";
        yield return "--ntasks=1";
        // A requeued job would run again behind pg2's back; pg2 resubmits itself (Retries).
        yield return "--no-requeue";
        if (r.Cpus is { } cpus) yield return string.Create(CultureInfo.InvariantCulture, $"--cpus-per-task={Math.Max(1, (int)Math.Ceiling(cpus))}");
        if (r.MemoryBytes is { } mem) yield return string.Create(CultureInfo.InvariantCulture, $"--mem={(mem + (1L << 20) - 1) >> 20}M");
        if (r.NeedsGpu) yield return string.Create(CultureInfo.InvariantCulture, $"--gres=gpu:{r.Gpus}");
        if (r.Time is { } time) yield return "--time=" + TimeLimit(time);
        if (options.Partition is { } partition) yield return $"--partition={partition}";
        if (options.Account is { } account) yield return $"--account={account}";
        foreach (var extra in options.ExtraOptions) yield return extra;
    }

    /// <summary><c>--time</c> as <c>D-HH:MM:SS</c>, whole seconds rounded up (Slurm itself counts whole minutes).</summary>
    public static string TimeLimit(TimeSpan time)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(time.TotalSeconds));
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 86_400}-{seconds / 3600 % 24:00}:{seconds / 60 % 60:00}:{seconds % 60:00}");
    }

    /// <summary>One shell word: single-quoted, with embedded quotes closed and escaped.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>File names inside a Slurm job's folder on the shared file system.</summary>
internal static class SlurmJobFiles
{
    /// <summary>The batch script.</summary>
    public const string Script = "job.sh";
    /// <summary>Standard output and error of the job (<c>--output</c>).</summary>
    public const string Log = "log.txt";
}
