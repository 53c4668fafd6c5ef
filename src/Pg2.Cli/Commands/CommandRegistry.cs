using System.CommandLine;

namespace Pg2.Cli.Commands;

/// <summary>Where every command class is attached to its group. One line per command.</summary>
internal static class CommandRegistry
{
    public static void Register(RootCommand root, Command dataset, Command metric, Command model, Command benchmark)
    {
        // dataset
        dataset.Subcommands.Add(new DatasetInspectCommand());
        dataset.Subcommands.Add(new DatasetValidateCommand());
        dataset.Subcommands.Add(new DatasetCreateCommand());
        dataset.Subcommands.Add(new DatasetConvertCommand());
        dataset.Subcommands.Add(new DatasetGenerateDummyDataCommand());
        // metric
        metric.Subcommands.Add(new MetricCalcCommand());
        // model
        model.Subcommands.Add(new ModelBuildCommand());
        model.Subcommands.Add(new ModelPushCommand());
        model.Subcommands.Add(new ModelNewCommand());
        model.Subcommands.Add(new ModelValidateCommand());
        // benchmark
        benchmark.Subcommands.Add(new BenchmarkRunCommand());
        benchmark.Subcommands.Add(new BenchmarkReportCommand());
        // sagemaker
        var sagemaker = new Command("sagemaker", "Run training jobs on AWS SageMaker (or the local emulator).");
        root.Subcommands.Add(sagemaker);
        sagemaker.Subcommands.Add(new SageMakerCreateTrainingJobCommand());
        sagemaker.Subcommands.Add(new SageMakerMonitorTrainingJobCommand());
        sagemaker.Subcommands.Add(new SageMakerStopTrainingJobCommand());
        _ = root; _ = dataset; _ = metric; _ = model; _ = benchmark;
    }
}
