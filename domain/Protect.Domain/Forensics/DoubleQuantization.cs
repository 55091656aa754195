namespace Protect.Domain.Forensics;

/// <summary>
/// JPEG history from the DCT coefficients: after a JPEG compression each low frequency's coefficients cluster on
/// multiples of its quantization step. The step is found per frequency from the whole picture; blocks whose
/// non-zero coefficients sit off those multiples were most likely pasted in or re-rendered after that compression.
/// </summary>
internal sealed class DoubleQuantization
{
    /// <summary>Low AC frequencies [v*8+u] examined (they keep enough non-zero coefficients).</summary>
    public static readonly int[] Frequencies = [1, 8, 9, 2, 16, 10, 17, 3, 24];

    private DoubleQuantization(Dictionary<int, int> steps, int? quality)
    {
        Steps = steps;
        Quality = quality;
    }

    /// <summary>Frequency → detected step (only frequencies with a clear lattice).</summary>
    public Dictionary<int, int> Steps { get; }

    public int? Quality { get; }

    public static DoubleQuantization Estimate(JpegBlocks blocks)
    {
        var steps = new Dictionary<int, int>();
        foreach (var f in Frequencies)
        {
            // The largest step whose lattice the coefficients follow; divisors of the true step also fit.
            for (var q = 40; q >= 3; q--)
            {
                if (Periodicity(blocks, f, q) > 0.6)
                {
                    steps[f] = q;
                    break;
                }
            }
        }
        return new DoubleQuantization(steps, steps.Count >= 4 ? FitQuality(steps) : null);
    }

    private static double Periodicity(JpegBlocks blocks, int f, int q)
    {
        double sum = 0;
        var count = 0;
        var c = blocks.Coefficients;
        var count0 = blocks.Cols * blocks.Rows;
        for (var b = 0; b < count0; b += Math.Max(1, count0 / 20000))
        {
            var v = c[(b * 64) + f];
            if (MathF.Abs(v) < q * 0.5f)
                continue;
            sum += Math.Cos(2 * Math.PI * v / q);
            count++;
        }
        return count < 50 ? 0 : sum / count;
    }

    private static int FitQuality(Dictionary<int, int> steps)
    {
        var best = 50;
        var bestError = double.MaxValue;
        for (var quality = 10; quality <= 100; quality++)
        {
            var table = JpegBlocks.TableFor(quality);
            var error = steps.Sum(s => Math.Abs(Math.Log(table[s.Key] / (double)s.Value)));
            if (error < bestError)
                (best, bestError) = (quality, error);
        }
        return best;
    }

    /// <summary>Per 8×8 block: how far its clear non-zero coefficients sit off the lattice (0 on it, up to 2).</summary>
    public float[] Misfit(JpegBlocks blocks)
    {
        var result = new float[blocks.Cols * blocks.Rows];
        var c = blocks.Coefficients;
        Parallel.For(0, result.Length, b =>
        {
            float sum = 0, count = 0;
            foreach (var (f, q) in Steps)
            {
                var v = c[(b * 64) + f];
                if (MathF.Abs(v) < q * 0.5f)
                    continue;
                sum += 1 - MathF.Cos(2 * MathF.PI * v / q);
                count++;
            }
            result[b] = count == 0 ? 0 : sum / count;
        });
        return result;
    }
}
