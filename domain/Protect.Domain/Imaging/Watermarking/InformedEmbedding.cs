namespace Protect.Domain.Imaging.Watermarking;

/// <summary>
/// Informed embedding (in the spirit of Malvar and Florêncio's improved spread spectrum): the embedder knows the
/// host, so it can compute what the detector will read from the unmarked image for every coded bit and spend
/// the mark's energy where the host works against the bit. Host interference, not compression, is what limits a
/// blind spread-spectrum mark on textured photos, so this buys most of the robustness margin.
/// </summary>
internal static class InformedEmbedding
{
    /// <summary>Smallest gain: the host's help to a bit may not survive an attack, so every bit keeps some mark.</summary>
    private const float GainFloor = 0.5f;

    /// <summary>Margin every kept bit should reach, as a fraction of the mean response at gain 1.</summary>
    private const double MarginTarget = 0.25;

    /// <summary>Most coded bits given up to the error-correcting code when the budget cannot carry them all.</summary>
    private const double MaxDroppedFraction = 1.0 / 6;

    private const double MinResponse = 0.25;

    /// <summary>
    /// Per-coded-bit gains with mean square 1. <paramref name="hostMargin"/>: detector reading of the unmarked
    /// host, signed so positive helps the bit. <paramref name="response"/>: reading of the mark at gain 1.
    /// The margin of bit k is hostMargin[k] + gain[k]·response[k]. Water-filling raises every bit to a common
    /// level τ. When the host is so busy that τ would stay below the target, the bits most costly to rescue are
    /// dropped (left at the floor, for the code to correct) until the rest reach it: a few sure errors beat many
    /// coin flips.
    /// </summary>
    public static float[] Gains(ReadOnlySpan<float> hostMargin, ReadOnlySpan<float> response)
    {
        if (hostMargin.Length != response.Length)
            throw new ArgumentException("Host margins and responses differ in length.", nameof(response));
        var n = hostMargin.Length;
        var host = hostMargin.ToArray().Select(v => (double)v).ToArray();
        var meanResponse = response.ToArray().Average();
        var gains = new float[n];
        if (!(meanResponse > 0))
        {
            Array.Fill(gains, 1f); // no model of the channel: plain spread spectrum
            return gains;
        }
        // A response far below average (cross-talk) must not blow a gain up.
        var r = response.ToArray().Select(v => Math.Max(v, MinResponse * meanResponse)).ToArray();

        // Costliest first: most negative host margin per unit of response.
        var order = Enumerable.Range(0, n).OrderBy(k => host[k] / r[k]).ToArray();
        var dropped = new bool[n];
        int low = 0, high = (int)(n * MaxDroppedFraction);
        while (low < high) // smallest number of drops that reaches the target level (the level grows with drops)
        {
            var mid = (low + high) / 2;
            if (WaterFill(host, r, Drop(order, mid, dropped), gains) >= MarginTarget * meanResponse)
                high = mid;
            else
                low = mid + 1;
        }
        WaterFill(host, r, Drop(order, low, dropped), gains);
        return gains;
    }

    private static bool[] Drop(int[] order, int count, bool[] dropped)
    {
        for (var i = 0; i < order.Length; i++)
            dropped[order[i]] = i < count;
        return dropped;
    }

    /// <summary>Fills <paramref name="gains"/> for the highest level τ with unit mean square; returns τ.</summary>
    private static double WaterFill(double[] host, double[] r, bool[] dropped, float[] gains)
    {
        // All gains on the floor (mean square ≤ 1) at the lowest host margin; one gain of √n alone spends the
        // whole budget at the highest margin plus √n·response. Bisect between.
        double low = double.MaxValue, high = double.MinValue;
        for (var k = 0; k < host.Length; k++)
        {
            low = Math.Min(low, host[k]);
            high = Math.Max(high, host[k] + (Math.Sqrt(host.Length) * r[k]));
        }
        for (var iteration = 0; iteration < 50; iteration++)
        {
            var tau = 0.5 * (low + high);
            if (Fill(host, r, dropped, tau, gains) > 1)
                high = tau;
            else
                low = tau;
        }
        var norm = (float)(1 / Math.Sqrt(Fill(host, r, dropped, low, gains)));
        for (var k = 0; k < gains.Length; k++)
            gains[k] *= norm; // exact unit mean square
        return low;
    }

    private static double Fill(double[] host, double[] r, bool[] dropped, double tau, float[] gains)
    {
        double sum = 0;
        for (var k = 0; k < gains.Length; k++)
        {
            gains[k] = dropped[k] ? GainFloor : (float)Math.Max(GainFloor, (tau - host[k]) / r[k]);
            sum += gains[k] * gains[k];
        }
        return sum / gains.Length;
    }
}
