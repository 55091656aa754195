namespace Protect.Domain.Forensics;

/// <summary>Robust normalization of raw per-cell measures into 0..1 heat.</summary>
internal static class HeatStats
{
    /// <summary>
    /// 3×3-smoothed, then robust z-score against the picture's own median and MAD, mapped so that 6 MADs above
    /// typical reads 1: a heat map shows what is unusual for this picture, not absolute levels.
    /// </summary>
    public static float[] Normalize(float[] raw, int cols, int rows, bool twoSided = false)
    {
        var smooth = Smooth(raw, cols, rows);
        if (smooth.Length == 0)
            return smooth;
        var median = Median(smooth);
        var mad = Median([.. smooth.Select(v => MathF.Abs(v - median))]) * 1.4826f;
        var scale = Math.Max(mad, 1e-4f) * 6;
        var result = new float[smooth.Length];
        for (var n = 0; n < smooth.Length; n++)
        {
            var z = (smooth[n] - median) / scale;
            result[n] = Math.Clamp(twoSided ? MathF.Abs(z) : z, 0, 1);
        }
        return result;
    }

    public static float[] Smooth(float[] raw, int cols, int rows)
    {
        var result = new float[raw.Length];
        for (var j = 0; j < rows; j++)
        {
            for (var i = 0; i < cols; i++)
            {
                float sum = 0;
                var count = 0;
                for (var dj = -1; dj <= 1; dj++)
                {
                    for (var di = -1; di <= 1; di++)
                    {
                        int y = j + dj, x = i + di;
                        if (x < 0 || y < 0 || x >= cols || y >= rows)
                            continue;
                        sum += raw[(y * cols) + x];
                        count++;
                    }
                }
                result[(j * cols) + i] = sum / count;
            }
        }
        return result;
    }

    public static float Median(float[] values)
    {
        if (values.Length == 0)
            return 0;
        var copy = (float[])values.Clone();
        Array.Sort(copy);
        return copy[copy.Length / 2];
    }
}
