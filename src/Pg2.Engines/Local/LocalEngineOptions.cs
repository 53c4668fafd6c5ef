namespace Pg2.Engines.Local;

/// <summary>Settings of the <c>local</c> engine.</summary>
/// <param name="BuildCache">Folder of the built models; null = <c>&lt;repo&gt;/.pg2/models</c>.</param>
/// <param name="Python">The interpreter of Python model folders; null = <c>$PG2_PYTHON</c>, else <c>python3</c> from PATH.</param>
public sealed record LocalEngineOptions(string? BuildCache = null, string? Python = null)
{
    /// <summary>The environment variable naming the interpreter of Python model folders.</summary>
    public const string PythonVariable = "PG2_PYTHON";
}
