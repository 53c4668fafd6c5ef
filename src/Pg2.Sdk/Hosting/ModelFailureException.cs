namespace Pg2.Sdk.Hosting;

/// <summary>A model's own code failed on valid input (exit code <c>ModelFailure</c>).</summary>
internal sealed class ModelFailureException(string phase, Exception inner)
    : Exception($"model failed in {phase}: {inner.GetType().Name}: {inner.Message}", inner)
{
    public string Phase { get; } = phase;
}
