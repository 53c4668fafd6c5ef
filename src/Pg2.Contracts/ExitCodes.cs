namespace Pg2.Contracts;

/// <summary>Process exit codes shared by the pg2 CLI and every model program.</summary>
public static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Success = 0;
    /// <summary>An unexpected internal error (a bug): one line naming the exception; the stack trace only with PG2_DEBUG=1.</summary>
    public const int InternalError = 1;
    /// <summary>Bad command line (unknown option, missing argument).</summary>
    public const int Usage = 2;
    /// <summary>Bad input data: archive, manifest, CSV, alignment, hyper-parameters.</summary>
    public const int InvalidInput = 3;
    /// <summary>A model failed while training or predicting on valid input.</summary>
    public const int ModelFailure = 4;
    /// <summary>A benchmark finished but one or more of its jobs failed.</summary>
    public const int JobsFailed = 5;
    /// <summary>An input file does not exist.</summary>
    public const int FileNotFound = 6;
    /// <summary>Interrupted by Ctrl-C.</summary>
    public const int Interrupted = 130;
}
