using System.CommandLine;
using Pg2.Datasets;
using Pg2.Sdk.Hosting;
using Pg2.Contracts;

namespace Pg2.Sdk;

/// <summary>
/// The entry point every model program shares: <c>return ModelHost.Run(new MyModel(), args);</c>.
/// Commands: <c>train</c> (also what no arguments means, as SageMaker starts images with
/// <c>train</c>), <c>ping</c> (prints <c>pong</c>) and <c>--help</c>. See docs/models.md, "The model SDK".
/// </summary>
public static class ModelHost
{
    /// <summary>Runs a supervised model program.</summary>
    public static int Run<TFeatures>(ISupervisedModel<TFeatures> model, string[] args) =>
        Run(model, args, HostEnvironment.Process);

    /// <summary>Runs a zero-shot model program.</summary>
    public static int Run<TFeatures>(IZeroShotModel<TFeatures> model, string[] args) =>
        Run(model, args, HostEnvironment.Process);

    /// <summary>Runs a supervised model program against <paramref name="env"/> (tests).</summary>
    public static int Run<TFeatures>(ISupervisedModel<TFeatures> model, string[] args, HostEnvironment env) =>
        Execute(args, env, settings => new SupervisedJob<TFeatures>(model, settings, env));

    /// <summary>Runs a zero-shot model program against <paramref name="env"/> (tests).</summary>
    public static int Run<TFeatures>(IZeroShotModel<TFeatures> model, string[] args, HostEnvironment env) =>
        Execute(args, env, settings => new ZeroShotJob<TFeatures>(model, settings, env));

    private static int Execute(string[] args, HostEnvironment env, Func<TrainSettings, TrainJob> job)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(env);
        if (args.Length == 0) args = ["train"];
        var root = BuildCommands(env, job);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) env.Error.WriteLine($"error: {e.Message}");
            env.Error.WriteLine("Run with --help for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = env.Out,
                Error = env.Error,
            });
        }
        catch (InvalidInputException e)
        {
            Fail(env, $"error: {e.Message}");
            return e.ExitCode;
        }
        catch (ModelFailureException e)
        {
            Fail(env, $"error: {e.Message}");
            if (env.Variable(HostEnvironment.DebugVariable) is not null) env.Error.WriteLine(e.InnerException);
            return ExitCodes.ModelFailure;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(env, $"internal error (a bug, please report): {e}");
            return ExitCodes.InternalError;
        }
    }

    // SageMaker shows /opt/ml/output/failure as the job's failure reason; write it when that folder exists.
    private static void Fail(HostEnvironment env, string message)
    {
        env.Error.WriteLine(message);
        var dir = Path.GetDirectoryName(SageMakerTrainingJobPath.FailurePath)!;
        if (!Directory.Exists(dir)) return;
        try { File.WriteAllText(SageMakerTrainingJobPath.FailurePath, message + "\n"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* best effort */ }
    }

    private static RootCommand BuildCommands(HostEnvironment env, Func<TrainSettings, TrainJob> job)
    {
        var root = new RootCommand(
            "A pg2 model program. 'train' loads a dataset archive and a model manifest (or model card), trains (supervised) " +
            "and writes {output}/{dataset}_{model}.csv with columns sequence,test,pred. No arguments = 'train' " +
            "with SageMaker's paths.");

        var dataset = new Option<string?>("--dataset-file")
        {
            Description = $"Dataset archive (dataset.zip or .pgdata). Default: $SM_CHANNEL_TRAINING/dataset.zip, else {SageMakerTrainingJobPath.TrainingJobPath}",
        };
        var manifest = new Option<string?>(ModelManifestFile.TomlOption)
        {
            Description = $"Model manifest (TOML). Default: $SM_CHANNEL_MANIFEST/manifest.toml, else {SageMakerTrainingJobPath.ManifestPath}, else $SM_CHANNEL_MODEL_CARD/README.md, else {SageMakerTrainingJobPath.ModelCardPath}, else the manifest.toml (or README.md card) bundled with the program",
        };
        var card = new Option<string?>(ModelManifestFile.CardOption)
        {
            Description = $"Model card (README.md with YAML front matter) instead of {ModelManifestFile.TomlOption}",
        };
        var output = new Option<string?>("--output-dir")
        {
            Description = $"Folder for the predictions CSV. Default: $SM_MODEL_DIR, else {SageMakerTrainingJobPath.OutputPath}",
        };
        var hyper = new Option<string?>("--hyperparameters-file")
        {
            Description = $"JSON object overriding manifest hyper-parameters (values as strings). Default: {SageMakerTrainingJobPath.ParamsPath} when it exists",
        };
        var modelPath = new Option<string?>("--model-path")
        {
            Description = $"Where the trained model is saved (JSON). Default: ${HostEnvironment.ModelPathVariable}, else {SageMakerTrainingJobPath.ModelPath}",
        };
        var split = new Option<string?>("--split")
        {
            Description = "ProteinGym cross-validation scheme: random, modulo or contiguous. Without it: the manifest's split (train → fit, valid → predict)",
        };
        var testFold = new Option<int?>("--test-fold")
        {
            Description = "Fold to hold out (0-based) with --split; without it every fold is held out in turn",
        };
        var folds = new Option<int?>("--folds")
        {
            Description = "Number of folds of --split. Default: 5 (4 for assays with fewer than 5 mutated positions), as ProteinGym",
        };
        var target = new Option<string?>("--target") { Description = "Target column. Default: the dataset's first target" };

        var train = new Command("train", "Train (or score, for zero-shot models) and write the predictions CSV.");
        foreach (var o in new Option[] { dataset, manifest, card, output, hyper, modelPath, split, folds, testFold, target }) train.Options.Add(o);
        train.Validators.Add(r =>
        {
            if (r.GetValue(manifest) is not null && r.GetValue(card) is not null)
                r.AddError($"give {ModelManifestFile.TomlOption} or {ModelManifestFile.CardOption}, not both");
        });
        train.SetAction(r => job(TrainSettings.Resolve(env,
            r.GetValue(dataset), r.GetValue(manifest) ?? r.GetValue(card), r.GetValue(output), r.GetValue(hyper), r.GetValue(modelPath),
            r.GetValue(split), r.GetValue(testFold), r.GetValue(target), r.GetValue(folds))).Run());

        var ping = new Command("ping", "Health check: prints pong.");
        ping.SetAction(_ =>
        {
            env.Out.WriteLine("pong");
            return ExitCodes.Success;
        });
        root.Subcommands.Add(train);
        root.Subcommands.Add(ping);
        return root;
    }
}
