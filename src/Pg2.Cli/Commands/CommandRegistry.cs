using System.CommandLine;

namespace Pg2.Cli.Commands;

/// <summary>Where every command class is attached to its group. One line per command.</summary>
internal static class CommandRegistry
{
    public static void Register(Pg2Console console, RootCommand root, Command dataset, Command metric, Command model, Command benchmark)
    {
        // dataset
        dataset.Subcommands.Add(new DatasetInspectCommand(console));
        dataset.Subcommands.Add(new DatasetValidateCommand(console));
        dataset.Subcommands.Add(new DatasetCreateCommand(console));
        dataset.Subcommands.Add(new DatasetConvertCommand(console));
        dataset.Subcommands.Add(new DatasetGenerateDummyDataCommand(console));
        // metric
        metric.Subcommands.Add(new MetricCalcCommand(console));
        // model
        model.Subcommands.Add(new ModelBuildCommand(console));
        model.Subcommands.Add(new ModelPushCommand(console));
        model.Subcommands.Add(new ModelNewCommand(console));
        model.Subcommands.Add(new ModelValidateCommand(console));
        // benchmark
        benchmark.Subcommands.Add(new BenchmarkRunCommand(console));
        benchmark.Subcommands.Add(new BenchmarkReportCommand(console));
        benchmark.Subcommands.Add(new BenchmarkFitCostsCommand(console));
        // proteingym
        var proteingym = new Command("proteingym", "Work with ProteinGym's own download: import its assays, folds, alignments and weights.");
        root.Subcommands.Add(proteingym);
        proteingym.Subcommands.Add(new ProteinGymImportCommand(console));
        proteingym.Subcommands.Add(new ProteinGymEstimateCommand(console));
        // weights
        var weights = new Command("weights", "Register model weights the user supplies (pg2 never downloads them).");
        root.Subcommands.Add(weights);
        weights.Subcommands.Add(new WeightsAddCommand(console));
        // sagemaker
        var sagemaker = new Command("sagemaker", "Run training jobs on AWS SageMaker (or the local emulator).");
        root.Subcommands.Add(sagemaker);
        sagemaker.Subcommands.Add(new SageMakerCreateTrainingJobCommand(console));
        sagemaker.Subcommands.Add(new SageMakerMonitorTrainingJobCommand(console));
        sagemaker.Subcommands.Add(new SageMakerStopTrainingJobCommand(console));
        _ = root; _ = dataset; _ = metric; _ = model; _ = benchmark;
    }
}
