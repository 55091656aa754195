using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Protect.Domain.Imaging.Watermarking.Tiled;

/// <summary>
/// Per-pixel mark amplitude (about 1 in average texture; not normalized, so smooth images stay weak) from local texture: the mean absolute Laplacian of
/// luma per block, smoothed over 3×3 blocks, to the power 0.75 (the eye misses changes in busy areas; full
/// proportionality would starve smooth areas the detector also reads), clamped between a low floor (flat gray
/// and sky gradients get almost nothing: no visible periodic pattern there) and a cap (one busy patch cannot
/// take all the energy). Interpolated bilinearly between block centres so the mask has no edges either.
/// </summary>
internal sealed class PerceptualMask
{
    private const float Floor = 0.4f;
    private const float Cap = 2f;
    private const double Exponent = 0.5;

    /// <summary>
    /// Mean |Laplacian| below which an image counts as smooth: activity is taken relative to at least this, so a
    /// flat or gradient image gets the floor everywhere instead of being "average" relative to itself.
    /// </summary>
    private const double MinMeanActivity = 6;

    private readonly float[] _blocks;
    private readonly int _columns, _rows, _block;

    private PerceptualMask(float[] blocks, int columns, int rows, int block)
    {
        _blocks = blocks;
        _columns = columns;
        _rows = rows;
        _block = block;
    }

    public static PerceptualMask Create(Image<Rgba32> image, int block, int maxThreads)
    {
        ArgumentNullException.ThrowIfNull(image);
        int width = image.Width, height = image.Height;
        var columns = (width + block - 1) / block;
        var rows = (height + block - 1) / block;
        var activity = new float[columns * rows];
        // Laplacian per pixel needs the rows above and below; each block row reads its own rows plus one each side.
        Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, by =>
        {
            var sums = new double[columns];
            var counts = new int[columns];
            var y0 = by * block;
            var y1 = Math.Min(height, y0 + block);
            for (var y = y0; y < y1; y++)
            {
                var up = image.DangerousGetPixelRowMemory(Math.Max(y - 1, 0)).Span;
                var mid = image.DangerousGetPixelRowMemory(y).Span;
                var down = image.DangerousGetPixelRowMemory(Math.Min(y + 1, height - 1)).Span;
                for (var x = 0; x < width; x++)
                {
                    var centre = ImageQuality.Luma(mid[x]);
                    var around = ImageQuality.Luma(up[x]) + ImageQuality.Luma(down[x])
                        + ImageQuality.Luma(mid[Math.Max(x - 1, 0)]) + ImageQuality.Luma(mid[Math.Min(x + 1, width - 1)]);
                    sums[x / block] += Math.Abs((4 * centre) - around);
                    counts[x / block]++;
                }
            }
            for (var bx = 0; bx < columns; bx++)
                activity[(by * columns) + bx] = (float)(sums[bx] / Math.Max(1, counts[bx]));
        });
        var smooth = BoxSmooth(activity, columns, rows);
        var mean = Math.Max(smooth.Average(), MinMeanActivity);
        var blocks = new float[smooth.Length];
        for (var i = 0; i < blocks.Length; i++)
            blocks[i] = Math.Clamp((float)Math.Pow(smooth[i] / mean, Exponent), Floor, Cap);
        return new PerceptualMask(blocks, columns, rows, block);
    }

    /// <summary>The mask along image row <paramref name="y"/>.</summary>
    public void Row(int y, Span<float> row)
    {
        var v = Math.Clamp(((y + 0.5) / _block) - 0.5, 0, _rows - 1);
        var r0 = (int)v;
        var r1 = Math.Min(r0 + 1, _rows - 1);
        var fy = (float)(v - r0);
        for (var x = 0; x < row.Length; x++)
        {
            var u = Math.Clamp(((x + 0.5f) / _block) - 0.5f, 0, _columns - 1);
            var c0 = (int)u;
            var c1 = Math.Min(c0 + 1, _columns - 1);
            var fx = u - c0;
            var a = _blocks[(r0 * _columns) + c0] + (fx * (_blocks[(r0 * _columns) + c1] - _blocks[(r0 * _columns) + c0]));
            var b = _blocks[(r1 * _columns) + c0] + (fx * (_blocks[(r1 * _columns) + c1] - _blocks[(r1 * _columns) + c0]));
            row[x] = a + (fy * (b - a));
        }
    }

    private static float[] BoxSmooth(float[] values, int columns, int rows)
    {
        var result = new float[values.Length];
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < columns; x++)
            {
                float sum = 0;
                var count = 0;
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        int yy = y + dy, xx = x + dx;
                        if (yy < 0 || yy >= rows || xx < 0 || xx >= columns)
                            continue;
                        sum += values[(yy * columns) + xx];
                        count++;
                    }
                }
                result[(y * columns) + x] = sum / count;
            }
        }
        return result;
    }
}
