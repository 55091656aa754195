using System.Numerics;

namespace Protect.Domain.Audio;

/// <summary>
/// The per-frame signal path, pure functions on one 1024-sample 16 kHz frame: log magnitudes in the band, and
/// the additive change that moves chosen log magnitudes by chosen amounts. The change multiplies the frame's own
/// spectrum, so it scales with the content (perceptual) and silence stays exactly silent.
/// </summary>
internal static class AudioFrameMark
{
    /// <summary>Frames quieter than this (RMS, about -66 dBFS) carry no mark and no evidence.</summary>
    public const double SilenceRms = 5e-4;

    /// <summary>
    /// Log magnitudes of the band's units (4 pooled bins), with a floor 40 dB under the band's mean power so near-empty bins (which
    /// codecs zero out) do not swing to minus infinity. The floor is relative, so volume changes cancel.
    /// </summary>
    public static bool Analyse(ReadOnlySpan<float> frame, Span<Complex> spectrum, Span<double> logMagnitude)
    {
        double energy = 0;
        for (var i = 0; i < AudioMarkLayout.FrameLength; i++)
        {
            spectrum[i] = new Complex(frame[i], 0);
            energy += frame[i] * (double)frame[i];
        }
        if (Math.Sqrt(energy / AudioMarkLayout.FrameLength) < SilenceRms) return false;
        Fft.Forward(spectrum);
        double band = 0;
        for (var b = 0; b < AudioMarkLayout.BandBins; b++) band += spectrum[AudioMarkLayout.FirstBin + b].Magnitude * spectrum[AudioMarkLayout.FirstBin + b].Magnitude;
        var floor = 1e-4 * band / AudioMarkLayout.Units + 1e-20;
        for (var u = 0; u < AudioMarkLayout.Units; u++)
        {
            double power = 0;
            for (var j = 0; j < AudioMarkLayout.UnitBins; j++)
                power += Norm(spectrum[AudioMarkLayout.FirstBin + u * AudioMarkLayout.UnitBins + j]);
            logMagnitude[u] = 0.5 * Math.Log(power + floor);
        }
        return true;
    }

    /// <summary>
    /// Adds to <paramref name="change"/> the time signal that scales every bin of band unit u by exp(logGain[u]). The change is
    /// tapered over 2 ms at both ends so consecutive frames join without a click.
    /// </summary>
    public static void AddGain(ReadOnlySpan<Complex> spectrum, ReadOnlySpan<double> logGain, Span<Complex> scratch, Span<float> change)
    {
        scratch.Clear();
        for (var b = 0; b < AudioMarkLayout.BandBins; b++)
        {
            var k = AudioMarkLayout.FirstBin + b;
            var d = spectrum[k] * (Math.Exp(logGain[b / AudioMarkLayout.UnitBins]) - 1);
            scratch[k] = d;
            scratch[AudioMarkLayout.FrameLength - k] = Complex.Conjugate(d);
        }
        Fft.Inverse(scratch);
        const int ramp = 32;
        for (var i = 0; i < AudioMarkLayout.FrameLength; i++)
        {
            var edge = Math.Min(i, AudioMarkLayout.FrameLength - 1 - i);
            var taper = edge >= ramp ? 1.0 : 0.5 - 0.5 * Math.Cos(Math.PI * (edge + 0.5) / ramp);
            change[i] += (float)(scratch[i].Real * taper);
        }
    }

    private static double Norm(Complex c) => c.Real * c.Real + c.Imaginary * c.Imaginary;
}
