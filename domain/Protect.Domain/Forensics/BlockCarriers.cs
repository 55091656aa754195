namespace Protect.Domain.Forensics;

/// <summary>Every block's carrier values, brightness and clipping on one candidate grid, and their lattice fit.</summary>
internal sealed class BlockCarriers
{
    private const int K = 6;
    private readonly float[] _carrier;
    private readonly float[] _dither;
    private readonly float[] _brightness;
    private readonly float[] _clipped;

    private BlockCarriers(IntegrityLayout layout, double scale, float[] carrier, float[] dither, float[] brightness, float[] clipped)
    {
        Layout = layout;
        Scale = scale;
        _carrier = carrier;
        _dither = dither;
        _brightness = brightness;
        _clipped = clipped;
        BandOf = new int[layout.Cols * layout.Rows];
    }

    public IntegrityLayout Layout { get; }
    public double Scale { get; }
    public int Count => _brightness.Length;
    public int[] BandOf { get; }

    /// <summary>The sub-cell averages this was measured on (kept for <see cref="Sharpened"/>).</summary>
    public float[] Cells { get; private set; } = [];

    private float[] _clip = [];

    public static BlockCarriers Measure(LumaPlane luma, IntegrityLayout layout, double scale)
    {
        var sub = IntegrityLayout.Sub;
        var (cells, clip) = luma.Cells(layout.Cols * sub, layout.Rows * sub);
        return Measure(cells, clip, layout, scale);
    }

    /// <summary>
    /// The same grid after undoing some blur between sub-cells (v + β·(v − mean of its 4 neighbours)): resampling
    /// and JPEG smear each sub-cell into its neighbours, which leaks host texture into the carriers.
    /// </summary>
    public BlockCarriers Sharpened(float beta)
    {
        int w = Layout.Cols * IntegrityLayout.Sub, h = Layout.Rows * IntegrityLayout.Sub;
        var result = new float[Cells.Length];
        Parallel.For(0, h, y =>
        {
            for (var x = 0; x < w; x++)
            {
                var v = Cells[(y * w) + x];
                var around = 0.25f * (Cells[(y * w) + Math.Max(0, x - 1)] + Cells[(y * w) + Math.Min(w - 1, x + 1)]
                    + Cells[(Math.Max(0, y - 1) * w) + x] + Cells[(Math.Min(h - 1, y + 1) * w) + x]);
                result[(y * w) + x] = v + (beta * (v - around));
            }
        });
        return Measure(result, _clip, Layout, Scale);
    }

    private static BlockCarriers Measure(float[] cells, float[] clip, IntegrityLayout layout, double scale)
    {
        int cols = layout.Cols, rows = layout.Rows, sub = IntegrityLayout.Sub;
        var carrier = new float[cols * rows * K];
        var dither = new float[cols * rows * K];
        var brightness = new float[cols * rows];
        var clipped = new float[cols * rows];
        Parallel.For(0, rows, j =>
        {
            for (var i = 0; i < cols; i++)
            {
                var n = (j * cols) + i;
                layout.Coefficients(cells, i, j, carrier.AsSpan(n * K, K));
                for (var k = 0; k < K; k++)
                    dither[(n * K) + k] = layout.Dither(i, j, k);
                float sum = 0, clips = 0;
                for (var y = 0; y < sub; y++)
                {
                    for (var x = 0; x < sub; x++)
                    {
                        var c = (((j * sub) + y) * cols * sub) + (i * sub) + x;
                        sum += cells[c];
                        clips += clip[c];
                    }
                }
                brightness[n] = sum / (sub * sub);
                clipped[n] = clips / (sub * sub);
            }
        });
        return new BlockCarriers(layout, scale, carrier, dither, brightness, clipped) { Cells = cells, _clip = clip };
    }

    /// <summary>Lattice fit of one carrier at one gain: cos of its phase, 1 on the lattice, -1 half a step off.</summary>
    private float Fit(int n, int k, float gain)
    {
        var phase = (_carrier[(n * K) + k] / (gain * IntegrityLayout.Step)) - _dither[(n * K) + k];
        return MathF.Cos(2 * MathF.PI * phase);
    }

    /// <summary>
    /// Large carriers (strong texture) are the first to slip under a small gain error, so they count less.
    /// </summary>
    private float Reliability(int n, int k)
    {
        var r = _carrier[(n * K) + k] / (12 * IntegrityLayout.Step);
        return 1 / (1 + (r * r));
    }

    /// <summary>Best of a few global gains, for choosing the grid.</summary>
    public double QuickScore()
    {
        var best = double.NegativeInfinity;
        foreach (var gain in new[] { 0.8f, 0.9f, 1f, 1.1f })
        {
            double sum = 0, total = 0;
            for (var n = 0; n < Count; n++)
            {
                for (var k = 0; k < K; k++)
                {
                    var w = Reliability(n, k);
                    sum += w * Fit(n, k, gain);
                    total += w;
                }
            }
            best = Math.Max(best, sum / Math.Max(total, 1e-9));
        }
        return best;
    }

    /// <summary>The gain of carrier k over the given blocks: a 3 % log grid, then a 0.5 % refinement.</summary>
    public float BestGain(int[] members, int k, float prior = 1f)
    {
        float Total(float gain)
        {
            float sum = 0;
            foreach (var n in members)
                sum += Reliability(n, k) * Fit(n, k, gain);
            return sum;
        }
        var best = prior;
        var bestValue = Total(prior);
        for (var g = 0.45f; g <= 1.9f; g *= 1.03f)
        {
            var v = Total(g);
            if (v > bestValue)
                (best, bestValue) = (g, v);
        }
        var center = best;
        for (var f = 0.985f; f <= 1.0151f; f += 0.005f)
        {
            var v = Total(center * f);
            if (v > bestValue)
                (best, bestValue) = (center * f, v);
        }
        return best;
    }

    public int[] Bands(float[] edges)
    {
        var band = new int[Count];
        for (var n = 0; n < Count; n++)
        {
            var b = 0;
            while (b < edges.Length && _brightness[n] >= edges[b])
                b++;
            band[n] = b;
        }
        return band;
    }

    /// <summary>Per-block lattice score in [-1, 1] and evidence weight (clipped blocks carry none).</summary>
    public (float[] Score, float[] Weight) Scores(float[,] gains)
    {
        var score = new float[Count];
        var weight = new float[Count];
        for (var n = 0; n < Count; n++)
        {
            float sum = 0, total = 0;
            for (var k = 0; k < K; k++)
            {
                var w = Reliability(n, k);
                sum += w * Fit(n, k, gains[BandOf[n], k]);
                total += w;
            }
            score[n] = sum / total;
            weight[n] = Math.Clamp(1 - (3 * _clipped[n]), 0, 1) * (total / K);
        }
        return (score, weight);
    }
}
