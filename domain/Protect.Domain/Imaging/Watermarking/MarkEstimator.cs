namespace Protect.Domain.Imaging.Watermarking;

/// <summary>
/// The detector's linear view of the channel, shared by the detector (to read) and by the embedder (to predict
/// what will be read): high-pass the luminance grid, weight each cell, correlate with the chips.
/// </summary>
internal static class MarkEstimator
{
    /// <summary>Noise power (grey levels²) that is always present, mostly rounding and compression.</summary>
    private const float NoiseFloor = 1f;

    /// <summary>
    /// Matched-filter weight per cell: the amplitude the embedder gave it (the texture mask, re-estimated from
    /// the image) over the local host power left after the high-pass (busy areas are noisy).
    /// </summary>
    public static float[] Weights(ReadOnlySpan<float> luma, int gridSize)
    {
        var activity = GridFilters.LocalRms(GridFilters.HighPass(luma, gridSize), gridSize, 2);
        var weights = GridFilters.PerceptualMask(luma, gridSize);
        for (var i = 0; i < weights.Length; i++)
            weights[i] /= (activity[i] * activity[i]) + NoiseFloor;
        return weights;
    }

    /// <summary>Soft value of every coded bit: weighted high-passed cells correlated with the chips.</summary>
    public static float[] Read(ReadOnlySpan<float> grid, int gridSize, ReadOnlySpan<float> weights, KeyedLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var cells = GridFilters.HighPass(grid, gridSize);
        for (var i = 0; i < cells.Length; i++)
            cells[i] *= weights[i];
        return layout.Demodulate(cells);
    }

    /// <summary>
    /// Confidence: soft values' weighted agreement with the re-encoded codeword, sum(s·c) / sum(|s|) with c = ±1,
    /// clamped to [0, 1]; errors: hard decisions that disagree.
    /// </summary>
    public static (double Confidence, int BitErrors) Agreement(ReadOnlySpan<float> soft, ReadOnlySpan<byte> coded)
    {
        if (soft.Length != coded.Length)
            throw new ArgumentException("Soft values and codeword differ in length.", nameof(coded));
        double agree = 0, total = 0;
        var errors = 0;
        for (var i = 0; i < soft.Length; i++)
        {
            var signed = coded[i] == 1 ? soft[i] : -soft[i];
            agree += signed;
            total += Math.Abs(signed);
            if (signed <= 0)
                errors++;
        }
        return (total > 0 ? Math.Clamp(agree / total, 0, 1) : 0, errors);
    }
}
