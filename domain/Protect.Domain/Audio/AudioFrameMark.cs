using System.Numerics;

namespace Protect.Domain.Audio;

/// <summary>
/// The per-frame signal path, pure functions on one 2048-sample 16 kHz frame of 2 sub-frames: tile powers (sub-frame
/// x band), and the additive change that scales chosen tiles by chosen gains. The change multiplies the frame's own
/// spectrum, so it follows the host's spectral envelope (masking) and silence stays exactly silent.
/// </summary>
internal static class AudioFrameMark
{
    /// <summary>Frames quieter than this (RMS, about -66 dBFS) carry no mark and no evidence.</summary>
    public const double SilenceRms = 5e-4;

    /// <summary>Ramp at each end of a sub-frame's change (2 ms), so consecutive sub-frames join without a click.</summary>
    private const int Ramp = 32;

    /// <summary>Tile powers of the frame (index sub-frame x 14 + band); false for a silent frame, which carries nothing.</summary>
    public static bool Analyse(ReadOnlySpan<float> frame, Span<Complex> spectrum, Span<double> unitPower)
    {
        double energy = 0;
        for (var i = 0; i < AudioMarkLayout.FrameLength; i++) energy += frame[i] * (double)frame[i];
        if (Math.Sqrt(energy / AudioMarkLayout.FrameLength) < SilenceRms) return false;
        for (var s = 0; s < AudioMarkLayout.SubFrames; s++)
        {
            var sub = spectrum.Slice(s * AudioMarkLayout.SubLength, AudioMarkLayout.SubLength);
            SubFramePowers(frame.Slice(s * AudioMarkLayout.SubLength, AudioMarkLayout.SubLength), sub, unitPower.Slice(s * AudioMarkLayout.Bands, AudioMarkLayout.Bands));
        }
        return true;
    }

    /// <summary>FFT of one 1024-sample sub-frame into <paramref name="spectrum"/> and its 14 band powers; returns its energy.</summary>
    public static double SubFramePowers(ReadOnlySpan<float> samples, Span<Complex> spectrum, Span<double> bandPower)
    {
        double energy = 0;
        for (var i = 0; i < AudioMarkLayout.SubLength; i++)
        {
            spectrum[i] = new Complex(samples[i], 0);
            energy += samples[i] * (double)samples[i];
        }
        Fft.Forward(spectrum);
        for (var b = 0; b < AudioMarkLayout.Bands; b++)
        {
            double power = 0;
            for (var j = 0; j < AudioMarkLayout.BandBins; j++)
                power += Norm(spectrum[AudioMarkLayout.FirstBin + b * AudioMarkLayout.BandBins + j]);
            bandPower[b] = power;
        }
        return energy;
    }

    /// <summary>
    /// Adds to <paramref name="change"/> the time signal that scales every bin of tile u by exp(logGain[u]), sub-frame
    /// by sub-frame, each tapered at both ends.
    /// </summary>
    public static void AddGain(ReadOnlySpan<Complex> spectrum, ReadOnlySpan<double> logGain, Span<Complex> scratch, Span<float> change)
    {
        const int n = AudioMarkLayout.SubLength;
        for (var s = 0; s < AudioMarkLayout.SubFrames; s++)
        {
            var sub = spectrum.Slice(s * n, n);
            var work = scratch[..n];
            work.Clear();
            for (var b = 0; b < AudioMarkLayout.Bands; b++)
            {
                var factor = Math.Exp(logGain[s * AudioMarkLayout.Bands + b]) - 1;
                for (var j = 0; j < AudioMarkLayout.BandBins; j++)
                {
                    var k = AudioMarkLayout.FirstBin + b * AudioMarkLayout.BandBins + j;
                    var d = sub[k] * factor;
                    work[k] = d;
                    work[n - k] = Complex.Conjugate(d);
                }
            }
            Fft.Inverse(work);
            var target = change.Slice(s * n, n);
            for (var i = 0; i < n; i++)
            {
                var edge = Math.Min(i, n - 1 - i);
                var taper = edge >= Ramp ? 1.0 : 0.5 - 0.5 * Math.Cos(Math.PI * (edge + 0.5) / Ramp);
                target[i] += (float)(work[i].Real * taper);
            }
        }
    }

    private static double Norm(Complex c) => c.Real * c.Real + c.Imaginary * c.Imaginary;
}
