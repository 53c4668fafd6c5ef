using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pg2.Datasets;
using Pg2.Datasets.Assays;
using Pg2.Datasets.Splits;
using Pg2.Contracts;

namespace Pg2.Sdk.Hosting;

/// <summary>
/// One <c>train</c> run: load manifest (+ hyperparameters.json) and dataset, pick the rows, call the
/// model, persist it, write the predictions. Supervised and zero-shot models differ only in
/// <see cref="Fit"/>/<see cref="Score"/>.
/// </summary>
internal abstract class TrainJob(TrainSettings settings, HostEnvironment env)
{
    protected TrainSettings Settings { get; } = settings;
    protected HostEnvironment Env { get; } = env;

    protected abstract bool IsSupervised { get; }

    /// <summary>Supervised: train on <paramref name="train"/>, return predictions for <paramref name="predict"/>.</summary>
    protected abstract double[] Fit(ModelContext context, ModelRows train, double[] targets, ModelRows predict, string modelPath, Dictionary<string, string> metadata);

    /// <summary>Zero-shot: score <paramref name="rows"/>.</summary>
    protected abstract double[] Score(ModelContext context, ModelRows rows);

    public int Run()
    {
        var manifest = ModelManifest.FromPath(Settings.ManifestFile);
        var hyper = manifest.HyperParameters;
        if (Settings.HyperParametersFile is { } hpFile) hyper = hyper.WithOverrides(ReadOverrides(hpFile), hpFile);

        var clock = Stopwatch.StartNew();
        if (!File.Exists(Settings.DatasetFile))
            throw new InvalidInputException($"dataset file not found: {Settings.DatasetFile}", ExitCodes.FileNotFound);
        var dataset = Dataset.FromPath(Settings.DatasetFile);
        string target = Settings.Target ?? dataset.Targets.FirstOrDefault()
            ?? throw new InvalidInputException($"dataset '{dataset.Name}' ({Settings.DatasetFile}) declares no target");
        var context = new ModelContext(manifest, hyper, dataset, target, Env.Error, Env.Variable)
        {
            Cache = ModelStateCache.FromEnvironment(Env.Variable, Settings.OutputDirectory),
        };
        foreach (var note in Settings.Notes) context.Log(note);
        context.Log($"manifest '{manifest.Name}' from {Settings.ManifestFile}; hyper-parameters: {Describe(hyper)}");
        var view = dataset.ForTarget(target);
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"dataset '{dataset.Name}' from {Settings.DatasetFile}: {dataset.Assays.RowCount} rows, target '{target}' on {view.Count} rows ({clock.ElapsedMilliseconds} ms)"));
        if (view.Count == 0) throw new InvalidInputException($"dataset '{dataset.Name}': no rows with a value for target '{target}'");
        var resolver = new RowResolver(dataset, view, Covariates(context));
        if (dataset.Splits is not null) return RunE4(context, dataset, view, resolver);

        PredictionWriter output;
        if (Settings.Split is { } splitName)
        {
            var scheme = FoldAssignment.ParseScheme(splitName);
            // ProteinGym's own fold columns when the archive carries them, so the folds are ProteinGym's;
            // computed folds (same rules, our random draw) otherwise.
            var folds = dataset.ArchiveFolds(view, scheme);
            if (folds is not null)
                context.Log($"folds: {splitName} from the archive's column {dataset.Manifest.AssaysMeta!.Folds[splitName.Trim().ToLowerInvariant()]} (folds_source = proteingym): {folds.FoldCount} folds over {folds.View.Count} of {view.Count} rows");
            else
            {
                folds = FoldAssignment.For(dataset, view, scheme, Settings.Folds);
                context.Log($"folds: {splitName} computed (folds_source = computed; the archive carries no {splitName} fold column): {folds.FoldCount} folds");
            }
            if (Settings.TestFold is { } tf && tf >= folds.FoldCount)
                throw new InvalidInputException($"--test-fold {tf} does not exist: the {splitName} scheme gives this dataset folds 0..{folds.FoldCount - 1}");
            output = new PredictionWriter(resolver.HasMutants, withFolds: true);
            var foldList = Settings.TestFold is { } k ? [k] : Enumerable.Range(0, folds.FoldCount).ToArray();
            foreach (int fold in foldList)
                RunFold(context, resolver, folds, fold, foldList.Length > 1, output);
        }
        else if (IsSupervised)
        {
            var strategy = dataset.SplitStrategy(target);
            var split = strategy.Split(view);
            context.Log($"split ({strategy.GetType().Name}): train {split.Train.Count}, valid {split.Valid.Count}, test {split.Test.Count}");
            if (split.Train.Count == 0) throw new InvalidInputException($"dataset '{dataset.Name}': the training split is empty");
            if (split.Valid.Count == 0) throw new InvalidInputException($"dataset '{dataset.Name}': the validation split is empty");
            var metadata = Metadata(manifest, dataset, target, null);
            var pred = Fit(context, resolver.Rows(split.Train), split.Train.Y, resolver.Rows(split.Valid), Settings.ModelPath, metadata);
            output = new PredictionWriter(resolver.HasMutants, withFolds: false);
            Append(output, resolver.Rows(split.Valid), split.Valid.Y, pred, null);
        }
        else
        {
            var rows = resolver.Rows(view);
            var pred = Score(context, rows);
            output = new PredictionWriter(resolver.HasMutants, withFolds: false);
            Append(output, rows, view.Y, pred, null);
        }

        var path = PredictionWriter.PathIn(Settings.OutputDirectory, dataset.Name, manifest.Name);
        output.Save(path);
        context.Log($"wrote {output.RowCount} predictions to {path}");
        return ExitCodes.Success;
    }

    /// <summary>The job's covariates: every <c>&lt;name&gt;.csv</c> of the <c>covariates</c> input channel (the runner writes them canonical; a ProteinGym score file works too), by file name.</summary>
    internal const string CovariatesChannel = "covariates";

    private static List<(string Name, CovariateScores Scores)> Covariates(ModelContext context)
    {
        if (context.Input(CovariatesChannel) is not { } channel) return [];
        var result = new List<(string, CovariateScores)>();
        foreach (var file in channel.Files.Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)))
        {
            var scores = CovariateScores.Read(file);
            var name = Path.GetFileNameWithoutExtension(file);
            context.Log($"covariate '{name}': {scores.Count} scored variants from {file}");
            result.Add((name, scores));
        }
        return result;
    }

    /// <summary>
    /// Today's contract (FORMATS.md §E.1 E3/E4): the dataset is a splits archive; train on every slice of
    /// <c>--split</c> but <c>--test-fold</c> (targets standardised as in <see cref="RunFold"/>), predict every row
    /// and write <c>&lt;dataset&gt;_predictions.pgdata</c> on the target's own scale.
    /// </summary>
    private int RunE4(ModelContext context, Dataset dataset, TargetView view, RowResolver resolver)
    {
        var splits = dataset.Splits!;
        var split = Settings.Split ?? (splits.Named
            ? throw new InvalidInputException($"{Settings.DatasetFile} is a splits archive: give --split (one of {string.Join(", ", splits.Names)})", ExitCodes.Usage)
            : DatasetSplits.Unnamed);
        if (!splits.Names.Contains(split))
            throw new InvalidInputException($"{Settings.DatasetFile}: no split '{MessageText.Shown(split)}' (splits: {string.Join(", ", splits.Names)})", ExitCodes.Usage);
        var folds = FoldAssignment.FromSlices(dataset, view, split);
        int k = Settings.TestFold ?? throw new InvalidInputException($"{Settings.DatasetFile} is a splits archive: give --test-fold <0..{folds.FoldCount - 1}>", ExitCodes.Usage);
        if (k >= folds.FoldCount)
            throw new InvalidInputException($"--test-fold {k} does not exist: split '{split}' of {Settings.DatasetFile} has slices 0..{folds.FoldCount - 1}", ExitCodes.Usage);
        var train = folds.TrainFolds(k);
        var all = resolver.Rows(view);
        context.Log($"splits archive, split '{split}', test fold {k} of {folds.FoldCount}: train {train.Count}, predict {view.Count}");
        double[] pred;
        if (IsSupervised)
        {
            if (train.Count == 0) throw new InvalidInputException($"split '{split}' fold {k}: no training rows");
            double mean = train.Y.Average();
            double std = Math.Sqrt(train.Y.Sum(v => (v - mean) * (v - mean)) / train.Count);
            if (!(std > 0)) std = 1.0;
            var targets = train.Y.Select(v => (v - mean) / std).ToArray();
            var scaled = Fit(context, resolver.Rows(train), targets, all, Settings.ModelPath, Metadata(context.Manifest, dataset, context.Target, (k, mean, std)));
            pred = [.. scaled.Select(p => p * std + mean)];
        }
        else pred = Score(context, all);
        if (pred.Length != view.Count)
            throw new ModelFailureException("Predict", new InvalidOperationException($"returned {pred.Length} predictions for {view.Count} rows"));
        var ofRow = new double[dataset.Assays.RowCount];
        Array.Fill(ofRow, double.NaN);
        for (int i = 0; i < view.Count; i++) ofRow[view.Rows[i]] = pred[i];
        var path = PredictionsArchive.Write(dataset, context.Target, ofRow, Settings.E4OutputDirectory);
        context.Log($"wrote {view.Count} predictions to {path}");
        return ExitCodes.Success;
    }

    private void RunFold(ModelContext context, RowResolver resolver, FoldAssignment folds, int fold, bool severalFolds, PredictionWriter output)
    {
        var train = folds.TrainFolds(fold);
        var test = folds.TestFold(fold);
        context.Log($"{Settings.Split} fold {fold} of {folds.FoldCount}: train {train.Count}, test {test.Count}");
        if (test.Count == 0) return;
        if (!IsSupervised)
        {
            var scores = Score(context, resolver.Rows(test));
            Append(output, resolver.Rows(test), test.Y, scores, (fold, 0.0, 1.0));
            return;
        }
        if (train.Count == 0) throw new InvalidInputException($"{Settings.Split} fold {fold}: no training rows");
        // The fold contract: standardise with the training folds' mean and std (ddof = 0, like
        // scikit-learn's StandardScaler and Pg2.Metrics' FoldStandardisation), so that predictions
        // pooled over folds share one scale (FORMATS.md §D.5).
        double mean = train.Y.Average();
        double ss = train.Y.Sum(v => (v - mean) * (v - mean));
        double std = Math.Sqrt(ss / train.Count);
        if (!(std > 0)) std = 1.0;
        var targets = train.Y.Select(v => (v - mean) / std).ToArray();
        var metadata = Metadata(context.Manifest, context.Dataset, context.Target, (fold, mean, std));
        var modelPath = severalFolds ? FoldModelPath(Settings.ModelPath, fold) : Settings.ModelPath;
        var pred = Fit(context, resolver.Rows(train), targets, resolver.Rows(test), modelPath, metadata);
        var scaled = test.Y.Select(v => (v - mean) / std).ToArray();
        Append(output, resolver.Rows(test), scaled, pred, (fold, mean, std));
    }

    private Dictionary<string, string> Metadata(ModelManifest manifest, Dataset dataset, string target, (int Fold, double Mean, double Std)? fold)
    {
        var m = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = manifest.Name,
            ["dataset"] = dataset.Name,
            ["target"] = target,
            ["created_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        if (Settings.Split is not null) m["split"] = Settings.Split;
        if (fold is { } f)
        {
            m["test_fold"] = f.Fold.ToString(CultureInfo.InvariantCulture);
            m["target_mean"] = f.Mean.ToString("R", CultureInfo.InvariantCulture);
            m["target_std"] = f.Std.ToString("R", CultureInfo.InvariantCulture);
        }
        return m;
    }

    private static void Append(PredictionWriter output, ModelRows rows, double[] test, double[] pred, (int, double, double)? fold)
    {
        if (pred.Length != rows.Count)
            throw new ModelFailureException("Predict", new InvalidOperationException($"returned {pred.Length} predictions for {rows.Count} rows"));
        for (int i = 0; i < rows.Count; i++)
            output.Add(rows.Sequences[i], test[i], pred[i], rows.Mutants?[i], fold);
    }

    /// <summary><c>/model.pkl</c> → <c>/model.fold2.pkl</c> when one run trains several folds.</summary>
    internal static string FoldModelPath(string path, int fold)
    {
        var dir = Path.GetDirectoryName(path) ?? "";
        return Path.Combine(dir, $"{Path.GetFileNameWithoutExtension(path)}.fold{fold}{Path.GetExtension(path)}");
    }

    /// <summary>
    /// Persists <paramref name="parameters"/>; when the SageMaker default path is not writable (a run
    /// outside a container) falls back to the temp folder with a log line instead of failing.
    /// </summary>
    protected void Persist(ModelContext context, ModelParameters parameters, string path)
    {
        try
        {
            parameters.Save(path, context.HyperParameters);
            context.Log($"saved model parameters to {path}");
        }
        catch (InvalidInputException e) when (Settings.ModelPathIsDefault)
        {
            // The writer's one-line reason (permission, a file in the way) is kept in the log line.
            var fallback = OutputFolder.Inside(Path.Combine(Path.GetTempPath(), "pg2-models"),
                $"{context.Dataset.Name}_{context.Manifest.Name}_{Path.GetFileName(path)}", "model");
            parameters.Save(fallback, context.HyperParameters);
            context.Log($"{path} is not writable ({e.Message}); saved model parameters to {fallback} instead (set --model-path or {HostEnvironment.ModelPathVariable})");
        }
    }

    internal static Dictionary<string, JsonElement> ReadOverrides(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"hyper-parameters file not found: {path}", ExitCodes.FileNotFound);
        try
        {
            var bytes = File.ReadAllBytes(path);
            // JsonDocument checks UTF-8 only when a string is read, long after parsing.
            if (!System.Text.Unicode.Utf8.IsValid(bytes)) throw new InvalidInputException($"{path}: not UTF-8 text");
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidInputException($"{path}: expected a JSON object of hyper-parameters");
            var overrides = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
                if (!overrides.TryAdd(p.Name, p.Value.Clone()))
                    throw new InvalidInputException($"{path}: hyper-parameter '{MessageText.Shown(p.Name)}' is given twice");
            return overrides;
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: not valid JSON: {MessageText.Shown(e.Message, 200)}");
        }
    }

    private static string Describe(HyperParameters hp) =>
        hp.Keys.Count == 0 ? "(none)" : string.Join(", ", hp.Keys.Select(k => $"{k}={Short(hp.Values[k])}"));

    private static string Short(object v) => v switch
    {
        IReadOnlyList<object> list => $"[{list.Count} items]",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Runs a model phase; anything but an input error becomes a model failure.</summary>
    protected static T Phase<T>(ModelContext context, string phase, Func<T> body)
    {
        var sw = Stopwatch.StartNew();
        try
        {
            var result = body();
            context.Log($"{phase}: {sw.Elapsed.TotalMilliseconds:F0} ms");
            return result;
        }
        catch (Exception e) when (e is not InvalidInputException and not ModelFailureException)
        {
            throw new ModelFailureException(phase, e);
        }
    }
}

/// <summary>Train job for an <see cref="ISupervisedModel{TFeatures}"/>.</summary>
internal sealed class SupervisedJob<TFeatures>(ISupervisedModel<TFeatures> model, TrainSettings settings, HostEnvironment env)
    : TrainJob(settings, env)
{
    protected override bool IsSupervised => true;

    protected override double[] Fit(ModelContext context, ModelRows train, double[] targets, ModelRows predict, string modelPath, Dictionary<string, string> metadata)
    {
        var xTrain = Phase(context, $"preprocess {train.Count} training rows", () => model.Preprocess(context, train));
        var parameters = Phase(context, "train", () => model.Train(context, xTrain, targets));
        foreach (var (k, v) in metadata) parameters.Metadata[k] = v;
        Persist(context, parameters, modelPath);
        var xPredict = Phase(context, $"preprocess {predict.Count} prediction rows", () => model.Preprocess(context, predict));
        return Phase(context, "predict", () => model.Predict(context, parameters, xPredict));
    }

    protected override double[] Score(ModelContext context, ModelRows rows) =>
        throw new InvalidOperationException("supervised models are not scored without training");
}

/// <summary>Train job for an <see cref="IZeroShotModel{TFeatures}"/>: scores rows, nothing to fit.</summary>
internal sealed class ZeroShotJob<TFeatures>(IZeroShotModel<TFeatures> model, TrainSettings settings, HostEnvironment env)
    : TrainJob(settings, env)
{
    protected override bool IsSupervised => false;

    protected override double[] Fit(ModelContext context, ModelRows train, double[] targets, ModelRows predict, string modelPath, Dictionary<string, string> metadata) =>
        throw new InvalidOperationException("zero-shot models are not trained");

    protected override double[] Score(ModelContext context, ModelRows rows)
    {
        var x = Phase(context, $"preprocess {rows.Count} rows", () => model.Preprocess(context, rows));
        return Phase(context, "predict", () => model.Predict(context, x));
    }
}
