namespace Protect.Domain.Forensics;

/// <summary>
/// Block scores of the integrity layer → tamper probability per block. A block is suspect when its 3×3
/// neighbourhood falls well below the picture's own typical score (global processing lowers every block alike;
/// an edit lowers one area), and the probability then follows the block's own score so edges land where the
/// edit does.
/// </summary>
internal static class TamperLocalizer
{
    /// <summary>Below this typical score the layer no longer tells blocks apart (heavy global processing).</summary>
    public const double MinLocalScore = 0.35;

    /// <summary>
    /// A foreign 3×3 neighbourhood averages 0 ± 0.1; a seed threshold below this would miss most of them, so the
    /// picture is then too damaged for local decisions and none are made (no mask rather than a noisy one).
    /// </summary>
    private const double MinSeedThreshold = 0.1;

    /// <summary>Robust standard deviations below the typical neighbourhood that a seed must fall.</summary>
    private const double SeedSigmas = 4;

    /// <summary>Seeds in a connected group smaller than this are noise (an edit of 1% covers about 16 blocks).</summary>
    private const int MinSeedGroup = 3;

    public static float[] Probabilities(IntegrityReading reading, out double typical)
    {
        int cols = reading.Cols, rows = reading.Rows;
        typical = WeightedMedian(reading.Score, reading.Weight);
        var result = new float[cols * rows];
        if (typical < MinLocalScore)
            return result;
        var smooth = Smooth(reading.Score, reading.Weight, cols, rows, 1, out var support);
        var local = Smooth(reading.Score, reading.Weight, cols, rows, 0, out _);
        // The spread of intact neighbourhoods, from the picture itself: recompression and texture widen it.
        var typicalSmooth = WeightedMedian(smooth, support);
        var deviation = Array.ConvertAll(smooth, v => Math.Abs(v - (float)typicalSmooth));
        var spread = 1.4826 * WeightedMedian(deviation, support);
        var threshold = Math.Min(0.45 * typical, typicalSmooth - (SeedSigmas * spread));
        if (threshold < MinSeedThreshold)
            return result;
        var seed = new bool[result.Length];
        for (var n = 0; n < seed.Length; n++)
            seed[n] = support[n] >= 3 && smooth[n] < threshold;
        DropSmallGroups(seed, cols, rows);
        var own = new float[result.Length];
        for (var n = 0; n < own.Length; n++)
            own[n] = reading.Weight[n] > 0.2f ? local[n] : smooth[n];
        var grown = Grow(seed, own, smooth, typical, cols, rows);
        for (var j = 0; j < rows; j++)
        {
            for (var i = 0; i < cols; i++)
            {
                var n = (j * cols) + i;
                if (NearSeed(grown, cols, rows, i, j))
                    result[n] = (float)Math.Clamp(((0.75 * typical) - own[n]) / (0.5 * typical), 0, 1);
            }
        }
        return result;
    }

    /// <summary>
    /// From the seeds, flood into neighbouring blocks whose own score is below half the typical one and whose
    /// neighbourhood is low too: a seed proves an edit nearby, and its extent is then traced with a looser test
    /// (the neighbourhood condition keeps the flood out of merely noisy intact texture).
    /// </summary>
    private static bool[] Grow(bool[] seed, float[] own, float[] smooth, double typical, int cols, int rows)
    {
        var grown = (bool[])seed.Clone();
        var stack = new Stack<int>(Enumerable.Range(0, seed.Length).Where(n => seed[n]));
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            int i = n % cols, j = n / cols;
            for (var d = 0; d < 4; d++)
            {
                int x = i + (d == 0 ? -1 : d == 1 ? 1 : 0), y = j + (d == 2 ? -1 : d == 3 ? 1 : 0);
                var m = (y * cols) + x;
                if (x >= 0 && y >= 0 && x < cols && y < rows && !grown[m] && own[m] < 0.5 * typical && smooth[m] < 0.6 * typical)
                {
                    grown[m] = true;
                    stack.Push(m);
                }
            }
        }
        return grown;
    }

    private static void DropSmallGroups(bool[] seed, int cols, int rows)
    {
        var seen = new bool[seed.Length];
        var group = new List<int>();
        var stack = new Stack<int>();
        for (var start = 0; start < seed.Length; start++)
        {
            if (!seed[start] || seen[start])
                continue;
            group.Clear();
            stack.Push(start);
            seen[start] = true;
            while (stack.Count > 0)
            {
                var n = stack.Pop();
                group.Add(n);
                int i = n % cols, j = n / cols;
                for (var dj = -1; dj <= 1; dj++)
                {
                    for (var di = -1; di <= 1; di++)
                    {
                        int x = i + di, y = j + dj;
                        var m = (y * cols) + x;
                        if (x >= 0 && y >= 0 && x < cols && y < rows && seed[m] && !seen[m])
                        {
                            seen[m] = true;
                            stack.Push(m);
                        }
                    }
                }
            }
            if (group.Count < MinSeedGroup)
                group.ForEach(n => seed[n] = false);
        }
    }

    private static bool NearSeed(bool[] seed, int cols, int rows, int i, int j)
    {
        for (var dj = -1; dj <= 1; dj++)
        {
            for (var di = -1; di <= 1; di++)
            {
                int x = i + di, y = j + dj;
                if (x >= 0 && y >= 0 && x < cols && y < rows && seed[(y * cols) + x])
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Weighted mean over a (2r+1)² window, or over the block and its four neighbours at half weight when r = 0;
    /// <paramref name="support"/> is the summed weight (clipped blocks carry none).
    /// </summary>
    private static float[] Smooth(float[] score, float[] weight, int cols, int rows, int r, out float[] support)
    {
        var result = new float[score.Length];
        support = new float[score.Length];
        for (var j = 0; j < rows; j++)
        {
            for (var i = 0; i < cols; i++)
            {
                float sum = 0, total = 0;
                for (var dj = -Math.Max(r, 1); dj <= Math.Max(r, 1); dj++)
                {
                    for (var di = -Math.Max(r, 1); di <= Math.Max(r, 1); di++)
                    {
                        int x = i + di, y = j + dj;
                        if (x < 0 || y < 0 || x >= cols || y >= rows || (r == 0 && di != 0 && dj != 0))
                            continue;
                        var w = weight[(y * cols) + x] * (r == 0 && (di != 0 || dj != 0) ? 0.5f : 1f);
                        sum += w * score[(y * cols) + x];
                        total += w;
                    }
                }
                result[(j * cols) + i] = total > 0 ? sum / total : 1f;
                support[(j * cols) + i] = total;
            }
        }
        return result;
    }

    public static double WeightedMedian(float[] values, float[] weights)
    {
        var order = Enumerable.Range(0, values.Length).Where(n => weights[n] > 0).OrderBy(n => values[n]).ToArray();
        var total = order.Sum(n => (double)weights[n]);
        double run = 0;
        foreach (var n in order)
        {
            run += weights[n];
            if (run >= total / 2)
                return values[n];
        }
        return 0;
    }
}
