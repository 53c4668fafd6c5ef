namespace Pg2.Engines.Local;

/// <summary>Settings of the <c>local</c> engine.</summary>
/// <param name="BuildCache">Folder of the built models; null = <c>&lt;repo&gt;/.pg2/models</c>.</param>
public sealed record LocalEngineOptions(string? BuildCache = null);
