namespace Pg2.Contracts;

/// <summary>
/// One extra read-only input of a job (a file or a folder on the host), delivered under a channel
/// name the way SageMaker delivers input channels: containers see it at
/// <c>/opt/ml/input/data/&lt;channel&gt;/</c> (a file keeps its name inside that folder), SageMaker gets an
/// input channel of that name, and in every engine the program finds it through the environment
/// variable <c>SM_CHANNEL_&lt;CHANNEL&gt;</c> (<see cref="VariableName"/>): the channel folder in a
/// container, the host path itself in the local engine.
/// </summary>
public sealed record JobInput
{
    /// <summary>The rule for channel names, for messages and docs.</summary>
    public const string ChannelRule = "a lower-case letter, then lower-case letters, digits or '_', at most 64 characters, not 'training' or 'manifest'";

    /// <summary>Creates the input; throws <see cref="InvalidInputException"/> when <paramref name="channel"/> breaks <see cref="ChannelRule"/>.</summary>
    /// <param name="channel">The channel name.</param>
    /// <param name="hostPath">The file or folder on the host (made absolute).</param>
    public JobInput(string channel, string hostPath)
    {
        ArgumentNullException.ThrowIfNull(hostPath);
        Channel = CheckChannel(channel);
        HostPath = Path.GetFullPath(hostPath);
    }

    /// <summary>The channel name (<see cref="ChannelRule"/>).</summary>
    public string Channel { get; }

    /// <summary>Absolute path of the file or folder on the host.</summary>
    public string HostPath { get; }

    /// <summary>The variable that tells the program where the input is: <c>SM_CHANNEL_</c> + the upper-cased channel.</summary>
    public string VariableName => VariableFor(Channel);

    /// <summary>The channel folder in a container (and on SageMaker): <c>/opt/ml/input/data/&lt;channel&gt;</c>.</summary>
    public string ContainerDir => SageMakerTrainingJobPath.ChannelDir(Channel);

    /// <summary>True when <see cref="HostPath"/> is a folder, false when a file; missing is an <see cref="InvalidInputException"/>.</summary>
    public bool IsFolder => Directory.Exists(HostPath) ? true
        : File.Exists(HostPath) ? false
        : throw new InvalidInputException($"job input '{Channel}': {HostPath} does not exist", ExitCodes.FileNotFound);

    /// <summary>
    /// Where the input sits in a container: a folder is the channel folder itself, a file is
    /// <c>&lt;channel folder&gt;/&lt;file name&gt;</c> (the file name checked by <see cref="SafeName"/>, so a bind spec stays well-formed).
    /// </summary>
    public string ContainerPath => IsFolder ? ContainerDir
        : $"{ContainerDir}/{SafeName.Check(Path.GetFileName(HostPath), $"job input '{Channel}': file name")}";

    /// <summary>The variable name for <paramref name="channel"/> (SageMaker's convention).</summary>
    public static string VariableFor(string channel) => "SM_CHANNEL_" + CheckChannel(channel).ToUpperInvariant();

    /// <summary>Returns <paramref name="channel"/> when it follows <see cref="ChannelRule"/>, else throws <see cref="InvalidInputException"/>.</summary>
    public static string CheckChannel(string channel)
    {
        if (IsValidChannel(channel)) return channel;
        var shown = channel is null ? "(null)" : MessageText.Shown(channel, 80);
        throw new InvalidInputException($"job input channel '{shown}' is not valid: use {ChannelRule}");
    }

    /// <summary>Whether <paramref name="channel"/> follows <see cref="ChannelRule"/>.</summary>
    public static bool IsValidChannel(string? channel)
    {
        if (string.IsNullOrEmpty(channel) || channel.Length > 64 || !char.IsAsciiLetterLower(channel[0])) return false;
        if (channel is "training" or "manifest") return false;
        foreach (var c in channel)
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_') return false;
        return true;
    }

    /// <summary>Throws <see cref="InvalidInputException"/> when two of <paramref name="inputs"/> share a channel.</summary>
    public static void CheckDistinct(IReadOnlyList<JobInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in inputs)
            if (!seen.Add(i.Channel)) throw new InvalidInputException($"job input channel '{i.Channel}' is given twice");
    }
}
