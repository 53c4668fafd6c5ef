using System.Runtime.InteropServices;

namespace Pg2.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM cancel one token, so that the running command stops its jobs (model
/// processes and containers killed, work folders removed) and pg2 exits 130. Without this the
/// runtime would exit on SIGTERM and leave the model processes running. A second signal is not
/// intercepted: it ends pg2 at once.
/// </summary>
/// <remarks>
/// System.CommandLine's own handling (<c>ProcessTerminationTimeout</c>) is turned off: it answers
/// SIGTERM with 143 and stops waiting for the command after a timeout, which would let pg2 exit
/// before its jobs are stopped.
/// </remarks>
internal sealed class TerminationSignals : IDisposable
{
    readonly CancellationTokenSource _cancel = new();
    readonly PosixSignalRegistration[] _registrations;

    public TerminationSignals() =>
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _cancel.Token;

    void OnSignal(PosixSignalContext context)
    {
        if (_cancel.IsCancellationRequested) return; // the second signal terminates as usual
        context.Cancel = true;
        // The callbacks (stopping jobs) run on the thread pool, not on the signal thread.
        _ = _cancel.CancelAsync();
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cancel.Dispose();
    }
}
