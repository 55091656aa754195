namespace Protect.Domain.Forensics;

/// <summary>Connected flagged areas of a mask as boxes with their share of the picture.</summary>
internal static class TamperRegions
{
    /// <summary>Regions smaller than this share of the picture are dropped as noise.</summary>
    public const double MinAreaPercent = 0.1;

    public static List<TamperRegion> Find(TamperMask mask)
    {
        int width = mask.Width, height = mask.Height;
        var probability = mask.PixelProbability();
        var flagged = Array.ConvertAll(probability, p => p >= TamperMask.Threshold);
        var label = new int[flagged.Length];
        var regions = new List<TamperRegion>();
        var stack = new Stack<int>();
        var next = 0;
        for (var start = 0; start < flagged.Length; start++)
        {
            if (!flagged[start] || label[start] != 0)
                continue;
            next++;
            int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
            long count = 0;
            double sum = 0;
            label[start] = next;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                int x = p % width, y = p / width;
                (minX, maxX, minY, maxY) = (Math.Min(minX, x), Math.Max(maxX, x), Math.Min(minY, y), Math.Max(maxY, y));
                count++;
                sum += probability[p];
                Visit(x - 1, y);
                Visit(x + 1, y);
                Visit(x, y - 1);
                Visit(x, y + 1);
            }
            var area = 100.0 * count / flagged.Length;
            if (area >= MinAreaPercent)
                regions.Add(new TamperRegion(minX, minY, maxX - minX + 1, maxY - minY + 1, Math.Round(area, 2), Math.Round(sum / count, 3)));
        }
        return [.. regions.OrderByDescending(r => r.AreaPercent)];

        void Visit(int x, int y)
        {
            if (x < 0 || y < 0 || x >= width || y >= height)
                return;
            var q = (y * width) + x;
            if (flagged[q] && label[q] == 0)
            {
                label[q] = next;
                stack.Push(q);
            }
        }
    }
}
