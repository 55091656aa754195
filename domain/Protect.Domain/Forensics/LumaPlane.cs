using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Forensics;

/// <summary>
/// BT.601 luma of an image as one float plane (12 MP = 48 MB), read once and shared by the integrity layer and
/// every passive clue, so verification walks the pixels a single time.
/// </summary>
public sealed class LumaPlane
{
    private LumaPlane(int width, int height, float[] values)
    {
        Width = width;
        Height = height;
        Values = values;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Row-major luma, 0..255.</summary>
    public float[] Values { get; }

    public static LumaPlane From(Image<Rgba32> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int width = image.Width, height = image.Height;
        var values = new float[width * height];
        Parallel.For(0, height, y =>
        {
            var row = image.DangerousGetPixelRowMemory(y).Span;
            var target = values.AsSpan(y * width, width);
            for (var x = 0; x < width; x++)
                target[x] = (0.299f * row[x].R) + (0.587f * row[x].G) + (0.114f * row[x].B);
        });
        return new LumaPlane(width, height, values);
    }

    /// <summary>
    /// Area averages over a cols×rows grid of proportional cells (a resized copy lands on the same cells), and the
    /// fraction of each cell's pixels that are clipped (luma ≤ 1 or ≥ 254): clipped pixels cannot carry a mark.
    /// </summary>
    public (float[] Mean, float[] Clipped) Cells(int cols, int rows)
    {
        if (cols > Width || rows > Height || cols < 1 || rows < 1)
            throw new ArgumentOutOfRangeException(nameof(cols), "The grid must not be finer than the image.");
        var (columnCell, columnWeight) = Split(Width, cols);
        var mean = new float[cols * rows];
        var clipped = new float[cols * rows];
        var cellHeight = (double)Height / rows;
        var norm = (float)((double)cols * rows / ((double)Width * Height));
        var values = Values;
        int width = Width, height = Height;
        Parallel.For(0, rows, j =>
        {
            double top = j * cellHeight, bottom = (j + 1) * cellHeight;
            var sums = new float[cols];
            var clips = new float[cols];
            var last = Math.Min(height, (int)Math.Ceiling(bottom));
            for (var y = (int)Math.Floor(top); y < last; y++)
            {
                var rowWeight = (float)(Math.Min(bottom, y + 1) - Math.Max(top, y));
                if (rowWeight <= 0)
                    continue;
                var row = values.AsSpan(y * width, width);
                for (var x = 0; x < width; x++)
                {
                    var v = row[x];
                    var cell = columnCell[x];
                    var w = columnWeight[x] * rowWeight;
                    var rest = rowWeight - w;
                    var clip = v <= 1f || v >= 254f ? 1f : 0f;
                    sums[cell] += w * v;
                    clips[cell] += w * clip;
                    if (rest > 0)
                    {
                        sums[cell + 1] += rest * v;
                        clips[cell + 1] += rest * clip;
                    }
                }
            }
            for (var i = 0; i < cols; i++)
            {
                mean[(j * cols) + i] = sums[i] * norm;
                clipped[(j * cols) + i] = clips[i] * norm;
            }
        });
        return (mean, clipped);
    }

    /// <summary>For each pixel: the first cell it overlaps and the fraction of it inside that cell.</summary>
    internal static (int[] Cell, float[] Weight) Split(int length, int cells)
    {
        var cell = new int[length];
        var weight = new float[length];
        var size = (double)length / cells;
        for (var x = 0; x < length; x++)
        {
            var c = Math.Min(cells - 1, (int)(x / size));
            var boundary = (c + 1) * size;
            cell[x] = c;
            weight[x] = c == cells - 1 || x + 1 <= boundary + 1e-9 ? 1f : (float)(boundary - x);
        }
        return (cell, weight);
    }
}
