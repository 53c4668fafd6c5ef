using System.Globalization;
using System.Xml.Linq;
using Pg2.Contracts;
using Pg2.Engines.Images;

namespace Pg2.Engines.Local;

/// <summary>
/// The default engine: builds a model folder with <c>dotnet build -c Release</c> into a cache
/// folder keyed by the hash of its sources (plus the SDK and dataset library it is built with) and
/// runs it as a local process. Needs only the .NET SDK. Resources map to the .NET runtime's own knobs:
/// memory → <c>DOTNET_GCHeapHardLimit</c>, cpus → <c>DOTNET_PROCESSOR_COUNT</c> (and the BLAS thread
/// counts); a job that asks for a GPU is refused when this machine shows none (<see cref="GpuProbe"/>).
/// A Python model folder (<see cref="ModelProgram"/>) needs no build: it runs as
/// <c>python3 -m &lt;package&gt;</c> (the interpreter: <see cref="LocalEngineOptions.Python"/>).
/// </summary>
public sealed class LocalEngine : IEngine
{
    readonly string? _buildCache;
    readonly Func<bool> _gpuVisible;
    readonly string _python;

    /// <summary>Creates the engine with <paramref name="options"/> (default: builds go to <c>&lt;repo&gt;/.pg2/models</c>).</summary>
    public LocalEngine(LocalEngineOptions? options = null) : this(options, GpuProbe.Visible) { }

    /// <summary>Creates the engine with its GPU check replaced (tests).</summary>
    internal LocalEngine(LocalEngineOptions? options, Func<bool> gpuVisible)
    {
        _buildCache = options?.BuildCache;
        _gpuVisible = gpuVisible;
        _python = options?.Python ?? (Environment.GetEnvironmentVariable(LocalEngineOptions.PythonVariable) is { Length: > 0 } p ? p : "python3");
    }

    /// <inheritdoc />
    public string Name => "local";

    /// <inheritdoc />
    public async Task<ModelArtifact> PrepareAsync(ModelSource model, TextWriter log, CancellationToken cancel)
    {
        if (model.Folder is null)
            throw new InvalidInputException($"model '{model.Name}': the local engine runs model folders; '{model.Image}' is an image — use --engine docker or podman");
        var program = ModelProgram.Of(model.Folder, model.Name);
        var root = Checkout.Find(model.Folder);
        if (program.Language == ModelLanguage.Python)
        {
            // Nothing to build: the interpreter runs the sources in place; the hash is the cache identity.
            var sources = SourceTree.Hash(model.Folder, root: null);
            return new ModelArtifact(model, "python:" + sources, program.PythonPackage!);
        }
        var project = program.Project!;
        var hash = SourceTree.Hash(model.Folder, root);
        var cache = _buildCache ?? Path.Combine(root ?? Path.GetDirectoryName(model.Folder)!, ".pg2", "models");
        var target = Path.Combine(cache, $"{model.Name}-{hash[..16]}");
        var entry = Path.Combine(target, AssemblyNameOf(project) + ".dll");
        if (File.Exists(Path.Combine(target, ".complete")) && File.Exists(entry))
            return new ModelArtifact(model, "build:" + hash, entry);

        await log.WriteLineAsync($"building {model.Name} ({Path.GetFileName(project)}) ...").ConfigureAwait(false);
        var staging = target + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            var (code, output, _) = await ChildProcess.RunAsync(DotnetHost, [
                "build", project, "-c", "Release", "-o", staging,
                "--artifacts-path", staging + ".obj", "--nologo", "-v", "quiet", "-clp:ErrorsOnly",
            ], cancel).ConfigureAwait(false);
            if (code != 0 || !File.Exists(Path.Combine(staging, Path.GetFileName(entry))))
                throw new InvalidInputException($"model '{model.Name}': dotnet build failed (exit {code}): {ChildProcess.Tail(output, 12)}", ExitCodes.ModelFailure);
            File.WriteAllText(Path.Combine(staging, ".complete"), hash);
            try
            {
                Directory.Move(staging, target);
            }
            catch (IOException) when (File.Exists(Path.Combine(target, ".complete")))
            {
                // Another run finished the same build first; use theirs.
            }
        }
        finally
        {
            TryDelete(staging);
            TryDelete(staging + ".obj");
        }
        return new ModelArtifact(model, "build:" + hash, entry);
    }

    /// <inheritdoc />
    public Task<IEngineJob> StartAsync(JobRequest request, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Command == JobCommand.Train && request.Resources.NeedsGpu && !_gpuVisible())
            throw new InvalidInputException($"model '{request.Artifact.Model.Name}' asks for {request.Resources.Gpus} GPU(s) but this machine shows none (no /dev/nvidia* device, no nvidia-smi); run it where a GPU is, e.g. --engine slurm or docker on a GPU host");
        var command = CommandFor(request);
        return Task.FromResult<IEngineJob>(new LocalJob(ChildProcess.Start(command.File, command.Arguments, command.WorkingDirectory, command.Environment)));
    }

    /// <summary>
    /// The process a job runs as: the model program under <c>dotnet</c> (or <c>python3 -m</c> for a
    /// Python folder), its arguments and <see cref="Variables"/>. A Slurm job with the <c>local</c> runtime runs the same.
    /// </summary>
    internal LocalCommand CommandFor(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var python = request.Artifact.Id.StartsWith("python:", StringComparison.Ordinal)
            ? ModelProgram.Of(request.Artifact.Model.Folder!, request.Artifact.Model.Name) : null;
        // The one difference between the languages: what starts the program, and the runtime's knobs.
        string file = python is null ? DotnetHost : _python;
        List<string> program = python is null ? [request.Artifact.Program] : ["-m", python.PythonPackage!];
        var env = Variables(request);
        if (python is not null)
        {
            env["PYTHONPATH"] = python.PythonRoot!;
            env["PYTHONDONTWRITEBYTECODE"] = "1";
            env["PYTHONUNBUFFERED"] = "1";
        }
        if (request.Command == JobCommand.Ping)
            return new LocalCommand(file, [.. program, "ping"], null, env);
        List<string> args = [.. program, "train",
            "--dataset-file", request.DatasetFile, ModelManifestFile.Option(request.ManifestFile), request.ManifestFile, "--output-dir", request.OutputDir];
        args.AddRange(request.Arguments);
        return new LocalCommand(file, args, Path.GetDirectoryName(request.OutputDir), env);
    }

    /// <summary>
    /// The variables a job's process gets besides the inherited ones: the limits as .NET runtime knobs,
    /// the model path, and <c>SM_CHANNEL_&lt;CHANNEL&gt;</c> = the host path of each extra input (there is
    /// no channel folder locally).
    /// </summary>
    internal static Dictionary<string, string> Variables(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.Resources.MemoryBytes is { } mem)
            env["DOTNET_GCHeapHardLimit"] = "0x" + mem.ToString("x", CultureInfo.InvariantCulture);
        if (request.Resources.Cpus is { } cpus)
        {
            var count = Math.Max(1, (int)Math.Ceiling(cpus)).ToString(CultureInfo.InvariantCulture);
            env["DOTNET_PROCESSOR_COUNT"] = count;
            // numpy / scikit-learn's BLAS threads.
            env["OMP_NUM_THREADS"] = count;
            env["OPENBLAS_NUM_THREADS"] = count;
        }
        // The SDK persists the trained model at /model.pkl by default: parallel local jobs would share it.
        env["PG2_MODEL_PATH"] = Path.Combine(Path.GetDirectoryName(request.OutputDir)!, "model.pkl");
        foreach (var (name, value) in ModelCache.Environment(request, request.CacheDir ?? "")) env[name] = value;
        JobInput.CheckDistinct(request.InputList);
        foreach (var input in request.InputList)
        {
            _ = input.IsFolder; // a missing input fails here, naming its channel
            env[input.VariableName] = input.HostPath;
        }
        return env;
    }

    /// <inheritdoc />
    public void Dispose() { }

    /// <summary>The <c>dotnet</c> host: the one running us when we run under it, else from PATH.</summary>
    internal static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } p && File.Exists(p) ? p
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";

    static string AssemblyNameOf(string project)
    {
        var name = XDocument.Load(project).Descendants().FirstOrDefault(e => e.Name.LocalName == "AssemblyName")?.Value.Trim();
        return string.IsNullOrEmpty(name) ? Path.GetFileNameWithoutExtension(project) : name;
    }

    static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (IOException) { /* best effort */ }
        catch (UnauthorizedAccessException) { /* best effort */ }
    }

    sealed class LocalJob(ChildProcess child) : IEngineJob
    {
        public async Task<JobExit> WaitAsync(CancellationToken cancel)
        {
            var code = await child.WaitAsync(cancel).ConfigureAwait(false);
            // 137 = killed by SIGKILL, which on Linux is what the kernel's OOM killer sends.
            return new JobExit(code, code == 137 || child.Log.Contains("OutOfMemoryException", StringComparison.Ordinal));
        }

        public Task<string> LogsAsync(CancellationToken cancel) => Task.FromResult(child.Log);

        public Task StopAsync()
        {
            child.Kill();
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            child.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
