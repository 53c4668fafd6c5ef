using System.Numerics.Tensors;
using Pg2.Sdk.LinearAlgebra;

namespace Pg2.Sdk.Features;

/// <summary>A dense design matrix stored row-major (for real-valued features and tests).</summary>
public sealed class DenseDesignMatrix : IDesignMatrix
{
    private readonly double[] _values;

    /// <summary>Wraps <paramref name="values"/> (row-major, <paramref name="rows"/> × <paramref name="columns"/>).</summary>
    public DenseDesignMatrix(double[] values, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != (long)rows * columns)
            throw new ArgumentException($"expected {rows}×{columns} values, got {values.Length}", nameof(values));
        _values = values;
        RowCount = rows;
        ColumnCount = columns;
    }

    /// <inheritdoc />
    public int RowCount { get; }

    /// <inheritdoc />
    public int ColumnCount { get; }

    /// <summary>Row <paramref name="row"/> as a span.</summary>
    public ReadOnlySpan<double> Row(int row) => _values.AsSpan(row * ColumnCount, ColumnCount);

    /// <inheritdoc />
    public void Multiply(ReadOnlySpan<double> x, Span<double> result)
    {
        for (int r = 0; r < RowCount; r++) result[r] = TensorPrimitives.Dot(Row(r), x);
    }

    /// <inheritdoc />
    public void MultiplyTransposed(ReadOnlySpan<double> u, Span<double> result)
    {
        result[..ColumnCount].Clear();
        for (int r = 0; r < RowCount; r++)
            TensorPrimitives.MultiplyAdd(Row(r), u[r], result, result);
    }

    /// <inheritdoc />
    public ColumnStatistics ColumnStatistics()
    {
        int n = RowCount, p = ColumnCount;
        var mean = new double[p];
        var ss = new double[p];
        for (int r = 0; r < n; r++) TensorPrimitives.Add(mean, Row(r), mean);
        TensorPrimitives.Divide(mean, n, mean);
        var d = new double[p];
        for (int r = 0; r < n; r++)
        {
            TensorPrimitives.Subtract(Row(r), mean, d);
            TensorPrimitives.MultiplyAdd(d, d, ss, ss);
        }
        var std = new double[p];
        for (int j = 0; j < p; j++) std[j] = n > 1 ? Math.Sqrt(ss[j] / (n - 1)) : 0.0;
        return new ColumnStatistics(mean, std);
    }

    /// <inheritdoc />
    public double[] CenteredGram(ReadOnlySpan<double> columnMeans)
    {
        int n = RowCount, p = ColumnCount;
        var transposed = new double[(long)p * n];
        for (int r = 0; r < n; r++)
        {
            var row = Row(r);
            for (int j = 0; j < p; j++) transposed[(long)j * n + r] = row[j] - columnMeans[j];
        }
        return RowProducts.SelfTransposed(transposed, p, n);
    }

    /// <inheritdoc />
    public double[] CenteredRowGram(ReadOnlySpan<double> columnMeans)
    {
        int n = RowCount, p = ColumnCount;
        var centred = new double[(long)n * p];
        for (int r = 0; r < n; r++)
            TensorPrimitives.Subtract(Row(r), columnMeans, centred.AsSpan(r * p, p));
        return RowProducts.SelfTransposed(centred, n, p);
    }
}
