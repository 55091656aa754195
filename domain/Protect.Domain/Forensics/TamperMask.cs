namespace Protect.Domain.Forensics;

/// <summary>
/// Tamper probability over the suspect, held per block and read per pixel by bilinear interpolation between block
/// centres: a block half covered by an edit scores about half way, so the 0.5 contour falls near the true edge
/// instead of on the block staircase.
/// </summary>
public sealed class TamperMask(int width, int height, int cols, int rows, float[] probability)
{
    public const float Threshold = 0.5f;

    public int Width { get; } = width;
    public int Height { get; } = height;
    public int Cols { get; } = cols;
    public int Rows { get; } = rows;

    /// <summary>Per block, row-major; empty when nothing was measured (then everything reads 0).</summary>
    public float[] BlockProbability { get; } = probability;

    public static TamperMask Empty(int width, int height) => new(width, height, 0, 0, []);

    /// <summary>Per-pixel probability, row-major, Width×Height.</summary>
    public float[] PixelProbability()
    {
        var result = new float[Width * Height];
        if (Cols == 0 || BlockProbability.All(p => p <= 0))
            return result;
        var (x0, x1, fx) = Axis(Width, Cols);
        var (y0, y1, fy) = Axis(Height, Rows);
        Parallel.For(0, Height, y =>
        {
            int r0 = y0[y] * Cols, r1 = y1[y] * Cols;
            var wy = fy[y];
            for (var x = 0; x < Width; x++)
            {
                var top = BlockProbability[r0 + x0[x]] + ((BlockProbability[r0 + x1[x]] - BlockProbability[r0 + x0[x]]) * fx[x]);
                var bottom = BlockProbability[r1 + x0[x]] + ((BlockProbability[r1 + x1[x]] - BlockProbability[r1 + x0[x]]) * fx[x]);
                result[(y * Width) + x] = top + ((bottom - top) * wy);
            }
        });
        return result;
    }

    /// <summary>1 where tampered (probability ≥ <see cref="Threshold"/>), row-major bytes.</summary>
    public bool[] Thresholded()
    {
        var p = PixelProbability();
        var result = new bool[p.Length];
        for (var n = 0; n < p.Length; n++)
            result[n] = p[n] >= Threshold;
        return result;
    }

    /// <summary>For each pixel along an axis: the two block centres around it and the weight of the second.</summary>
    private static (int[] Lo, int[] Hi, float[] T) Axis(int length, int blocks)
    {
        var lo = new int[length];
        var hi = new int[length];
        var t = new float[length];
        var size = (double)length / blocks;
        for (var p = 0; p < length; p++)
        {
            var c = ((p + 0.5) / size) - 0.5;
            var a = (int)Math.Floor(c);
            var f = c - a;
            lo[p] = Math.Clamp(a, 0, blocks - 1);
            hi[p] = Math.Clamp(a + 1, 0, blocks - 1);
            t[p] = (float)f;
        }
        return (lo, hi, t);
    }
}
