namespace Protect.Domain.Marking;

/// <summary>
/// Binary dither modulation (QIM) of one projected value, the core of spread-transform dither modulation (STDM).
/// Unlike additive spread spectrum, the embedder moves the projection onto the lattice of its bit, so the host
/// signal does not interfere with detection at all; only the attack's noise does. Bit 0 sits on d + kΔ, bit 1 on
/// d + kΔ + Δ/2. Pure functions on doubles, shared by the audio and the video mark.
/// </summary>
public static class DitherModulation
{
    /// <summary>The change to add to <paramref name="projection"/> so it lands on the nearest point of <paramref name="bit"/>'s lattice.</summary>
    public static double Shift(double projection, int bit, double step, double dither)
    {
        var offset = dither + (bit & 1) * step / 2;
        var target = Math.Round((projection - offset) / step) * step + offset;
        return target - projection;
    }

    /// <summary>
    /// Distortion-compensated move: only <paramref name="compensation"/> of the way to the nearest point of a lattice
    /// whose step is <paramref name="step"/>. With step = Δ/α and compensation α the distortion equals plain QIM's with
    /// step Δ, but the wider lattice tolerates far more attack noise (the known DC-QIM gain at low watermark-to-noise
    /// ratios), at the price of a bounded self-noise of ±(1-α)step/2.
    /// </summary>
    public static double CompensatedShift(double projection, int bit, double step, double dither, double compensation) =>
        compensation * Shift(projection, bit, step, dither);

    /// <summary>
    /// Soft value in [-1, 1]: +1 exactly on bit 1's lattice, -1 on bit 0's, 0 half way. Smooth (a cosine of the
    /// lattice phase), so it adds up across repetitions as evidence and degrades gracefully with noise.
    /// </summary>
    public static float Soft(double projection, double step, double dither)
    {
        var phase = (projection - dither) / step;
        return (float)-Math.Cos(2 * Math.PI * (phase - Math.Floor(phase)));
    }
}
