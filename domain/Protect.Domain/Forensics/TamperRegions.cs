namespace Protect.Domain.Forensics;

/// <summary>
/// Connected flagged areas of a mask as boxes with their share of the picture. Components are found on the block
/// grid (cheap even at 12 MP); box and area are then measured on the per-pixel mask inside each component's reach.
/// </summary>
internal static class TamperRegions
{
    /// <summary>Regions smaller than this share of the picture are dropped as noise.</summary>
    public const double MinAreaPercent = 0.1;

    public static List<TamperRegion> Find(TamperMask mask)
    {
        int cols = mask.Cols, rows = mask.Rows;
        if (cols == 0 || !mask.BlockProbability.Any(p => p >= TamperMask.Threshold))
            return [];
        var probability = mask.PixelProbability();
        var seen = new bool[cols * rows];
        var regions = new List<TamperRegion>();
        var stack = new Stack<int>();
        for (var start = 0; start < seen.Length; start++)
        {
            if (seen[start] || mask.BlockProbability[start] < TamperMask.Threshold)
                continue;
            int minI = cols, minJ = rows, maxI = -1, maxJ = -1;
            stack.Push(start);
            seen[start] = true;
            while (stack.Count > 0)
            {
                var n = stack.Pop();
                int i = n % cols, j = n / cols;
                (minI, maxI, minJ, maxJ) = (Math.Min(minI, i), Math.Max(maxI, i), Math.Min(minJ, j), Math.Max(maxJ, j));
                for (var d = 0; d < 4; d++)
                {
                    int x = i + (d == 0 ? -1 : d == 1 ? 1 : 0), y = j + (d == 2 ? -1 : d == 3 ? 1 : 0);
                    var m = (y * cols) + x;
                    if (x >= 0 && y >= 0 && x < cols && y < rows && !seen[m] && mask.BlockProbability[m] >= TamperMask.Threshold)
                    {
                        seen[m] = true;
                        stack.Push(m);
                    }
                }
            }
            if (Measure(mask, probability, minI, minJ, maxI, maxJ) is { } region && region.AreaPercent >= MinAreaPercent)
                regions.Add(region);
        }
        return [.. regions.OrderByDescending(r => r.AreaPercent)];
    }

    /// <summary>Tight box, area and mean probability of the flagged pixels within the component's blocks (± one).</summary>
    private static TamperRegion? Measure(TamperMask mask, float[] probability, int minI, int minJ, int maxI, int maxJ)
    {
        int width = mask.Width, height = mask.Height;
        var x0 = (int)Math.Max(0, (minI - 1) * (double)width / mask.Cols);
        var x1 = (int)Math.Min(width, (maxI + 2) * (double)width / mask.Cols);
        var y0 = (int)Math.Max(0, (minJ - 1) * (double)height / mask.Rows);
        var y1 = (int)Math.Min(height, (maxJ + 2) * (double)height / mask.Rows);
        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        long count = 0;
        double sum = 0;
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                var p = probability[(y * width) + x];
                if (p < TamperMask.Threshold)
                    continue;
                (left, right, top, bottom) = (Math.Min(left, x), Math.Max(right, x), Math.Min(top, y), Math.Max(bottom, y));
                count++;
                sum += p;
            }
        }
        return count == 0 ? null : new TamperRegion(left, top, right - left + 1, bottom - top + 1,
            Math.Round(100.0 * count / probability.Length, 2), Math.Round(sum / count, 3));
    }
}
