namespace Pg2.Contracts;

/// <summary>
/// The shared <c>models/Dockerfile</c> of a pg2 checkout: it builds any folder under <c>models/</c> that
/// has no Dockerfile of its own, given the folder's path under <c>models/</c> as <c>--build-arg MODEL=…</c>.
/// Defined here because the engines (which build) and model validation (which checks) must agree.
/// </summary>
public static class SharedDockerfile
{
    /// <summary>
    /// The folder's path under <c>models/</c> (the Dockerfile's <c>MODEL</c>), or null when there is no
    /// checkout, the folder is not under its <c>models/</c> or the checkout has no <c>models/Dockerfile</c>.
    /// </summary>
    public static string? ModelArgument(string folder, string? checkoutRoot)
    {
        if (checkoutRoot is null || !File.Exists(Path.Combine(checkoutRoot, "models", "Dockerfile"))) return null;
        var relative = Path.GetRelativePath(Path.Combine(checkoutRoot, "models"), folder).Replace('\\', '/');
        return relative.StartsWith("..", StringComparison.Ordinal) || relative == "." || Path.IsPathRooted(relative) ? null : relative;
    }
}
