namespace Pg2.Contracts;

/// <summary>
/// The two forms of a model's manifest (FORMATS.md §C.6, §C.7): the seed-era <c>manifest.toml</c> and
/// the later model card, a <c>README.md</c> with YAML front matter. Which one a file is follows from its
/// extension (<c>.md</c> = card); this type decides, once, what that means for a folder, the program's
/// option and the container contract, so engines and the runner never test file names themselves.
/// <para>
/// Containers: a TOML manifest is mounted at <see cref="SageMakerTrainingJobPath.ManifestPath"/>
/// (channel <c>manifest</c>), a card at <see cref="SageMakerTrainingJobPath.ModelCardPath"/> (channel
/// <c>model_card</c>, as pg2's second era sent it to SageMaker).
/// </para>
/// </summary>
public static class ModelManifestFile
{
    /// <summary>The TOML manifest's file name in a model folder.</summary>
    public const string TomlName = "manifest.toml";
    /// <summary>The model card's file name in a model folder.</summary>
    public const string CardName = "README.md";
    /// <summary>The program option naming a TOML manifest.</summary>
    public const string TomlOption = "--model-toml-file";
    /// <summary>The program option naming a model card.</summary>
    public const string CardOption = "--model-card-file";

    /// <summary>True when <paramref name="path"/> is a model card (a Markdown file).</summary>
    public static bool IsCard(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(".md", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The option that hands <paramref name="path"/> to a model program.</summary>
    public static string Option(string path) => IsCard(path) ? CardOption : TomlOption;

    /// <summary>The SageMaker channel <paramref name="path"/> travels in.</summary>
    public static string Channel(string path) => IsCard(path) ? SageMakerTrainingJobPath.ModelCardChannel : SageMakerTrainingJobPath.ManifestChannel;

    /// <summary>The file name <paramref name="path"/> has inside its channel.</summary>
    public static string ChannelFileName(string path) => IsCard(path) ? CardName : TomlName;

    /// <summary>Where a container sees <paramref name="path"/>.</summary>
    public static string ContainerPath(string path) => IsCard(path) ? SageMakerTrainingJobPath.ModelCardPath : SageMakerTrainingJobPath.ManifestPath;

    /// <summary>
    /// The manifest of a model folder: its <c>manifest.toml</c> when there is one, else its
    /// <c>README.md</c> when that starts with front matter (<c>---</c>), else null.
    /// </summary>
    public static string? InFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var toml = Path.Combine(folder, TomlName);
        if (File.Exists(toml)) return toml;
        var card = Path.Combine(folder, CardName);
        return File.Exists(card) && StartsWithFrontMatter(card) ? card : null;
    }

    /// <summary>The manifest of a model folder, or the file it should have (for messages): <see cref="InFolder"/> or <c>manifest.toml</c>.</summary>
    public static string InFolderOrDefault(string folder) => InFolder(folder) ?? Path.Combine(folder, TomlName);

    static bool StartsWithFrontMatter(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            var first = reader.ReadLine();
            return first is not null && first.TrimStart('\uFEFF').TrimEnd() == "---";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
