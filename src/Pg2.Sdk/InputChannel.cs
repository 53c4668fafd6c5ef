using Pg2.Contracts;

namespace Pg2.Sdk;

/// <summary>
/// An extra input of the job, found by channel name the way every engine delivers it (docs/runner.md,
/// the container contract): the variable <c>SM_CHANNEL_&lt;CHANNEL&gt;</c> names a folder (containers,
/// SageMaker) or the host file or folder itself (local engine); without the variable, the channel
/// folder <c>/opt/ml/input/data/&lt;channel&gt;</c> when it exists.
/// </summary>
public sealed class InputChannel
{
    private InputChannel(string name, string path, bool isFolder)
    {
        Name = name;
        Path = path;
        IsFolder = isFolder;
    }

    /// <summary>The channel name.</summary>
    public string Name { get; }

    /// <summary>Where the input is: a folder, or (local engine, a file input) the file itself.</summary>
    public string Path { get; }

    /// <summary>True when <see cref="Path"/> is a folder.</summary>
    public bool IsFolder { get; }

    /// <summary>
    /// The input's files, in ordinal order of their path relative to the folder (the file itself for a
    /// file input); hidden files (a leading <c>.</c>) are left out.
    /// </summary>
    public IReadOnlyList<string> Files => IsFolder
        ? [.. Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .Where(f => !System.IO.Path.GetFileName(f).StartsWith('.'))
            .OrderBy(f => System.IO.Path.GetRelativePath(Path, f), StringComparer.Ordinal)]
        : [Path];

    /// <summary>The one file of the input; an <see cref="InvalidInputException"/> when it holds none or several.</summary>
    public string SingleFile()
    {
        var files = Files;
        return files.Count == 1 ? files[0]
            : throw new InvalidInputException($"input channel '{Name}' ({Path}): expected one file, found {files.Count}");
    }

    /// <summary>
    /// Finds channel <paramref name="name"/> through <paramref name="variable"/> (an environment
    /// lookup); null when the job has no such input. A variable pointing nowhere is an
    /// <see cref="InvalidInputException"/> naming it.
    /// </summary>
    public static InputChannel? Find(string name, Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var key = JobInput.VariableFor(name);
        var given = variable(key);
        if (!string.IsNullOrWhiteSpace(given))
        {
            if (Directory.Exists(given)) return new InputChannel(name, given, isFolder: true);
            if (File.Exists(given)) return new InputChannel(name, given, isFolder: false);
            throw new InvalidInputException($"input channel '{name}': {key} = {given}, which does not exist", ExitCodes.FileNotFound);
        }
        var folder = SageMakerTrainingJobPath.ChannelDir(name);
        return Directory.Exists(folder) ? new InputChannel(name, folder, isFolder: true) : null;
    }
}
