using System.Diagnostics;
using System.Globalization;

namespace Pg2.Models.Evmutation;

/// <summary>
/// A fit's progress as log lines: the first and last iteration, and then a line whenever
/// <see cref="Interval"/> has passed, with the iteration count and an ETA; while one long evaluation runs
/// (deep or long alignments), a timer adds a line with the share of sites done. So a redirected log gets a
/// line every few seconds and a ten-minute fit is never silent.
/// </summary>
internal sealed class FitProgress : IDisposable
{
    private readonly Action<string> _log;
    private readonly int _maxIterations;
    private readonly Func<double> _evaluationShare;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private TimeSpan _lastLine;
    private TimeSpan _iterationsStart;
    private int _iteration;
    private int _evaluations;

    /// <summary>Starts the heartbeat; <paramref name="evaluationShare"/> tells how far the running evaluation is (0..1).</summary>
    public FitProgress(Action<string> log, int maxIterations, Func<double> evaluationShare, TimeSpan? interval = null)
    {
        _log = log;
        _maxIterations = maxIterations;
        _evaluationShare = evaluationShare;
        Interval = interval ?? TimeSpan.FromSeconds(5);
        _lastLine = _clock.Elapsed;
        _timer = new Timer(_ => Heartbeat(), null, Interval, Interval);
    }

    /// <summary>Least time between two lines (the first and last iteration always print).</summary>
    public TimeSpan Interval { get; }

    /// <summary>Marks the end of the set-up: the ETA counts iterations from here.</summary>
    public void IterationsStart()
    {
        lock (_gate) _iterationsStart = _clock.Elapsed;
    }

    /// <summary>An L-BFGS iteration ended.</summary>
    public void Iteration(int k, double f, double negativeLogLikelihood, double gradientRatio, int evaluations)
    {
        lock (_gate)
        {
            _iteration = k;
            _evaluations = evaluations;
            var now = _clock.Elapsed;
            if (k > 1 && k < _maxIterations && now - _lastLine < Interval) return;
            Write(now, string.Create(CultureInfo.InvariantCulture,
                $"iteration {k}/{_maxIterations}: f = {f:F3}, -loglk = {negativeLogLikelihood:F3}, |g|/|x| = {gradientRatio:G4}, {evaluations} evaluations, {now.TotalSeconds:F1} s, ETA {Eta(now)}"));
        }
    }

    // The time left at the pace so far (iterations cost about the same; the cap is the usual end).
    private string Eta(TimeSpan now)
    {
        if (_iteration == 0) return "unknown";
        double perIteration = (now - _iterationsStart).TotalSeconds / _iteration;
        return Duration(perIteration * Math.Max(0, _maxIterations - _iteration));
    }

    /// <summary>Seconds as <c>42 s</c>, <c>3 min 05 s</c> or <c>2 h 07 min</c>.</summary>
    public static string Duration(double seconds) => seconds switch
    {
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:F0} s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)} min {(int)(seconds % 60):D2} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 3600)} h {(int)(seconds % 3600 / 60):D2} min"),
    };

    private void Heartbeat()
    {
        lock (_gate)
        {
            var now = _clock.Elapsed;
            if (now - _lastLine < Interval) return;
            Write(now, string.Create(CultureInfo.InvariantCulture,
                $"iteration {_iteration + 1}/{_maxIterations} running: evaluation {_evaluations + 1} {_evaluationShare():P0} done, {now.TotalSeconds:F1} s, ETA {Eta(now)}"));
        }
    }

    private void Write(TimeSpan now, string line)
    {
        _lastLine = now;
        _log(line);
    }

    /// <summary>Stops the heartbeat.</summary>
    public void Dispose() => _timer.Dispose();
}
