namespace Protect.Domain.Audio;

/// <summary>
/// Weighs each soft value by how far its group's energy stands above that group's noise floor, estimated as the
/// 10th percentile of the group's energy over the file (speech pauses, quiet passages). Added noise drowns the mark
/// in tiles near the floor, and there the soft values are coin flips: measured on speech with white noise at 20 dB
/// SNR, groups within 12 dB of the floor agreed with the embedded lattice at about 0, those 18 dB above at 0.84-0.99.
/// Clean audio has a floor far below its content, so every weight is near 1 and nothing is lost.
/// Each group (band pair) is then weighed by how well its values sit on the lattice at all: a soft value
/// s = cos(e) of a marked projection with error e has E[s²] = (1 + E[cos 2e]) / 2, so 2E[s²] - 1 estimates
/// E[cos 2e] >= 0, about m⁴ for Gaussian errors where m = E[s] is what the group contributes; its square root (m²)
/// favours the bands an attack spared (on speech after AAC 64k: 0.8 under 750 Hz, 0.1-0.2 above 3 kHz) without
/// trusting a noisy estimate too far. Weights never look at a value's sign, so the sync z-score stays N(0, 1) on
/// unmarked audio.
/// </summary>
internal static class NoiseWeights
{
    /// <summary>Signal-to-floor power ratio at which a value gets half weight (13 dB).</summary>
    private const double HalfWeightSnr = 20;

    /// <summary>Scales <paramref name="soft"/> in place; rows of <paramref name="groups"/> values, 0 marks a silent frame.</summary>
    public static void Apply(Span<float> soft, ReadOnlySpan<float> energy, int groups)
    {
        var rows = soft.Length / groups;
        for (var g = 0; g < groups; g++)
        {
            var floor = Floor(soft, energy, groups, g, rows);
            if (floor <= 0) continue;
            double fit = 0, total = 0;
            for (var r = 0; r < rows; r++)
            {
                var i = r * groups + g;
                if (soft[i] == 0) continue;
                var snr = energy[i] / floor;
                var w = snr / (snr + HalfWeightSnr);
                fit += w * soft[i] * soft[i];
                total += w;
                var weighted = (float)(soft[i] * w);
                soft[i] = weighted == 0 ? float.Epsilon : weighted;
            }
            var groupWeight = (float)Math.Sqrt(Math.Max(0.01, 2 * fit / total - 1));
            for (var r = 0; r < rows; r++)
            {
                var i = r * groups + g;
                if (soft[i] != 0) soft[i] = soft[i] * groupWeight is var v && v != 0 ? v : float.Epsilon;
            }
        }
    }

    private static double Floor(ReadOnlySpan<float> soft, ReadOnlySpan<float> energy, int groups, int g, int rows)
    {
        // Every 8th position is plenty for a percentile (positions are 1 ms apart, frames 128 ms long).
        var sample = new List<float>(rows / 8 + 1);
        for (var r = 0; r < rows; r += 8)
            if (soft[r * groups + g] != 0) sample.Add(energy[r * groups + g]);
        if (sample.Count == 0) return 0;
        sample.Sort();
        return sample[sample.Count / 10];
    }
}
