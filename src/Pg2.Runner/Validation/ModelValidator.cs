using Pg2.Contracts;
using Pg2.Datasets;
using Pg2.Metrics;
using Pg2.Sdk;

namespace Pg2.Runner.Validation;

/// <summary>How a validation check ended.</summary>
public enum CheckStatus
{
    /// <summary>The check passed.</summary>
    Passed,
    /// <summary>Not what the guide describes, but the model still works.</summary>
    Warning,
    /// <summary>The model will not work in the benchmark until this is fixed.</summary>
    Failed,
    /// <summary>Not run because an earlier check failed.</summary>
    Skipped,
}

/// <summary>One check's outcome: what was checked, what was found and, unless it passed, what to fix.</summary>
/// <param name="Name">The check: structure, manifest, build, contract, ping or train.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Message">What was found.</param>
/// <param name="Fix">What to change, unless it passed.</param>
public sealed record ValidationCheck(string Name, CheckStatus Status, string Message, string? Fix = null)
{
    /// <summary>The exit code a failure of this check maps to: layout and manifest are input errors, the rest model failures.</summary>
    public int ExitCode => Name is "structure" or "manifest" or "contract" ? ExitCodes.InvalidInput : ExitCodes.ModelFailure;
}

/// <summary>Whether a model trains (supervised) or only scores (zero-shot), as read from its sources.</summary>
public enum ModelKind
{
    /// <summary>Neither SDK interface was found in the sources.</summary>
    Unknown,
    /// <summary>Implements <c>ISupervisedModel&lt;T&gt;</c>: predicts the validation split.</summary>
    Supervised,
    /// <summary>Implements <c>IZeroShotModel&lt;T&gt;</c>: scores every row.</summary>
    ZeroShot,
}

/// <summary>
/// <c>pg2 model validate</c>: checks a model folder the way the benchmark will use it — layout,
/// manifest, then build, <c>ping</c> and <c>train</c> on a small generated charge-ladder archive through
/// <paramref name="engine"/>, the same prepare/start/wait/logs a benchmark job goes through (with
/// <paramref name="image"/>, that image is run as it is: validating is not building).
/// </summary>
/// <remarks>
/// The <c>contract</c> check says which container contract the model speaks (the manifest's or card's
/// <c>contract</c> key, else the image label <see cref="ContainerContract.Label"/>, else seed); an E4 model is
/// trained on a splits archive of the same rows (<c>--split validate --test-fold 0 --target T</c>) and its
/// <c>&lt;dataset&gt;_predictions.pgdata</c> is checked. Without a folder, an image is checked as it is.
/// </remarks>
/// <param name="engine">The engine the model is built and run with.</param>
/// <param name="modelDir">The model folder, or null to check <paramref name="image"/> alone.</param>
/// <param name="image">An image to validate instead of the folder's program, or null.</param>
/// <param name="timeout">How long <c>train</c> may take.</param>
/// <param name="log">Where build and engine messages go.</param>
/// <param name="datasetFile">An archive to train on instead of the generated one, or null.</param>
/// <param name="manifestFile">The manifest or model card to train with instead of the folder's, or null.</param>
public sealed class ModelValidator(IEngine engine, string? modelDir, string? image, TimeSpan timeout, TextWriter log, string? datasetFile = null,
    string? manifestFile = null)
{
    /// <summary>The split of the splits archive an E4 model is validated on: two slices of alternate rows.</summary>
    public const string ValidateSplit = "validate";

    /// <summary>Rows and length of the generated dummy archive: small enough to train in a second.</summary>
    public const int DummyRows = 48, DummyLength = 20, DummySeed = 11;

    /// <summary>How long <c>ping</c> may take.</summary>
    static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(60);

    readonly List<ValidationCheck> _checks = [];

    /// <summary>Runs every check in order; later checks are skipped when what they need failed.</summary>
    public async Task<IReadOnlyList<ValidationCheck>> RunAsync(CancellationToken cancel)
    {
        if (modelDir is null && image is null)
            throw new InvalidInputException("model validate: give a model folder, --image <ref>, or both", ExitCodes.Usage);
        if (manifestFile is not null && !File.Exists(manifestFile))
            throw new InvalidInputException($"--manifest: file not found: {manifestFile}", ExitCodes.FileNotFound);
        string? dir = null;
        var kind = ModelKind.Unknown;
        bool buildable = false;
        if (modelDir is not null)
        {
            dir = Path.GetFullPath(modelDir).TrimEnd(Path.DirectorySeparatorChar);
            if (!Directory.Exists(dir))
                throw new InvalidInputException($"{modelDir}: model folder not found", ExitCodes.FileNotFound);
            kind = CheckStructure(dir, out buildable);
        }
        else
            Add("structure", CheckStatus.Skipped, $"no model folder: image {image} is checked as it is");

        var work = Directory.CreateTempSubdirectory("pg2-validate-").FullName;
        try
        {
            var (manifest, manifestPath) = manifestFile is not null ? CheckManifestFile(Path.GetFullPath(manifestFile))
                : dir is not null ? (CheckManifest(dir), ModelManifestFile.InFolderOrDefault(dir))
                : MinimalManifest(work);
            var model = new ModelSource(dir is not null ? Path.GetFileName(dir) : ImageName(image!), image is null ? dir : null, image, manifestPath);

            ModelArtifact? artifact = null;
            if (image is null && !buildable)
                Add("build", CheckStatus.Skipped, "no single project to build");
            else
                artifact = await PrepareAsync(model, cancel).ConfigureAwait(false);

            var contract = artifact is null ? null : CheckContract(artifact, manifest);
            if (artifact is null || contract is null)
            {
                if (artifact is null) Add("contract", CheckStatus.Skipped, "needs the program");
                Add("ping", CheckStatus.Skipped, artifact is not null ? "the contract is unknown" : image is null ? "the program did not build" : "the image is not available");
                Add("train", CheckStatus.Skipped, "needs the program and its contract");
                return _checks;
            }
            var (dataset, archive) = DatasetIn(work);
            var config = Directory.CreateDirectory(Path.Combine(work, "config")).FullName;
            var output = Directory.CreateDirectory(Path.Combine(work, "model")).FullName;
            // Writable for images that run as a non-root user, as the runner's job folders are.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(output, (UnixFileMode)0b111_111_111);
            var train = new JobRequest($"validate-{Guid.NewGuid():N}"[..21], artifact, archive, manifestPath, config, output, [], ModelResources.None);

            await CheckPingAsync(train with { Id = train.Id + "-ping", Command = JobCommand.Ping }, contract.Value, cancel).ConfigureAwait(false);
            if (manifest is null)
                Add("train", CheckStatus.Skipped, "needs a valid manifest.toml or model card");
            else if (contract == ModelContract.E4)
                await CheckTrainE4Async(train, dataset, work, cancel).ConfigureAwait(false);
            else
                await CheckTrainAsync(train, dataset, manifest, kind, cancel).ConfigureAwait(false);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* best effort: container files may be root-owned */ }
        }
        return _checks;
    }

    // The generated charge ladder, unless the model needs data it lacks (an alignment, a reference).
    (Dataset Dataset, string Archive) DatasetIn(string work)
    {
        if (datasetFile is not null)
        {
            var path = Path.GetFullPath(datasetFile);
            return (Dataset.FromPath(path), path);
        }
        var dataset = ChargeLadder.Generate(DummyRows, DummyLength, DummySeed);
        var archive = Path.Combine(work, "dataset.zip");
        dataset.Save(archive);
        return (dataset, archive);
    }

    void Add(string name, CheckStatus status, string message, string? fix = null) => _checks.Add(new(name, status, message, fix));

    // The layout of docs/models.md. Only what the benchmark needs is an error; the rest are warnings,
    // so models organised differently (e.g. one Model.cs) still validate.
    ModelKind CheckStructure(string dir, out bool buildable)
    {
        if (ModelProgram.IsPython(dir)) return CheckPythonStructure(dir, out buildable);
        var projects = Directory.GetFiles(dir, "*.csproj", SearchOption.TopDirectoryOnly);
        buildable = projects.Length == 1;
        var errors = new List<(string Problem, string Fix)>();
        var warnings = new List<(string Problem, string Fix)>();
        if (projects.Length == 0)
            errors.Add(("no .csproj in the folder", "create the model with 'pg2 model new <name>' or add the model's project at the top of the folder"));
        else if (projects.Length > 1)
            errors.Add(($"{projects.Length} .csproj files at the top of the folder", "keep one model project at the top; tests go in tests/"));
        if (ModelManifestFile.InFolder(dir) is null)
            errors.Add(("no manifest.toml and no README.md model card", "add manifest.toml with name = \"<model>\" and an optional [hyper_params] table, or a README.md starting with front matter (---, name: <model>, hyper_parameters:, ---)"));

        var sources = Directory.GetFiles(dir, "*.cs", SearchOption.TopDirectoryOnly).Select(File.ReadAllText).ToList();
        var kind = sources.Any(s => s.Contains("ISupervisedModel<", StringComparison.Ordinal)) ? ModelKind.Supervised
            : sources.Any(s => s.Contains("IZeroShotModel<", StringComparison.Ordinal)) ? ModelKind.ZeroShot
            : ModelKind.Unknown;
        string[] expected = kind == ModelKind.Supervised
            ? ["Program.cs", "Preprocess.cs", "Train.cs", "Predict.cs", "README.md"]
            : ["Program.cs", "Preprocess.cs", "Predict.cs", "README.md"];
        foreach (var file in expected.Where(f => !File.Exists(Path.Combine(dir, f))))
            warnings.Add(($"no {file}", $"the guide's layout has {file} ({Role(file)})"));
        if (kind == ModelKind.Unknown && sources.Count > 0)
            warnings.Add(("no class implements ISupervisedModel<T> or IZeroShotModel<T>", "implement one of the SDK's model interfaces and run it with ModelHost.Run"));
        var testsDir = Path.Combine(dir, "tests");
        if (!Directory.Exists(testsDir) || Directory.GetFiles(testsDir, "*.csproj", SearchOption.AllDirectories).Length == 0)
            warnings.Add(("no test project under tests/", "add tests/<Name>.Tests.csproj (the template has one)"));
        if (DockerfileProblem(dir) is { } dockerfile) warnings.Add(dockerfile);
        var folder = Path.GetFileName(dir);
        if (image is null && folder.Any(char.IsUpper))
            warnings.Add(($"the folder name '{folder}' has upper-case letters, so its default image name pg2/{folder}:latest is not a valid image reference",
                          $"rename the folder to '{folder.ToLowerInvariant()}' (or give the image with --tag / a game's 'image')"));

        var kindText = kind switch { ModelKind.Supervised => "supervised", ModelKind.ZeroShot => "zero-shot", _ => "kind unknown" };
        if (errors.Count > 0)
            Add("structure", CheckStatus.Failed, string.Join("; ", errors.Concat(warnings).Select(e => e.Problem)),
                string.Join("; ", errors.Concat(warnings).Select(e => e.Fix)));
        else if (warnings.Count > 0)
            Add("structure", CheckStatus.Warning, $"{kindText}; " + string.Join("; ", warnings.Select(w => w.Problem)),
                string.Join("; ", warnings.Select(w => w.Fix)));
        else
            Add("structure", CheckStatus.Passed, $"{kindText} model: project, Program/Preprocess/{(kind == ModelKind.Supervised ? "Train/" : "")}Predict, manifest.toml, README.md, tests/, an image build (its Dockerfile or models/Dockerfile)");
        return kind;
    }

    // A Python model as the pg2 guide lays it out: src/<package>/__main__.py (a typer app with train
    // and ping), preprocess.py, train.py, predict.py; a manifest or card; its own Dockerfile.
    ModelKind CheckPythonStructure(string dir, out bool buildable)
    {
        ModelProgram program;
        try
        {
            program = ModelProgram.Of(dir, Path.GetFileName(dir));
        }
        catch (InvalidInputException e)
        {
            buildable = false;
            Add("structure", CheckStatus.Failed, e.Message, "keep one Python package with __main__.py under src/ (src/<package>/__main__.py)");
            return ModelKind.Unknown;
        }
        buildable = true;
        var package = Path.Combine(program.PythonRoot!, program.PythonPackage!);
        var kind = File.Exists(Path.Combine(package, "train.py")) ? ModelKind.Supervised : ModelKind.ZeroShot;
        var errors = new List<(string Problem, string Fix)>();
        var warnings = new List<(string Problem, string Fix)>();
        if (ModelManifestFile.InFolder(dir) is null)
            errors.Add(("no manifest.toml and no README.md model card", "start README.md with front matter (---, name: <model>, hyper_parameters:, ---), or add manifest.toml"));
        string[] expected = kind == ModelKind.Supervised ? ["preprocess.py", "train.py", "predict.py"] : ["preprocess.py", "predict.py"];
        foreach (var file in expected.Where(f => !File.Exists(Path.Combine(package, f))))
            warnings.Add(($"no {program.PythonPackage}/{file}", $"the guide's layout has {file} next to __main__.py"));
        if (!File.Exists(Path.Combine(dir, "Dockerfile")))
            warnings.Add(("no Dockerfile: the image cannot be built (models/Dockerfile builds C# models only)",
                          "add a Dockerfile (see models/pls-python/Dockerfile: Debian's python3 packages, ENTRYPOINT [\"python3\", \"-m\", \"<package>\"])"));
        var relative = Path.GetRelativePath(dir, package).Replace('\\', '/');
        if (errors.Count > 0)
            Add("structure", CheckStatus.Failed, string.Join("; ", errors.Concat(warnings).Select(e => e.Problem)), string.Join("; ", errors.Concat(warnings).Select(e => e.Fix)));
        else if (warnings.Count > 0)
            Add("structure", CheckStatus.Warning, $"Python model {relative}; " + string.Join("; ", warnings.Select(w => w.Problem)), string.Join("; ", warnings.Select(w => w.Fix)));
        else
            Add("structure", CheckStatus.Passed, $"{(kind == ModelKind.Supervised ? "supervised" : "zero-shot")} Python model: {relative}/__main__.py, preprocess{(kind == ModelKind.Supervised ? "/train" : "")}/predict, manifest or card, Dockerfile");
        return kind;
    }

    static string Role(string file) => file switch
    {
        "Program.cs" => "the glue: return ModelHost.Run(new Model(), args);",
        "Preprocess.cs" => "rows to features",
        "Train.cs" => "features and targets to parameters",
        "Predict.cs" => "features to scores",
        _ => "what the model is, its hyper-parameters and how to run it",
    };

    // Without a Dockerfile of its own the folder must be under the checkout's models/ (the shared
    // models/Dockerfile builds it). Images are built from the checkout's root when the Dockerfile copies
    // src/...; then it must also copy this folder by its path in the checkout, or the image would not contain the model.
    static (string, string)? DockerfileProblem(string dir)
    {
        var dockerfile = Path.Combine(dir, "Dockerfile");
        var root = Checkout.Above(dir);
        if (!File.Exists(dockerfile))
            return SharedDockerfile.ModelArgument(dir, root) is not null ? null
                : ("no Dockerfile, and the folder is not under a pg2 checkout's models/ (whose models/Dockerfile builds the image)",
                   "move the folder to models/<name> in the pg2 checkout to build its image (or add a Dockerfile); it builds and runs as a process anywhere; see docs/models.md, \"Dockerfile\"");
        var text = File.ReadAllText(dockerfile);
        bool fromRoot = text.Contains("COPY src/", StringComparison.Ordinal);
        if (!fromRoot) return null;
        if (root is null)
            return ("the Dockerfile builds from a pg2 checkout's root but the folder is not inside one",
                    "move the folder into the pg2 checkout (e.g. models/<name>) to build its image");
        var relative = Path.GetRelativePath(root, dir).Replace('\\', '/');
        return text.Contains($" {relative}/", StringComparison.Ordinal) ? null
            : ($"the Dockerfile does not copy {relative}/ (the folder's path in the checkout)",
               $"in the Dockerfile, COPY {relative}/ and publish {relative}/<project>.csproj");
    }

    ModelManifest? CheckManifest(string dir)
    {
        var path = ModelManifestFile.InFolder(dir);
        if (path is null)
        {
            Add("manifest", CheckStatus.Failed, "manifest.toml is missing and README.md is no model card (no front matter)",
                "add manifest.toml with name = \"<model>\", or start README.md with front matter: ---, name: <model>, ---");
            return null;
        }
        return CheckManifestFile(path).Manifest;
    }

    // An image given alone: a manifest named after its repository, so that the seed contract's mount has a file.
    (ModelManifest? Manifest, string Path) MinimalManifest(string work)
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(work, "manifest")).FullName, ModelManifestFile.TomlName);
        var name = ImageName(image!);
        File.WriteAllText(path, $"name = \"{name}\"\n");
        Add("manifest", CheckStatus.Warning, $"no model folder and no --manifest: train gets a minimal manifest (name = \"{name}\", no hyper-parameters)",
            "give --manifest <README.md|manifest.toml> to train with the model's own name and hyper-parameters");
        return (ModelManifest.FromPath(path), path);
    }

    /// <summary>The repository part of an image reference (<c>reg/org/kermut:1</c> → <c>kermut</c>), or <c>model</c> when that is no valid name.</summary>
    static string ImageName(string reference)
    {
        var last = reference.Split('@')[0].Split('/')[^1];
        var repo = last.Split(':')[0];
        return SafeName.IsValid(repo) ? repo : "model";
    }

    // The contract the benchmark will use: the manifest's or card's key, else the image label, else seed; null when unusable.
    ModelContract? CheckContract(ModelArtifact artifact, ModelManifest? manifest)
    {
        ModelContract? label;
        try
        {
            label = artifact.LabelledContract;
        }
        catch (InvalidInputException e)
        {
            Add("contract", CheckStatus.Failed, e.Message, $"label the image {ContainerContract.Label}=seed or {ContainerContract.Label}=e4 (or remove the label)");
            return null;
        }
        var declared = manifest?.Contract;
        var contract = declared ?? label ?? ModelContract.Seed;
        var how = declared is { } d ? $"{ContainerContract.Key}: {ContainerContract.NameOf(d)} in {Path.GetFileName(manifest!.Source)}"
            : label is { } l ? $"image label {ContainerContract.Label}={ContainerContract.NameOf(l)}"
            : $"no {ContainerContract.Label} label and no {ContainerContract.Key} key: the default";
        if (declared is not null && label is not null && declared != label)
            Add("contract", CheckStatus.Warning, $"speaks {ContainerContract.NameOf(contract)} ({how}); the image's label says {ContainerContract.NameOf(label.Value)}",
                "make the label and the card agree; the benchmark follows the card");
        else
            Add("contract", CheckStatus.Passed, $"speaks {ContainerContract.NameOf(contract)} ({how})");
        return contract;
    }

    (ModelManifest? Manifest, string Path) CheckManifestFile(string path)
    {
        try
        {
            var manifest = ModelManifest.FromPath(path);
            Add("manifest", CheckStatus.Passed,
                $"name \"{manifest.Name}\", {manifest.HyperParameters.Keys.Count} hyper-parameter(s){(manifest.HyperParameters.Keys.Count > 0 ? ": " + string.Join(", ", manifest.HyperParameters.Keys) : "")}" +
                (manifest.Form == ModelManifestForm.Card ? $" (model card {ModelManifestFile.CardName})" : ""));
            return (manifest, path);
        }
        catch (InvalidInputException e)
        {
            Add("manifest", CheckStatus.Failed, e.Message,
                ModelManifestFile.IsCard(path)
                    ? "the card's front matter needs name: <model> (a non-empty string) and optionally hyper_parameters: a mapping of booleans, numbers, strings or lists"
                    : "manifest.toml needs name = \"<model>\" (a non-empty string) and optionally a [hyper_params] table of booleans, numbers, strings or lists");
            return (null, path);
        }
    }

    async Task<ModelArtifact?> PrepareAsync(ModelSource model, CancellationToken cancel)
    {
        try
        {
            var artifact = await engine.PrepareAsync(model, log, cancel).ConfigureAwait(false);
            Add("build", CheckStatus.Passed, image is null ? $"built {artifact.Program} ({Short(artifact.Id)}) with {engine.Name}" : $"image {image} ({Short(artifact.Id)}) on {engine.Name}");
            return artifact;
        }
        catch (InvalidInputException e)
        {
            Add("build", CheckStatus.Failed, e.Message, image is null
                ? $"run 'pg2 model build {model.Folder} --engine {engine.Name}' and fix the errors (the SDK is found through Pg2Root / PG2_HOME, see README.md)"
                : $"build the image first ('pg2 model build <model-dir>') or check that {engine.Name} runs and has {image}");
            return null;
        }
    }

    static string Short(string id) => id.StartsWith("sha256:", StringComparison.Ordinal) && id.Length > 19 ? id[..19] : id;

    async Task CheckPingAsync(JobRequest request, ModelContract contract, CancellationToken cancel)
    {
        var (exit, logs) = await RunJobAsync(request, PingTimeout, cancel).ConfigureAwait(false);
        var last = logs.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (exit is { ExitCode: 0 } && last == "pong")
        {
            Add("ping", CheckStatus.Passed, "answers pong");
            return;
        }
        var found = exit is null ? $"no answer within {PingTimeout.TotalSeconds:0} s" : $"exit code {exit.Value.ExitCode}, output \"{ChildProcess.Tail(logs, 3)}\"";
        // Today's contract has no ping command: its absence does not stop a benchmark.
        if (contract == ModelContract.E4)
        {
            Add("ping", CheckStatus.Warning, $"'ping' did not print pong ({found}); the E4 contract does not require it", "add a ping command that prints pong, for health checks");
            return;
        }
        Add("ping", CheckStatus.Failed, $"'ping' should print pong and exit 0; got {found}",
            image is null
                ? "Program.cs should be the SDK's glue, return ModelHost.Run(new Model(), args); — the SDK answers ping"
                : "the image's ENTRYPOINT must be the model program (ENTRYPOINT [\"/opt/program/<AssemblyName>\"]), so that 'docker run <image> ping' runs it");
    }

    // One job through the engine, as the benchmark runs it; a null exit means it ran out of time.
    // An engine that cannot start the job (a bad mount, a refused image) answers with its message as the log.
    async Task<(JobExit? Exit, string Logs)> RunJobAsync(JobRequest request, TimeSpan limit, CancellationToken cancel)
    {
        IEngineJob job;
        try
        {
            job = await engine.StartAsync(request, cancel).ConfigureAwait(false);
        }
        catch (InvalidInputException e)
        {
            return (new JobExit(-1, false), $"{engine.Name} could not start '{request.CommandName}': {e.Message}");
        }
        await using (job.ConfigureAwait(false))
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            deadline.CancelAfter(limit);
            JobExit? exit = null;
            try
            {
                exit = await job.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                await job.StopAsync().ConfigureAwait(false);
            }
            return (exit, await job.LogsAsync(CancellationToken.None).ConfigureAwait(false));
        }
    }

    async Task CheckTrainAsync(JobRequest request, Dataset dataset, ModelManifest manifest, ModelKind kind, CancellationToken cancel)
    {
        var (exit, logs) = await RunJobAsync(request, timeout, cancel).ConfigureAwait(false);
        if (!TrainExited(exit, logs, dataset)) return;
        _checks.Add(CheckPredictions(dataset, manifest.Name, request.OutputDir, kind, logs));
    }

    // Today's contract: the same rows as a splits archive of two slices (alternate rows), fold 0 held out.
    async Task CheckTrainE4Async(JobRequest request, Dataset dataset, string work, CancellationToken cancel)
    {
        var target = dataset.Targets.FirstOrDefault() ?? throw new InvalidInputException($"dataset '{dataset.Name}' declares no target");
        var view = dataset.ForTarget(target);
        IReadOnlyList<Pg2.Datasets.Splits.DatasetSlice> slices =
            [dataset.SliceOf(view.Rows.Where((_, i) => i % 2 == 0)), dataset.SliceOf(view.Rows.Where((_, i) => i % 2 == 1))];
        var splits = OutputFolder.Inside(work, $"{dataset.Name}.splits.pgdata", "splits archive");
        var withSplits = dataset.WithSplits(new Pg2.Datasets.Splits.DatasetSplits([new(ValidateSplit, slices)], named: true));
        withSplits.Save(splits, "splits");
        var e4 = request with { DatasetFile = splits, Arguments = ["--split", ValidateSplit, "--test-fold", "0", "--target", target], Contract = ModelContract.E4 };
        var (exit, logs) = await RunJobAsync(e4, timeout, cancel).ConfigureAwait(false);
        if (!TrainExited(exit, logs, dataset)) return;
        _checks.Add(CheckPredictionsArchive(withSplits, target, view.Rows.Where((_, i) => i % 2 == 0).ToArray(), request.OutputDir, logs));
    }

    /// <summary>Checks the predictions archive an E4 <c>train</c> wrote into <paramref name="output"/>: it matches the ground truth and predicts every test row.</summary>
    /// <param name="truth">The splits archive's dataset the model was given.</param>
    /// <param name="target">The target it predicted.</param>
    /// <param name="testRows">Rows of <paramref name="truth"/>'s assays in the held-out fold.</param>
    /// <param name="output">The job's output folder.</param>
    /// <param name="logs">The job's log, quoted when no file was written.</param>
    public static ValidationCheck CheckPredictionsArchive(Dataset truth, string target, IReadOnlyList<int> testRows, string output, string logs)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(testRows);
        var name = PredictionsArchive.FileName(truth.Name);
        var path = Path.Combine(output, name);
        if (!File.Exists(path))
        {
            var found = Directory.GetFiles(output).Select(Path.GetFileName).ToList();
            return new("train", CheckStatus.Failed,
                $"'train' exited 0 but wrote no {name} in the output folder (found: {(found.Count == 0 ? "nothing" : string.Join(", ", found))}); log: {ChildProcess.Tail(logs, 2)}",
                $"write the predictions archive (dataset.predictions_delta(df, target=...).dump(path={ContainerContract.E4OutputPath})) or use the SDK");
        }
        double[] predictions;
        try
        {
            predictions = PredictionsArchive.Read(path, truth, target);
        }
        catch (InvalidInputException e)
        {
            return new("train", CheckStatus.Failed, e.Message, "keep the ground truth's assays, records and sequences in order, with a column named after the target");
        }
        int missing = testRows.Count(r => !double.IsFinite(predictions[r]));
        if (missing > 0)
            return new("train", CheckStatus.Failed, $"{name}: {missing} of the {testRows.Count} test-fold rows have no prediction (empty, NaN or infinite)",
                "predict every row of the --test-fold slice with a finite number");
        return new("train", CheckStatus.Passed, $"{name}: predictions for all {testRows.Count} test-fold rows of split '{ValidateSplit}' ({truth.Assays.RowCount}-row archive '{truth.Name}')");
    }

    // False (with the failed check added) when train timed out or exited non-zero.
    bool TrainExited(JobExit? exit, string logs, Dataset dataset)
    {
        if (exit is null)
        {
            Add("train", CheckStatus.Failed, $"'train' on the {dataset.Assays.RowCount}-row archive '{dataset.Name}' did not finish within {timeout.TotalSeconds:0} s",
                "make train fast on small data, or raise --timeout");
            return false;
        }
        if (exit.Value.ExitCode != 0)
        {
            Add("train", CheckStatus.Failed, $"'train' exited with code {exit.Value.ExitCode}{(exit.Value.OutOfMemory ? " (out of memory)" : "")}: {ChildProcess.Tail(logs, 4)}",
                exit.Value.ExitCode switch
                {
                    ExitCodes.InvalidInput => datasetFile is null
                        ? "the model rejected the dummy charge-ladder archive (equal-length sequences of the 20 amino acids, target 'charge', features foo and bar, no alignment or reference); if it needs more, validate with --dataset <archive>"
                        : "the model rejected the --dataset archive (see the message)",
                    ExitCodes.ModelFailure => "the model's own code threw (see the message above); run 'train' locally with PG2_DEBUG=1 for the stack trace",
                    ExitCodes.FileNotFound => "the program looked for a file that is not there; read inputs from the paths train is given (SageMaker's /opt/ml/input/data/... by default)",
                    _ => "run the same train locally and read its log",
                });
            return false;
        }
        return true;
    }

    /// <summary>Checks the predictions file a <c>train</c> run wrote into <paramref name="output"/> for <paramref name="dataset"/>.</summary>
    /// <param name="dataset">The archive the model trained on.</param>
    /// <param name="manifestName">The manifest's model name (part of the file name).</param>
    /// <param name="output">The job's output folder.</param>
    /// <param name="kind">What the sources say the model is.</param>
    /// <param name="logs">The job's log, quoted when no file was written.</param>
    public static ValidationCheck CheckPredictions(Dataset dataset, string manifestName, string output, ModelKind kind, string logs)
    {
        var name = PredictionWriter.FileName(dataset.Name, manifestName);
        var path = Path.Combine(output, name);
        if (!File.Exists(path))
        {
            var found = Directory.GetFiles(output).Select(Path.GetFileName).ToList();
            return new("train", CheckStatus.Failed,
                $"'train' exited 0 but wrote no {name} in the output folder (found: {(found.Count == 0 ? "nothing" : string.Join(", ", found))}); log: {ChildProcess.Tail(logs, 2)}",
                "write predictions with the SDK (ModelHost.Run does it) to the output folder as {dataset}_{manifest name}.csv");
        }
        PredictionTable table;
        try
        {
            table = PredictionTable.Read(path, minRows: 1);
        }
        catch (MetricInputException e)
        {
            return new("train", CheckStatus.Failed, e.Message, "the predictions file needs columns test (measured) and pred (predicted) with finite numbers");
        }
        if (table.DroppedRows > 0)
            return new("train", CheckStatus.Failed, $"{name}: {table.DroppedRows} row(s) have an empty, NaN or infinite test/pred value",
                "Predict must return a finite number for every row");
        var view = dataset.ForTarget(dataset.Targets[0]);
        int valid = dataset.SplitStrategy(view.Target).Split(view).Valid.Count;
        int all = view.Count;
        (bool ok, string expected) = kind switch
        {
            ModelKind.Supervised => (table.Count == valid, $"{valid} (the validation split of {all} rows)"),
            ModelKind.ZeroShot => (table.Count == all, $"{all} (every row)"),
            _ => (table.Count == valid || table.Count == all, $"{valid} (supervised: the validation split) or {all} (zero-shot: every row)"),
        };
        if (!ok)
            return new("train", CheckStatus.Failed, $"{name} has {table.Count} prediction row(s); expected {expected}",
                "Predict must return one value per row it is given, and train must not drop or add rows");
        return new("train", CheckStatus.Passed, $"{name}: {table.Count} rows with finite test and pred ({all}-row archive '{dataset.Name}')");
    }
}
