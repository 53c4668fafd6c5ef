using Pg2.Contracts;

namespace Pg2.SageMaker.Jobs;

/// <summary>One SageMaker training instance type pg2 may choose.</summary>
/// <param name="Name">The instance type, e.g. <c>ml.m5.xlarge</c>.</param>
/// <param name="Cpus">Its vCPUs.</param>
/// <param name="MemoryGiB">Its memory in GiB.</param>
/// <param name="Gpus">Its GPUs.</param>
public sealed record InstanceType(string Name, int Cpus, int MemoryGiB, int Gpus);

/// <summary>
/// The instance type a job runs on, chosen from what its model declares (docs/sagemaker.md has the
/// table): the first row of <see cref="Table"/> — CPU rows by size, then GPU rows by size — with at
/// least the declared cpus, memory and GPUs. A model that declares none of them runs on the
/// configured default (<c>PG2_SAGEMAKER_INSTANCE_TYPE</c>).
/// </summary>
public static class InstanceTypes
{
    /// <summary>The choices, cheapest first within CPU-only and within GPU types (SageMaker's published sizes).</summary>
    public static IReadOnlyList<InstanceType> Table { get; } =
    [
        new("ml.m5.large", 2, 8, 0),
        new("ml.m5.xlarge", 4, 16, 0),
        new("ml.m5.2xlarge", 8, 32, 0),
        new("ml.m5.4xlarge", 16, 64, 0),
        new("ml.m5.12xlarge", 48, 192, 0),
        new("ml.m5.24xlarge", 96, 384, 0),
        new("ml.g5.xlarge", 4, 16, 1),
        new("ml.g5.2xlarge", 8, 32, 1),
        new("ml.g5.4xlarge", 16, 64, 1),
        new("ml.g5.8xlarge", 32, 128, 1),
        new("ml.g5.12xlarge", 48, 192, 4),
        new("ml.g5.48xlarge", 192, 768, 8),
    ];

    /// <summary>The instance type for <paramref name="resources"/>; <paramref name="fallback"/> when cpus, memory and GPUs are all unstated.</summary>
    /// <exception cref="InvalidInputException">No type in the table is big enough.</exception>
    public static string For(ModelResources resources, string fallback)
    {
        ArgumentNullException.ThrowIfNull(resources);
        if (resources.Cpus is null && resources.MemoryBytes is null && resources.Gpus is null) return fallback;
        var gpus = resources.Gpus ?? 0;
        var fit = Table.FirstOrDefault(t =>
            t.Cpus >= (resources.Cpus ?? 0) && (long)t.MemoryGiB << 30 >= (resources.MemoryBytes ?? 0) && t.Gpus >= gpus
            && (gpus > 0) == (t.Gpus > 0));
        return fit?.Name ?? throw new InvalidInputException($"sagemaker: no instance type in pg2's table has {resources}; the largest is {Table[^1].Name} ({Table[^1].Cpus} vCPUs, {Table[^1].MemoryGiB} GiB, {Table[^1].Gpus} GPUs)");
    }
}
