namespace Pg2.Metrics;

/// <summary>
/// One named metric. Custom metrics implement this and are added with
/// <see cref="MetricRegistry.Register"/>; <c>--metrics</c> and the runner select them by <see cref="Name"/>
/// (the original discovered <c>metric_&lt;name&gt;</c> functions instead).
/// </summary>
public interface IMetric
{
    /// <summary>The name used to select the metric and to label its value (lower case, e.g. <c>spearman</c>).</summary>
    string Name { get; }

    /// <summary>One line saying what the metric measures, for <c>--help</c> and docs.</summary>
    string Description { get; }

    /// <summary>
    /// Whether the metric uses 0/1 labels (AUC, MCC): only then do callers need a label column or a
    /// binarisation cutoff, and only then is the labelling rule reported.
    /// </summary>
    bool NeedsLabels => false;

    /// <summary>
    /// Computes the metric over the context's rows. An undefined value (constant column, one class)
    /// is <see cref="double.NaN"/> with a <see cref="MetricResult.Warning"/>, never an exception.
    /// </summary>
    MetricResult Compute(ScoringContext context);
}
