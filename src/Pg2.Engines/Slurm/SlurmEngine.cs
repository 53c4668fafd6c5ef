using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pg2.Contracts;
using Pg2.Engines.Docker;
using Pg2.Engines.Local;
using Pg2.Engines.Podman;

namespace Pg2.Engines.Slurm;

/// <summary>
/// Runs each job as a Slurm batch job (docs/cluster.md): its inputs are staged on the shared folder,
/// <c>sbatch</c> gets a script with the job's resources, the runtime (<c>local</c> program,
/// <c>docker</c> or <c>podman</c>) runs the model in the allocation, <c>scontrol show job</c> is polled
/// for the state, and the outputs come back into the runner's job folder. <c>TIMEOUT</c> is a timeout,
/// <c>OUT_OF_MEMORY</c> an OOM, a node failure or preemption is submitted again up to
/// <see cref="SlurmEngineOptions.Retries"/> times. Stopping or disposing cancels only the job ids
/// this engine submitted.
/// </summary>
public sealed class SlurmEngine : IEngine
{
    readonly SlurmEngineOptions _options;
    readonly string _shared;
    readonly IEngine _builder;
    readonly SlurmCli _cli;
    readonly string _tag = $"pg2-run:{Environment.ProcessId}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
    readonly ConcurrentDictionary<long, byte> _live = new();
    readonly SemaphoreSlim _staging = new(1, 1);

    /// <summary>Creates the engine; models are built by the runtime's own engine (local build, or the docker / podman image).</summary>
    public SlurmEngine(SlurmEngineOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _shared = Path.GetFullPath(options.SharedDir);
        _cli = new SlurmCli(options.BinDir);
        _builder = options.Runtime switch
        {
            SlurmRuntime.Docker => new DockerEngine(),
            SlurmRuntime.Podman => new PodmanEngine(),
            _ => new LocalEngine(),
        };
    }

    /// <inheritdoc />
    public string Name => "slurm";

    /// <inheritdoc />
    /// <remarks>Slurm counts <c>--time</c> from when the job starts running; the queue wait is not part of it.</remarks>
    public bool EnforcesTimeLimit => true;

    /// <inheritdoc />
    public Task<ModelArtifact> PrepareAsync(ModelSource model, TextWriter log, CancellationToken cancel) => _builder.PrepareAsync(model, log, cancel);

    /// <inheritdoc />
    public async Task<IEngineJob> StartAsync(JobRequest request, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(request);
        var jobDir = Path.Combine(OutputFolder.Ensure(_shared, "--shared-dir"), "jobs", SafeName.Check(request.Id, "job id"));
        if (Directory.Exists(jobDir)) Directory.Delete(jobDir, recursive: true);
        var config = Directory.CreateDirectory(Path.Combine(jobDir, "config")).FullName;
        var output = Directory.CreateDirectory(Path.Combine(jobDir, "output")).FullName;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(output, (UnixFileMode)0b111_111_111);
        foreach (var file in Directory.GetFiles(request.ConfigDir))
            File.Copy(file, Path.Combine(config, Path.GetFileName(file)));
        JobInput.CheckDistinct(request.InputList);
        var inputs = new List<JobInput>();
        foreach (var input in request.InputList)
            inputs.Add(new JobInput(input.Channel, await StageAsync(input.HostPath, cancel).ConfigureAwait(false)));
        var staged = request with
        {
            DatasetFile = await StageAsync(request.DatasetFile, cancel).ConfigureAwait(false),
            ManifestFile = await StageAsync(request.ManifestFile, cancel).ConfigureAwait(false),
            ConfigDir = config,
            OutputDir = output,
            Inputs = request.Inputs is null ? null : inputs,
            CacheDir = request.CacheDir is null ? null : SharedCacheDir(request.CacheDir),
        };
        var script = Path.Combine(jobDir, SlurmJobFiles.Script);
        AtomicFile.WriteAllText(script, SbatchScript.For(staged, jobDir, _tag, _options, (_builder as LocalEngine)?.CommandFor(staged)));
        var job = new SlurmJob(this, request, jobDir, script);
        await job.SubmitAsync(cancel).ConfigureAwait(false);
        return job;
    }

    /// <summary>
    /// Copies an input file or folder onto the shared folder once: <c>inputs/&lt;key&gt;/&lt;name&gt;</c>,
    /// keyed by its path, size and modification time (a folder's: of every file in it), so every job of
    /// a run, and later runs, reuse the copy. Inputs already on the shared folder are used in place.
    /// </summary>
    async Task<string> StageAsync(string path, CancellationToken cancel)
    {
        var full = Path.GetFullPath(path);
        if (full.StartsWith(_shared + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return full;
        var folder = Directory.Exists(full);
        var files = folder
            ? Directory.GetFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => new FileInfo(f))
            : [new FileInfo(full)];
        var identity = new StringBuilder(full).Append('\n');
        foreach (var f in files)
            identity.Append(CultureInfo.InvariantCulture, $"{Path.GetRelativePath(full, f.FullName)}\t{f.Length}\t{f.LastWriteTimeUtc.Ticks}\n");
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.ToString())))[..16];
        var target = Path.Combine(_shared, "inputs", key, Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar)));
        await _staging.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            if (!File.Exists(target) && !Directory.Exists(target))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                var part = target + ".part";
                if (folder)
                {
                    if (Directory.Exists(part)) Directory.Delete(part, recursive: true);
                    CopyFolder(full, part);
                    Directory.Move(part, target);
                }
                else
                {
                    File.Copy(full, part, overwrite: true);
                    File.Move(part, target, overwrite: true);
                }
            }
        }
        finally
        {
            _staging.Release();
        }
        return target;
    }

    /// <summary>
    /// The model-state cache as compute nodes see it: the runner's cache folder is on the submit host
    /// (under the results folder), so the job gets one on the shared folder instead, keyed by that
    /// folder's path, so a rerun from the same results folder reuses its fits. Used in place when the
    /// results folder is itself on the shared folder.
    /// </summary>
    string SharedCacheDir(string cacheDir)
    {
        var full = Path.GetFullPath(cacheDir);
        if (full.StartsWith(_shared + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return full;
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..16];
        return Directory.CreateDirectory(Path.Combine(_shared, "model-cache", key, Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar)))).FullName;
    }

    static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) CopyFolder(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    /// <summary>Cancels every job this engine submitted that has not ended (Ctrl-C, SIGTERM, a crash of the run).</summary>
    public void Dispose()
    {
        _cli.CancelAsync([.. _live.Keys]).GetAwaiter().GetResult();
        _live.Clear();
        _builder.Dispose();
        _staging.Dispose();
    }

    sealed class SlurmJob(SlurmEngine engine, JobRequest request, string jobDir, string script) : IEngineJob
    {
        readonly StringBuilder _notes = new();
        long _id;
        int _attempt;
        volatile bool _stopped;

        public async Task SubmitAsync(CancellationToken cancel)
        {
            _attempt++;
            _id = await engine._cli.SubmitAsync(script, cancel).ConfigureAwait(false);
            engine._live[_id] = 0;
            Note($"sbatch: submitted job {_id} (attempt {_attempt}) requesting {request.Resources}; script {script}");
        }

        void Note(string line)
        {
            lock (_notes) _notes.Append(CultureInfo.InvariantCulture, $"[slurm {DateTime.UtcNow:HH:mm:ss}] {line}\n");
        }

        public async Task<JobExit> WaitAsync(CancellationToken cancel)
        {
            var delay = TimeSpan.FromMilliseconds(500);
            string? seen = null;
            while (true)
            {
                var state = await engine._cli.StateAsync(_id, cancel).ConfigureAwait(false)
                    ?? throw new InvalidInputException($"slurm job {_id} is no longer known to Slurm and pg2 did not see it end (raise MinJobAge in slurm.conf)");
                if (state.State != seen) Note($"job {_id}: {state.State} (reason {state.Reason}, exit code {state.ExitCode})");
                seen = state.State;
                switch (state.Outcome)
                {
                    case SlurmOutcome.Waiting:
                        await Task.Delay(delay, cancel).ConfigureAwait(false);
                        delay = TimeSpan.FromMilliseconds(Math.Min(engine._options.PollInterval.TotalMilliseconds, delay.TotalMilliseconds * 1.5));
                        continue;
                    case SlurmOutcome.Retry when _attempt <= engine._options.Retries && !_stopped:
                        engine._live.TryRemove(_id, out _);
                        Note($"job {_id} ended {state.State}: submitting it again ({_attempt} of {engine._options.Retries + 1} attempts used)");
                        await SubmitAsync(cancel).ConfigureAwait(false);
                        seen = null;
                        continue;
                    case SlurmOutcome.Retry:
                        engine._live.TryRemove(_id, out _);
                        throw new InvalidInputException($"slurm job {_id} ended {state.State} ({state.Reason}) on each of {_attempt} attempts");
                    case SlurmOutcome.Cancelled:
                        engine._live.TryRemove(_id, out _);
                        Note(_stopped ? $"job {_id} cancelled by pg2" : $"job {_id} cancelled outside pg2 ({state.Reason})");
                        throw new OperationCanceledException($"slurm job {_id} was cancelled");
                    default:
                        engine._live.TryRemove(_id, out _);
                        CollectOutputs();
                        return new JobExit(
                            state.Outcome == SlurmOutcome.Exited && state.State != "COMPLETED" && state.ExitCode == 0 ? 1 : state.ExitCode,
                            OutOfMemory: state.Outcome == SlurmOutcome.OutOfMemory || state.ExitCode == 137,
                            TimedOut: state.Outcome == SlurmOutcome.TimedOut);
                }
            }
        }

        /// <summary>Moves what the model wrote on the shared folder into the runner's output folder.</summary>
        void CollectOutputs()
        {
            var output = Path.Combine(jobDir, "output");
            foreach (var file in Directory.GetFiles(output))
                File.Move(file, Path.Combine(request.OutputDir, Path.GetFileName(file)), overwrite: true);
            foreach (var dir in Directory.GetDirectories(output))
                Directory.Move(dir, Path.Combine(request.OutputDir, Path.GetFileName(dir)));
        }

        public async Task<string> LogsAsync(CancellationToken cancel)
        {
            var log = Path.Combine(jobDir, SlurmJobFiles.Log);
            var text = File.Exists(log) ? await File.ReadAllTextAsync(log, cancel).ConfigureAwait(false) : "";
            lock (_notes) return _notes + text;
        }

        public async Task StopAsync()
        {
            _stopped = true;
            if (!engine._live.ContainsKey(_id)) return;
            await engine._cli.CancelAsync([_id]).ConfigureAwait(false);
            engine._live.TryRemove(_id, out _);
            Note($"scancel {_id}");
        }

        public ValueTask DisposeAsync()
        {
            try { Directory.Delete(jobDir, recursive: true); }
            catch (IOException) { /* a container's files; the next run with this id clears it */ }
            catch (UnauthorizedAccessException) { /* files written by a container's root user */ }
            return ValueTask.CompletedTask;
        }
    }
}
