namespace Pg2.Engines.Local;

/// <summary>A local job's process: what the local engine starts, and what a Slurm job with the <c>local</c> runtime runs.</summary>
/// <param name="File">The program (the <c>dotnet</c> host).</param>
/// <param name="Arguments">Its arguments, in order.</param>
/// <param name="WorkingDirectory">Folder it runs in; null = the current one.</param>
/// <param name="Environment">Variables set for it.</param>
internal sealed record LocalCommand(string File, IReadOnlyList<string> Arguments, string? WorkingDirectory, IReadOnlyDictionary<string, string> Environment);
