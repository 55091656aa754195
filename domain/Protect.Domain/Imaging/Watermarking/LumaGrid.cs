using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Imaging.Watermarking;

/// <summary>
/// Luminance area-averaged onto a fixed g×g grid. Every cell covers exactly 1/g of the width and height whatever
/// the image size, so a rescaled copy of an image lands on the same cells: that is what makes the mark survive
/// resizing. Only the grid is held in memory; the image is streamed row by row.
/// </summary>
internal static class LumaGrid
{
    public static float[] Sample(Image<Rgba32> image, int gridSize)
    {
        ArgumentNullException.ThrowIfNull(image);
        int width = image.Width, height = image.Height;
        if (gridSize > width || gridSize > height)
            throw new ArgumentOutOfRangeException(nameof(gridSize), "The grid must not be finer than the image.");

        var (columnCell, columnWeight) = SplitWeights(width, gridSize);
        var grid = new float[gridSize * gridSize];
        var cellHeight = (double)height / gridSize;
        var norm = (float)((double)gridSize * gridSize / ((double)width * height));

        // One grid row per task: it reads its own image rows (a straddling row is read by both neighbours).
        Parallel.For(0, gridSize, j =>
        {
            double top = j * cellHeight, bottom = (j + 1) * cellHeight;
            var sums = new float[gridSize];
            var last = Math.Min(height, (int)Math.Ceiling(bottom));
            for (var y = (int)Math.Floor(top); y < last; y++)
            {
                var rowWeight = (float)(Math.Min(bottom, y + 1) - Math.Max(top, y));
                if (rowWeight <= 0)
                    continue;
                var pixels = image.DangerousGetPixelRowMemory(y).Span;
                for (var x = 0; x < pixels.Length; x++)
                {
                    var luma = rowWeight * ImageQuality.Luma(pixels[x]);
                    var cell = columnCell[x];
                    var weight = columnWeight[x];
                    sums[cell] += weight * luma;
                    if (weight < 1f)
                        sums[cell + 1] += (1f - weight) * luma;
                }
            }
            for (var i = 0; i < gridSize; i++)
                grid[(j * gridSize) + i] = sums[i] * norm;
        });
        return grid;
    }

    /// <summary>
    /// For each of <paramref name="length"/> pixels: the first cell it overlaps and the fraction of the pixel in
    /// that cell (the rest belongs to the next cell). Needs length ≥ cells, so a pixel spans at most two cells.
    /// </summary>
    internal static (int[] Cell, float[] Weight) SplitWeights(int length, int cells)
    {
        var cell = new int[length];
        var weight = new float[length];
        var cellSize = (double)length / cells;
        for (var x = 0; x < length; x++)
        {
            var c = Math.Min(cells - 1, (int)(x / cellSize));
            var boundary = (c + 1) * cellSize;
            cell[x] = c;
            weight[x] = c == cells - 1 || x + 1 <= boundary + 1e-9 ? 1f : (float)(boundary - x);
        }
        return (cell, weight);
    }

    /// <summary>2×2 averaging: exactly the area average at half the grid size, without another pass over the image.</summary>
    public static float[] Halve(ReadOnlySpan<float> grid, int gridSize)
    {
        var half = gridSize / 2;
        var result = new float[half * half];
        for (var j = 0; j < half; j++)
        {
            for (var i = 0; i < half; i++)
            {
                var top = (2 * j * gridSize) + (2 * i);
                var bottom = top + gridSize;
                result[(j * half) + i] = 0.25f * (grid[top] + grid[top + 1] + grid[bottom] + grid[bottom + 1]);
            }
        }
        return result;
    }
}
