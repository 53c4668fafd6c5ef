namespace Pg2.Contracts;

/// <summary>
/// Which container contract a model program speaks (FORMATS.md §E.1): pg2's seed contract (a dataset
/// archive at <see cref="SageMakerTrainingJobPath.TrainingJobPath"/>, a manifest or card, a predictions CSV in
/// <c>/opt/ml/model</c>) or today's proteingym-benchmark contract (E3/E4: <c>--dataset-file X.splits.pgdata
/// --split S --test-fold K --target T</c>, <c>&lt;dataset&gt;_predictions.pgdata</c> in <c>/opt/program/output</c>).
/// Declared by the image label <see cref="ContainerContract.Label"/> or the model card's <c>contract</c> key.
/// </summary>
public enum ModelContract
{
    /// <summary>pg2's seed contract (the default).</summary>
    Seed,
    /// <summary>proteingym-benchmark's E3/E4 contract.</summary>
    E4,
}

/// <summary>The container contracts' names and paths, in one place.</summary>
public static class ContainerContract
{
    /// <summary>The image label declaring the contract: <c>seed</c> or <c>e4</c>.</summary>
    public const string Label = "org.proteingym.contract";

    /// <summary>The model card / manifest key declaring the contract: <c>seed</c> or <c>e4</c>.</summary>
    public const string Key = "contract";

    /// <summary>Where an E4 model writes its predictions archive in a container.</summary>
    public const string E4OutputPath = "/opt/program/output";

    /// <summary>The accepted spellings, for messages.</summary>
    public const string Expected = "\"seed\" or \"e4\"";

    /// <summary>Parses <c>seed</c> or <c>e4</c> (any case, surrounding blanks ignored); null for anything else.</summary>
    public static ModelContract? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "seed" => ModelContract.Seed,
        "e4" => ModelContract.E4,
        _ => null,
    };

    /// <summary>The contract's name as written in labels and cards: <c>seed</c> or <c>e4</c>.</summary>
    public static string NameOf(ModelContract contract) => contract == ModelContract.E4 ? "e4" : "seed";
}
