namespace Pg2.Metrics;

/// <summary>
/// Metrics by name. <see cref="Default"/> holds the built-in set; custom metrics implement
/// <see cref="IMetric"/> and are added with <see cref="Register"/>. Lookup is case-insensitive.
/// </summary>
public sealed class MetricRegistry
{
    private readonly Dictionary<string, IMetric> _metrics = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _order = [];
    private readonly Lock _gate = new();

    /// <summary>The built-in metrics: spearman, pearson, mse, auc, mcc, ndcg, top_recall, recovery.</summary>
    public static MetricRegistry Default { get; } = CreateBuiltIn();

    /// <summary>The metrics computed when none are named: all built-ins except <c>recovery</c>, which needs a k.</summary>
    public static IReadOnlyList<string> DefaultSelection { get; } =
        ["spearman", "pearson", "mse", "auc", "mcc", "ndcg", "top_recall"];

    /// <summary>Registered names, in registration order.</summary>
    public IReadOnlyList<string> Names
    {
        get { lock (_gate) return [.. _order]; }
    }

    /// <summary>A registry holding the built-in metrics (independent of <see cref="Default"/>).</summary>
    public static MetricRegistry CreateBuiltIn()
    {
        var r = new MetricRegistry();
        r.Register(new Spearman());
        r.Register(new Pearson());
        r.Register(new MeanSquaredError());
        r.Register(new RocAuc());
        r.Register(new MatthewsCorrelation());
        r.Register(new Ndcg());
        r.Register(new TopRecall());
        r.Register(new TopKRecovery());
        return r;
    }

    /// <summary>Adds <paramref name="metric"/> under its name.</summary>
    /// <exception cref="ArgumentException">The name is empty or already taken.</exception>
    public void Register(IMetric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (string.IsNullOrWhiteSpace(metric.Name)) throw new ArgumentException("a metric needs a name", nameof(metric));
        lock (_gate)
        {
            if (!_metrics.TryAdd(metric.Name, metric))
                throw new ArgumentException($"a metric named '{metric.Name}' is already registered", nameof(metric));
            _order.Add(metric.Name);
        }
    }

    /// <summary>The metric called <paramref name="name"/>.</summary>
    /// <exception cref="MetricInputException">No such metric; the message lists the known names.</exception>
    public IMetric Get(string name)
    {
        lock (_gate)
        {
            if (_metrics.TryGetValue(name.Trim(), out var m)) return m;
        }
        throw new MetricInputException($"unknown metric '{name}'; known metrics: {string.Join(", ", Names)}");
    }

    /// <summary>Resolves names (e.g. from <c>--metrics spearman,auc</c>); all are checked before any is computed.</summary>
    public IReadOnlyList<IMetric> Resolve(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return names.Select(Get).DistinctBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>Resolves names read from <paramref name="where"/> (e.g. <c>game.toml: metrics</c>), which prefixes the error.</summary>
    /// <exception cref="MetricInputException">An unknown name; the message starts with <paramref name="where"/>.</exception>
    public IReadOnlyList<IMetric> Resolve(IEnumerable<string> names, string where)
    {
        try
        {
            return Resolve(names);
        }
        catch (MetricInputException e)
        {
            throw new MetricInputException($"{where}: {e.Message}", e);
        }
    }

    /// <summary>Computes the named metrics over one context, in the order named.</summary>
    public IReadOnlyList<MetricResult> Compute(IEnumerable<string> names, ScoringContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Resolve(names).Select(m => m.Compute(context)).ToArray();
    }

    /// <summary>
    /// Computes the named metrics over paired columns: the entry point for callers holding plain arrays.
    /// <paramref name="binaryLabels"/> (0/1) or <paramref name="cutoff"/> feed AUC and MCC; without them
    /// the truth is binarised at its median.
    /// </summary>
    public IReadOnlyList<MetricResult> Compute(IEnumerable<string> names, double[] truth, double[] score,
        double[]? binaryLabels = null, double? cutoff = null, int? topK = null) =>
        Compute(names, new ScoringContext(truth, score, binaryLabels, cutoff, topK));
}
