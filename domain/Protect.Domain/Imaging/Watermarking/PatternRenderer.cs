using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Imaging.Watermarking;

/// <summary>
/// Draws a grid pattern onto an image: bilinear interpolation between cell centres (smooth, so no block edges
/// for the eye or for JPEG to eat), the same rounded delta on R, G and B, alpha untouched.
/// </summary>
internal static class PatternRenderer
{
    /// <summary>
    /// Mean squared change per RGB channel that <see cref="Apply"/> makes with this scale: an integer channel c
    /// becomes c + round(d), so this is exact unless clamping at 0/255 makes the change smaller. With
    /// <paramref name="rounded"/> false it is the mean of d² itself, for calibrating the scale.
    /// </summary>
    public static double MeanSquare(float[] pattern, int gridSize, int width, int height, float scale, bool rounded)
    {
        var (columnCell, columnFraction) = Positions(width, gridSize);
        var rowSums = new double[height];
        Parallel.For(0, height, () => new float[width], (y, _, row) =>
        {
            InterpolateRow(pattern, gridSize, y, height, columnCell, columnFraction, row);
            double sum = 0;
            foreach (var value in row)
            {
                var d = rounded ? MathF.Round(value * scale) : value * scale;
                sum += d * d;
            }
            rowSums[y] = sum;
            return row;
        }, _ => { });
        return rowSums.Sum() / ((double)width * height);
    }

    public static void Apply(Image<Rgba32> image, float[] pattern, int gridSize, float scale)
    {
        ArgumentNullException.ThrowIfNull(image);
        int width = image.Width, height = image.Height;
        var (columnCell, columnFraction) = Positions(width, gridSize);
        Parallel.For(0, height, () => new float[width], (y, _, row) =>
        {
            InterpolateRow(pattern, gridSize, y, height, columnCell, columnFraction, row);
            var pixels = image.DangerousGetPixelRowMemory(y).Span;
            for (var x = 0; x < width; x++)
            {
                var delta = (int)MathF.Round(row[x] * scale);
                if (delta == 0)
                    continue;
                ref var p = ref pixels[x];
                p.R = (byte)Math.Clamp(p.R + delta, 0, 255);
                p.G = (byte)Math.Clamp(p.G + delta, 0, 255);
                p.B = (byte)Math.Clamp(p.B + delta, 0, 255);
            }
            return row;
        }, _ => { });
    }

    /// <summary>
    /// What drawing does to one cell, as the detector's grid sees it along one axis: draw a unit impulse on a middle
    /// cell and area-average it back. One pixel per cell gives [0, 1, 0]; large cells tend to [⅛, ¾, ⅛].
    /// </summary>
    internal static (float Centre, float Side) SampledKernel(int length, int gridSize)
    {
        var (cell, fraction) = Positions(length, gridSize);
        var (sampleCell, sampleWeight) = LumaGrid.SplitWeights(length, gridSize);
        var middle = gridSize / 2;
        double centre = 0, side = 0;
        for (var x = 0; x < length; x++)
        {
            var value = cell[x] == middle ? 1 - fraction[x] : cell[x] + 1 == middle ? fraction[x] : 0;
            if (value == 0)
                continue;
            // The impulse is too narrow to reach two cells away, so whatever misses the middle cell is a neighbour's.
            var inMiddle = sampleCell[x] == middle ? sampleWeight[x] : sampleCell[x] + 1 == middle ? 1 - sampleWeight[x] : 0;
            centre += value * inMiddle;
            side += value * (1 - inMiddle);
        }
        var pixelsPerCell = (double)length / gridSize;
        return ((float)(centre / pixelsPerCell), (float)(side / 2 / pixelsPerCell));
    }

    /// <summary>Pixel centres mapped onto cell centres: left cell index and weight of the right cell, edges clamped.</summary>
    internal static (int[] Cell, float[] Fraction) Positions(int length, int gridSize)
    {
        var cell = new int[length];
        var fraction = new float[length];
        var step = (double)gridSize / length;
        for (var x = 0; x < length; x++)
        {
            var u = Math.Clamp(((x + 0.5) * step) - 0.5, 0, gridSize - 1);
            var c = Math.Min((int)u, gridSize - 2);
            cell[x] = c;
            fraction[x] = (float)(u - c);
        }
        return (cell, fraction);
    }

    private static void InterpolateRow(float[] pattern, int gridSize, int y, int height,
        int[] columnCell, float[] columnFraction, float[] row)
    {
        var v = Math.Clamp(((y + 0.5) * gridSize / height) - 0.5, 0, gridSize - 1);
        var top = Math.Min((int)v, gridSize - 2);
        var fy = (float)(v - top);
        var upper = pattern.AsSpan(top * gridSize, gridSize);
        var lower = pattern.AsSpan((top + 1) * gridSize, gridSize);
        for (var x = 0; x < row.Length; x++)
        {
            var c = columnCell[x];
            var fx = columnFraction[x];
            var a = upper[c] + (fx * (upper[c + 1] - upper[c]));
            var b = lower[c] + (fx * (lower[c + 1] - lower[c]));
            row[x] = a + (fy * (b - a));
        }
    }
}
