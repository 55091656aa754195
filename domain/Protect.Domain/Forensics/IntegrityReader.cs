using Protect.Domain.Keys;

namespace Protect.Domain.Forensics;

/// <summary>
/// Reads the integrity layer of a suspect: finds the block grid (the protected size is unknown after a resize, so
/// likely scales are tried, the protected size first), re-fits each carrier's gain per brightness band (contrast,
/// gamma, blur and resampling scale carriers smoothly across the picture) and scores each block by how close its
/// carriers sit to their keyed lattice: about 1 when intact, about 0 when the content is foreign.
/// </summary>
public static class IntegrityReader
{
    /// <summary>Scales (suspect size / protected size) tried in order; the first convincing grid wins.</summary>
    private static readonly double[] Scales = [1, 0.75, 0.5, 0.9, 0.8, 0.667, 1.25, 1.5, 2, 0.6, 0.4, 0.33, 0.25];

    /// <summary>Quick score above which a grid is taken without trying the others (unmarked grids score ~0.05).</summary>
    private const double Convincing = 0.35;

    /// <summary>
    /// Brightness band edges, denser in the shadows: a gamma curve's slope changes fastest there, so one gain per
    /// band fits gamma and contrast edits only if dark bands are narrow.
    /// </summary>
    private static readonly float[] BandEdges = [12, 24, 36, 52, 72, 96, 128, 168, 212];

    /// <summary>Sharpening strengths tried on the chosen grid (0 = none, already measured).</summary>
    private static readonly float[] Sharpening = [0.25f, 0.5f, 1f];

    /// <summary>Gains are global statistics: a few thousand blocks fix them as well as all 47,000 of a 12 MP picture.</summary>
    private const int FitBlocks = 6000;

    public static IntegrityReading Read(LumaPlane luma, WatermarkKey key)
    {
        ArgumentNullException.ThrowIfNull(luma);
        BlockCarriers? best = null;
        var bestScore = double.NegativeInfinity;
        var tried = new HashSet<(int, int)>();
        foreach (var scale in Scales)
        {
            var cols = (int)Math.Round(luma.Width / (IntegrityLayout.BlockPixels * scale));
            var rows = (int)Math.Round(luma.Height / (IntegrityLayout.BlockPixels * scale));
            if (cols < 4 || rows < 4 || cols * IntegrityLayout.Sub > luma.Width || rows * IntegrityLayout.Sub > luma.Height || !tried.Add((cols, rows)))
                continue;
            var candidate = BlockCarriers.Measure(luma, new IntegrityLayout(key, cols, rows), scale);
            var score = candidate.QuickScore();
            if (score > bestScore)
                (best, bestScore) = (candidate, score);
            if (score >= Convincing)
                break;
        }
        if (best is null)
            return IntegrityReading.None(luma.Width, luma.Height);
        var plain = best;
        foreach (var beta in Sharpening)
        {
            var candidate = plain.Sharpened(beta);
            var score = candidate.QuickScore();
            if (score > bestScore + 0.01)
                (best, bestScore) = (candidate, score);
        }
        var gains = FitGains(best);
        var (scores, weights) = best.Scores(gains);
        return new IntegrityReading(luma.Width, luma.Height, best.Layout.Cols, best.Layout.Rows, best.Scale, scores, weights,
            WeightedMean(scores, weights), MeanGain(gains));
    }

    /// <summary>Gain of each carrier in each brightness band (by block mean), chosen to best fit the lattice.</summary>
    private static float[,] FitGains(BlockCarriers blocks)
    {
        var carriers = IntegrityLayout.Carriers.Length;
        var bands = BandEdges.Length + 1;
        var gains = new float[bands, carriers];
        var band = blocks.Bands(BandEdges);
        var global = new float[carriers];
        var stride = Math.Max(1, blocks.Count / FitBlocks);
        var all = Enumerable.Range(0, blocks.Count).Where(n => n % stride == 0).ToArray();
        Parallel.For(0, carriers, k => global[k] = blocks.BestGain(all, k));
        Parallel.For(0, bands, b =>
        {
            var members = all.Where(n => band[n] == b).ToArray();
            for (var k = 0; k < carriers; k++)
                gains[b, k] = members.Length >= 24 ? blocks.BestGain(members, k, global[k]) : global[k];
        });
        for (var n = 0; n < blocks.Count; n++)
            blocks.BandOf[n] = band[n];
        return gains;
    }

    private static double MeanGain(float[,] gains)
    {
        double sum = 0;
        foreach (var g in gains)
            sum += g;
        return sum / gains.Length;
    }

    private static double WeightedMean(float[] values, float[] weights)
    {
        double sum = 0, total = 0;
        for (var n = 0; n < values.Length; n++)
        {
            sum += values[n] * weights[n];
            total += weights[n];
        }
        return total > 0 ? sum / total : 0;
    }
}
