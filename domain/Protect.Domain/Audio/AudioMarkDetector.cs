using System.Numerics;
using Protect.Domain.Keys;
using Protect.Domain.Marking;

namespace Protect.Domain.Audio;

/// <summary>
/// Finds and reads the audio mark in a 16 kHz mono stream of unknown alignment (an excerpt starts anywhere).
/// Every 16 samples a frame is analysed; the frame's start modulo 1024 is the alignment hypothesis, and for each
/// of the 52 possible block phases its soft values are added into that hypothesis's slot accumulator. The
/// hypothesis whose keyed sync bits agree best is decoded. Memory is fixed (64 x 52 x 364 sums), time is linear.
/// </summary>
public sealed class AudioMarkDetector
{
    public const int OffsetStep = 16;
    private const int Offsets = AudioMarkLayout.FrameLength / OffsetStep;
    private readonly WatermarkKey _key;
    private readonly AudioMarkLayout _layout;
    private readonly double[] _sums = new double[Offsets * AudioMarkLayout.BlockFrames * AudioMarkLayout.Slots];
    private readonly Complex[] _spectrum = new Complex[AudioMarkLayout.FrameLength];
    private readonly double[] _log = new double[AudioMarkLayout.Units];
    private readonly double[] _projection = new double[AudioMarkLayout.GroupsPerFrame];
    private float[] _pending = new float[1 << 15];
    private int _pendingCount;
    private long _position; // absolute index of _pending[0]

    public AudioMarkDetector(WatermarkKey key, double step = AudioMarkEmbedder.DefaultStep)
    {
        _key = key;
        _layout = new AudioMarkLayout(key, step);
    }

    /// <summary>Frames (of 1024 samples, at the best alignment's density) that carried evidence.</summary>
    public long AnalysedFrames { get; private set; }

    /// <summary>Adds more 16 kHz mono samples.</summary>
    public void Push(ReadOnlySpan<float> samples)
    {
        if (_pendingCount + samples.Length > _pending.Length)
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingCount + samples.Length));
        samples.CopyTo(_pending.AsSpan(_pendingCount));
        _pendingCount += samples.Length;
        var start = 0;
        while (start + AudioMarkLayout.FrameLength <= _pendingCount)
        {
            Analyse(_pending.AsSpan(start, AudioMarkLayout.FrameLength), _position + start);
            start += OffsetStep;
        }
        _pending.AsSpan(start, _pendingCount - start).CopyTo(_pending);
        _pendingCount -= start;
        _position += start;
    }

    private void Analyse(ReadOnlySpan<float> frame, long at)
    {
        if (!AudioFrameMark.Analyse(frame, _spectrum, _log)) return;
        if (at % AudioMarkLayout.FrameLength == 0) AnalysedFrames++;
        _layout.Project(_log, _projection);
        var offset = (int)(at % AudioMarkLayout.FrameLength / OffsetStep);
        var frameIndex = at / AudioMarkLayout.FrameLength;
        for (var phase = 0; phase < AudioMarkLayout.BlockFrames; phase++)
        {
            var inBlock = (int)((frameIndex + phase) % AudioMarkLayout.BlockFrames);
            var sums = _sums.AsSpan((offset * AudioMarkLayout.BlockFrames + phase) * AudioMarkLayout.Slots, AudioMarkLayout.Slots);
            for (var g = 0; g < AudioMarkLayout.GroupsPerFrame; g++)
            {
                var slot = AudioMarkLayout.Slot(inBlock, g);
                sums[slot] += DitherModulation.Soft(_projection[g], _layout.Step, _layout.Dither[slot]);
            }
        }
    }

    /// <summary>The best-synchronised hypothesis: its decode, and its sync agreement in [-1, 1] (presence evidence).</summary>
    public AudioMarkReading Read()
    {
        var best = -1;
        var bestScore = double.NegativeInfinity;
        for (var h = 0; h < Offsets * AudioMarkLayout.BlockFrames; h++)
        {
            var sums = _sums.AsSpan(h * AudioMarkLayout.Slots, AudioMarkLayout.Slots);
            double score = 0;
            for (var s = 0; s < sums.Length; s++)
            {
                var content = _layout.SlotContent[s];
                if (content < 0) score += content == -2 ? sums[s] : -sums[s];
            }
            if (score > bestScore) (best, bestScore) = (h, score);
        }
        var bestSums = _sums.AsSpan(best * AudioMarkLayout.Slots, AudioMarkLayout.Slots);
        var soft = new float[SoftCodeword.CodedBits];
        double syncMagnitude = 0;
        for (var s = 0; s < bestSums.Length; s++)
        {
            var content = _layout.SlotContent[s];
            if (content >= 0) soft[content] += (float)bestSums[s];
            else syncMagnitude += Math.Abs(bestSums[s]);
        }
        var sync = syncMagnitude > 0 ? bestScore / syncMagnitude : 0;
        var reading = AnalysedFrames == 0 ? MarkReading.NotDetected : SoftCodeword.Decode(soft, _key);
        return new AudioMarkReading(reading, sync, AnalysedFrames * AudioMarkLayout.FrameLength / (double)AudioMarkLayout.SampleRate);
    }
}

/// <param name="Mark">The decoded ID (or not detected).</param>
/// <param name="SyncAgreement">Agreement of the keyed sync bits at the best alignment: near 1 when marked, small for unmarked audio.</param>
/// <param name="AudibleSeconds">Seconds of non-silent audio that gave evidence.</param>
public sealed record AudioMarkReading(MarkReading Mark, double SyncAgreement, double AudibleSeconds);
