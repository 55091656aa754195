namespace Protect.Domain.Video;

/// <summary>
/// The cell grid of one frame size, with a smooth separable weight sin^2 inside each cell (zero at the cell's
/// edges). Cell values are weight-averaged luma; the embedder adds the same weight shape, so the mark is a
/// continuous field without block edges, and its weighted mean moves by exactly the intended amount.
/// </summary>
internal sealed class CellGeometry
{
    public CellGeometry(int width, int height)
    {
        Width = width;
        Height = height;
        (ColumnCell, ColumnWeight) = Axis(width, LumaMarkLayout.Columns);
        (RowCell, RowWeight) = Axis(height, LumaMarkLayout.Rows);
        var colSum = new double[LumaMarkLayout.Columns];
        var colSq = new double[LumaMarkLayout.Columns];
        for (var x = 0; x < width; x++) { colSum[ColumnCell[x]] += ColumnWeight[x]; colSq[ColumnCell[x]] += ColumnWeight[x] * ColumnWeight[x]; }
        var rowSum = new double[LumaMarkLayout.Rows];
        var rowSq = new double[LumaMarkLayout.Rows];
        for (var y = 0; y < height; y++) { rowSum[RowCell[y]] += RowWeight[y]; rowSq[RowCell[y]] += RowWeight[y] * RowWeight[y]; }
        WeightSum = new double[LumaMarkLayout.Cells];
        Gain = new double[LumaMarkLayout.Cells];
        for (var r = 0; r < LumaMarkLayout.Rows; r++)
        {
            for (var c = 0; c < LumaMarkLayout.Columns; c++)
            {
                var sum = colSum[c] * rowSum[r];
                var sq = colSq[c] * rowSq[r];
                WeightSum[r * LumaMarkLayout.Columns + c] = sum;
                // Adding delta * Gain * w(x,y) moves the weighted mean sum(w*Y)/sum(w) by exactly delta.
                Gain[r * LumaMarkLayout.Columns + c] = sq > 0 ? sum / sq : 0;
            }
        }
    }

    public int Width { get; }
    public int Height { get; }
    public int[] ColumnCell { get; }
    public float[] ColumnWeight { get; }
    public int[] RowCell { get; }
    public float[] RowWeight { get; }
    public double[] WeightSum { get; }
    public double[] Gain { get; }

    private static (int[] Cell, float[] Weight) Axis(int length, int cells)
    {
        var cell = new int[length];
        var weight = new float[length];
        for (var i = 0; i < length; i++)
        {
            var position = (i + 0.5) * cells / length; // pixel centre in cell units
            var index = Math.Min(cells - 1, (int)position);
            var s = Math.Sin(Math.PI * (position - index));
            cell[i] = index;
            weight[i] = (float)(s * s);
        }
        return (cell, weight);
    }

    /// <summary>Weighted mean luma of every cell. Rows are summed in parallel into per-row-of-cells partials.</summary>
    public double[] CellMeans(ReadOnlySpan<byte> luma)
    {
        if (luma.Length < Width * Height) throw new ArgumentException("The luma plane is smaller than the frame.", nameof(luma));
        var sums = new double[LumaMarkLayout.Cells];
        var rowBuffer = new double[LumaMarkLayout.Columns];
        for (var y = 0; y < Height; y++)
        {
            Array.Clear(rowBuffer);
            var line = luma.Slice(y * Width, Width);
            for (var x = 0; x < line.Length; x++) rowBuffer[ColumnCell[x]] += ColumnWeight[x] * line[x];
            var baseCell = RowCell[y] * LumaMarkLayout.Columns;
            var wy = RowWeight[y];
            for (var c = 0; c < LumaMarkLayout.Columns; c++) sums[baseCell + c] += wy * rowBuffer[c];
        }
        for (var i = 0; i < sums.Length; i++) sums[i] = WeightSum[i] > 0 ? sums[i] / WeightSum[i] : 0;
        return sums;
    }
}
