namespace Protect.Domain.Imaging.Watermarking;

/// <summary>Small filters on square grids (row-major, size×size), edges replicated.</summary>
internal static class GridFilters
{
    /// <summary>Mask bounds relative to the mean local texture.</summary>
    private const float MaskFloor = 0.5f;
    private const float MaskCap = 2f;

    /// <summary>Grids this small carry too few cells per coded bit to afford masking: every cell gets the same energy.</summary>
    private const int UnmaskedGridSize = 64;

    /// <summary>Mean over a (2r+1)×(2r+1) window, computed separably.</summary>
    public static float[] BoxMean(ReadOnlySpan<float> grid, int size, int radius)
    {
        var rows = new float[grid.Length];
        var result = new float[grid.Length];
        var norm = 1f / ((2 * radius) + 1);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var sum = 0f;
                for (var d = -radius; d <= radius; d++)
                    sum += grid[(y * size) + Math.Clamp(x + d, 0, size - 1)];
                rows[(y * size) + x] = sum * norm;
            }
        }
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var sum = 0f;
                for (var d = -radius; d <= radius; d++)
                    sum += rows[(Math.Clamp(y + d, 0, size - 1) * size) + x];
                result[(y * size) + x] = sum * norm;
            }
        }
        return result;
    }

    /// <summary>
    /// Separable 3-tap filter (symmetric taps [side, centre, side] per axis), e.g. the blur of drawing a pattern
    /// and sampling it back, see <see cref="PatternRenderer.SampledKernel"/>.
    /// </summary>
    public static float[] Separable3(ReadOnlySpan<float> grid, int size, (float Centre, float Side) x, (float Centre, float Side) y)
    {
        var rows = new float[grid.Length];
        var result = new float[grid.Length];
        for (var r = 0; r < size; r++)
        {
            for (var c = 0; c < size; c++)
            {
                var i = (r * size) + c;
                var left = grid[(r * size) + Math.Max(c - 1, 0)];
                var right = grid[(r * size) + Math.Min(c + 1, size - 1)];
                rows[i] = (x.Centre * grid[i]) + (x.Side * (left + right));
            }
        }
        for (var r = 0; r < size; r++)
        {
            for (var c = 0; c < size; c++)
            {
                var i = (r * size) + c;
                var up = rows[(Math.Max(r - 1, 0) * size) + c];
                var down = rows[(Math.Min(r + 1, size - 1) * size) + c];
                result[i] = (y.Centre * rows[i]) + (y.Side * (up + down));
            }
        }
        return result;
    }

    /// <summary>Value minus its 3×3 mean: removes most of the host image, keeps most of a cell-wise random mark.</summary>
    public static float[] HighPass(ReadOnlySpan<float> grid, int size)
    {
        var result = BoxMean(grid, size, 1);
        for (var i = 0; i < result.Length; i++)
            result[i] = grid[i] - result[i];
        return result;
    }

    /// <summary>Root mean square over a (2r+1)² window: the local activity (texture energy) of a high-passed grid.</summary>
    public static float[] LocalRms(ReadOnlySpan<float> values, int size, int radius)
    {
        var squares = new float[values.Length];
        for (var i = 0; i < squares.Length; i++)
            squares[i] = values[i] * values[i];
        var result = BoxMean(squares, size, radius);
        for (var i = 0; i < result.Length; i++)
            result[i] = MathF.Sqrt(result[i]);
        return result;
    }

    /// <summary>
    /// Per-cell mark amplitude with RMS 1: grows with the square root of local texture (the eye misses changes in
    /// busy areas, but the detector reads busy areas through more host noise, so full proportionality would cost
    /// robustness), clamped between a floor (flat areas still carry mark) and a cap (one busy patch cannot take it
    /// all). Uniform on the smallest grid, where capacity matters more than invisibility.
    /// </summary>
    public static float[] PerceptualMask(ReadOnlySpan<float> luma, int size)
    {
        var mask = new float[luma.Length];
        if (size <= UnmaskedGridSize)
        {
            Array.Fill(mask, 1f);
            return mask;
        }
        var activity = LocalRms(HighPass(luma, size), size, 2);
        double mean = 0;
        foreach (var a in activity)
            mean += a;
        mean /= activity.Length;

        double sumSquares = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = mean > 1e-6 ? Math.Clamp(MathF.Sqrt((float)(activity[i] / mean)), MaskFloor, MaskCap) : 1f;
            sumSquares += mask[i] * mask[i];
        }
        var norm = (float)(1 / Math.Sqrt(sumSquares / mask.Length));
        for (var i = 0; i < mask.Length; i++)
            mask[i] *= norm;
        return mask;
    }
}
