namespace Pg2.Sdk.Features;

/// <summary>
/// A design matrix X (rows = samples, columns = features) seen through the products that linear
/// models need. Implementations exploit their structure (a one-hot matrix never materialises its
/// zeros), so models written against this interface run in O(non-zeros) per product.
/// </summary>
public interface IDesignMatrix
{
    /// <summary>Number of rows (samples).</summary>
    int RowCount { get; }

    /// <summary>Number of columns (features).</summary>
    int ColumnCount { get; }

    /// <summary><paramref name="result"/> = X·<paramref name="x"/> (lengths ColumnCount → RowCount).</summary>
    void Multiply(ReadOnlySpan<double> x, Span<double> result);

    /// <summary><paramref name="result"/> = Xᵀ·<paramref name="u"/> (lengths RowCount → ColumnCount).</summary>
    void MultiplyTransposed(ReadOnlySpan<double> u, Span<double> result);

    /// <summary>Column means and sample standard deviations (ddof = 1), as numpy computes them.</summary>
    ColumnStatistics ColumnStatistics();

    /// <summary>
    /// (X − 1μᵀ)ᵀ(X − 1μᵀ): the ColumnCount × ColumnCount Gram matrix of the centred columns,
    /// row-major, full (both triangles).
    /// </summary>
    double[] CenteredGram(ReadOnlySpan<double> columnMeans);

    /// <summary>
    /// (X − 1μᵀ)(X − 1μᵀ)ᵀ: the RowCount × RowCount kernel matrix of the centred rows, row-major,
    /// full (both triangles).
    /// </summary>
    double[] CenteredRowGram(ReadOnlySpan<double> columnMeans);
}

/// <summary>Per-column mean and sample standard deviation (ddof = 1) of a design matrix.</summary>
/// <param name="Means">Column means.</param>
/// <param name="StandardDeviations">Column sample standard deviations (0 for constant columns).</param>
public sealed record ColumnStatistics(double[] Means, double[] StandardDeviations);
