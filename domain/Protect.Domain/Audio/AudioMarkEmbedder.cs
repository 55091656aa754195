using System.Numerics;
using Protect.Domain.Keys;
using Protect.Domain.Marking;

namespace Protect.Domain.Audio;

/// <summary>
/// Computes the mark, frame after frame, on the 16 kHz mono analysis signal; the caller upsamples the change and
/// adds it to every channel at the native rate. Informed embedding: each group's projection is moved half way to the
/// lattice of its bit (distortion-compensated), so the host's own spectrum does not mask the bit at detection.
/// Frames overlap nothing, so re-analysing the changed frame shows the exact residual; three passes absorb the taper
/// and the pooling.
/// </summary>
public sealed class AudioMarkEmbedder
{
    /// <summary>
    /// Lattice step of the projection (half a natural-log power ratio). The embedder moves a projection
    /// <see cref="Compensation"/> of the way to its lattice point, at most 0.5 x 0.36 / 2 = 0.09, which scales
    /// each bin by at most e^(±0.046), ±4.7% (±0.4 dB), about 2.6% RMS.
    /// </summary>
    public const double DefaultStep = 0.36;

    /// <summary>
    /// Distortion compensation (DC-QIM): measured on speech, AAC 64k and Opus 32k move a projection by 0.06-0.08 RMS,
    /// a third of a plain lattice of the same distortion (step 0.18); a lattice twice as wide, reached half of the way,
    /// keeps about twice the agreement under those attacks (0.65 of the way measured worse on AAC 64k and noise) and
    /// loses a little, its self-noise, on clean audio.
    /// </summary>
    public const double Compensation = 0.5;
    private const int Passes = 3;

    /// <summary>
    /// Per-frame ceiling on the mark's power relative to the frame (33 dB below; the upsampled, clamped file lands about 2 dB lower), so the file-level SNR stays above
    /// 30 dB even for content whose energy all lies in the marked band (narrow-band speech).
    /// </summary>
    private static readonly double MaxChangePower = Math.Pow(10, -33 / 10.0);

    private readonly AudioMarkLayout _layout;
    private readonly byte[] _coded;
    private readonly Complex[] _spectrum = new Complex[AudioMarkLayout.FrameLength];
    private readonly Complex[] _scratch = new Complex[AudioMarkLayout.FrameLength];
    private readonly float[] _working = new float[AudioMarkLayout.FrameLength];
    private readonly double[] _power = new double[AudioMarkLayout.Units];
    private readonly double[] _gain = new double[AudioMarkLayout.Units];
    private readonly double[] _projection = new double[AudioMarkLayout.GroupsPerFrame];
    private readonly double[] _goal = new double[AudioMarkLayout.GroupsPerFrame];
    private long _frame;

    public AudioMarkEmbedder(WatermarkKey key, ulong payload, double step = DefaultStep)
    {
        _layout = new AudioMarkLayout(key, step);
        _coded = SoftCodeword.Encode(payload, key);
    }

    /// <summary>Writes into <paramref name="change"/> (1024 samples) what to add to the next frame of the 16 kHz signal.</summary>
    public void NextFrame(ReadOnlySpan<float> frame, Span<float> change)
    {
        change.Clear();
        var inBlock = (int)(_frame++ % AudioMarkLayout.BlockFrames);
        for (var pass = 0; pass < Passes; pass++)
        {
            for (var i = 0; i < _working.Length; i++) _working[i] = frame[i] + change[i];
            if (!AudioFrameMark.Analyse(_working, _spectrum, _power)) return;
            _layout.Project(_power, _projection);
            for (var g = 0; g < AudioMarkLayout.GroupsPerFrame; g++)
            {
                if (pass == 0)
                {
                    // The goal is set once from the host: later passes only correct what the taper and the pooling missed.
                    var content = _layout.SlotContent[AudioMarkLayout.Slot(inBlock, g)];
                    var bit = content >= 0 ? _coded[content] : -1 - content;
                    _goal[g] = _projection[g] + DitherModulation.CompensatedShift(_projection[g], bit, _layout.Step, _layout.Dither[g], Compensation);
                }
                _projection[g] = _goal[g] - _projection[g];
            }
            // Scaling the up units by e^(d/2) and the down units by e^(-d/2) moves the group's projection by d.
            for (var u = 0; u < AudioMarkLayout.Units; u++)
                _gain[u] = 0.5 * _layout.SignOfUnit[u] * _projection[_layout.GroupOfUnit[u]];
            AudioFrameMark.AddGain(_spectrum, _gain, _scratch, change);
        }
        LimitPower(frame, change);
    }

    /// <summary>Scales the change down (a partial move towards the lattice: weaker, never wrong-signed) when it is too loud.</summary>
    private static void LimitPower(ReadOnlySpan<float> frame, Span<float> change)
    {
        double signal = 0, mark = 0;
        for (var i = 0; i < change.Length; i++)
        {
            signal += frame[i] * (double)frame[i];
            mark += change[i] * (double)change[i];
        }
        if (mark <= signal * MaxChangePower) return;
        var scale = (float)Math.Sqrt(signal * MaxChangePower / mark);
        for (var i = 0; i < change.Length; i++) change[i] *= scale;
    }
}
